"""Learning task by task (progressive learning) and forgetting a whole task.

A schedule of tasks (groups of classes) is trained one task after another with the same
engine; synaptic intelligence (Zenke, Poole & Ganguli 2017) measures how much each weight
matters to each task, which both protects earlier tasks and tells which weights to remove
when a task must be forgotten. The dynamic variant gives every task its own hidden units.
"""
