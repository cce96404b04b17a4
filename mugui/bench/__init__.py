"""Benchmarks of the engine, shared by `mugui bench` and benchmarks/."""
