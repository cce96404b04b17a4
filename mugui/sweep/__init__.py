"""Sweeps: a study (methods × targets × seeds) expanded into deduplicated tasks and run on Ray.

``study`` reads and checks the description, ``plan`` expands it into tasks keyed by content hash,
``tasks`` holds the work each task does (plain engine calls, no Ray), ``ray_runner`` schedules
them on a local or remote Ray, ``store`` keeps finished work for resuming, and ``results``,
``summary`` and ``plots`` turn the rows into files. Ray, pyarrow and matplotlib are the optional
``mugui[cluster]`` extra and are imported only when used.
"""
