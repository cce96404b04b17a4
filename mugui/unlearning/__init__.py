"""Unlearning: forget sets, the method catalogue, and running a method."""
