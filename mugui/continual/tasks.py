"""Task schedules: which classes each task of a progressive-learning run holds."""

from __future__ import annotations

from mugui.errors import ConfigError

N_CLASSES = 10
NAMED = {
    "halves": "0-4|5-9",
    "pairs": "0,1|2,3|4,5|6,7|8,9",
    "digits": "0|1|2|3|4|5|6|7|8|9",
}


def parse_tasks(text: str) -> tuple[tuple[int, ...], ...]:
    """'0-4|5-9', '0,1|2,3|…' or a name (halves, pairs, digits) → one tuple of classes per task.

    Every class may appear in one task at most; at least two tasks are needed.
    """
    spec = NAMED.get(text.strip(), text)
    tasks = []
    for part in spec.split("|"):
        classes: list[int] = []
        for item in part.split(","):
            item = item.strip()
            if not item:
                continue
            low, sep, high = item.partition("-")
            try:
                first, last = int(low), int(high) if sep else int(low)
            except ValueError:
                raise ConfigError("tasks", f"{item!r} is not a class or a range like 0-4") from None
            if not 0 <= first <= last < N_CLASSES:
                raise ConfigError("tasks", f"{item!r} is not within the classes 0..9")
            classes.extend(range(first, last + 1))
        if not classes:
            raise ConfigError("tasks", f"an empty task in {text!r}")
        tasks.append(tuple(sorted(set(classes))))
    seen = [c for task in tasks for c in task]
    if len(seen) != len(set(seen)):
        raise ConfigError("tasks", f"a class is in two tasks in {text!r}")
    if len(tasks) < 2:
        raise ConfigError("tasks", f"a schedule needs at least two tasks, got {text!r}")
    return tuple(tasks)


def describe_tasks(tasks: tuple[tuple[int, ...], ...]) -> str:
    """'0-4 | 5-9' style text for titles and the command line."""
    parts = []
    for task in tasks:
        contiguous = list(task) == list(range(task[0], task[-1] + 1))
        parts.append(
            f"{task[0]}-{task[-1]}" if contiguous and len(task) > 2 else ",".join(map(str, task))
        )
    return " | ".join(parts)
