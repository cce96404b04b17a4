"""The lab's work kept when the window closes: nothing the user made is lost to a close.

*My data* (the drawings added with *Add to my data*), the snapshots and the last verification
report live in the window only until *Save experiment*; the settings keep none of them. A window
closed with any of them changed since the last save or open writes them, with the current
network, as an experiment beside its settings (``unsaved-work.npz``, the same file format as
*Save experiment*), and the next start offers *File → Open unsaved work from the last session*.
Closing never asks (a question at the end of a talk is one more thing to get wrong).
"""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings

from mugui.errors import MuguiError
from mugui.experiment import save_experiment
from mugui.gui.lab_files import lab_experiment

if TYPE_CHECKING:
    from mugui.gui.unlearning_lab import UnlearningLab

UNSAVED_NAME = "unsaved-work.npz"
OPEN_TEXT = "Open unsaved work from the last session"

log = logging.getLogger(__name__)


def unsaved_work_path(settings: QSettings) -> Path:
    """Where a window with these settings keeps its unsaved work: beside the settings file."""
    return Path(settings.fileName()).with_name(UNSAVED_NAME)


def work_key(lab: UnlearningLab) -> tuple:
    """What the lab holds that only an experiment file keeps: my data's drawings and labels,
    each snapshot (and its name) and the report; equal keys mean nothing changed."""
    digest = hashlib.sha1(lab.my_data.images.tobytes())
    digest.update(lab.my_data.labels.tobytes())
    snapshots = tuple((id(s), s.name) for s in lab.timeline.snapshots)
    return digest.hexdigest(), snapshots, id(lab.report) if lab.report else None


def has_work(lab: UnlearningLab) -> bool:
    return bool(len(lab.my_data.labels) or lab.timeline.snapshots or lab.report)


def keep_unsaved_work(lab: UnlearningLab, settings: QSettings) -> Path | None:
    """Write the lab's unsaved work to :func:`unsaved_work_path` if there is any; the path
    written, or None (nothing unsaved, or it could not be written: logged, never raised, since
    this runs while the window closes)."""
    if not has_work(lab) or work_key(lab) == lab.saved_work:
        return None
    path = unsaved_work_path(settings)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        written = save_experiment(path, lab_experiment(lab))
    except (MuguiError, OSError) as error:
        log.warning("the unsaved work could not be kept: %s", error)
        return None
    lab.saved_work = work_key(lab)
    return written


def open_text(settings: QSettings) -> str | None:
    """The menu text of the kept work (with when it was kept), None if there is none."""
    path = unsaved_work_path(settings)
    try:
        kept = datetime.fromtimestamp(path.stat().st_mtime)
    except OSError:
        return None
    return f"{OPEN_TEXT} ({kept:%d %b %H:%M})…"
