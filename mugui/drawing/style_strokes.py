"""Style strokes: synthetic drawings of every catalogued style, to mix into training.

MNIST barely holds some ways of writing (a crossed 7, a flagged 1 with a foot, a hooked 9, a
4 in one stroke), so a model trained on it alone misreads them. These drawings teach them:
the shapes of ``training_templates`` written by random hands (``hand``) and preprocessed as the
window's canvas is. They are independent of the stress set by construction: other shapes,
other hand ranges and their own seed space ``TRAINING_DOMAIN``.

Drawing ``i`` of a seed is always the same: style ``i mod 30`` of the catalogue, from the seed
sequence ``(TRAINING_DOMAIN, seed, i)``. The first ``SHIPPED`` drawings of seed 0 ship with
mugui (``resources/style_strokes.npz``, rebuilt by ``resources/rebuild_style_strokes.py``),
so training with them costs no drawing time; the rest are drawn when asked for (about 3 ms
each) and kept for the process (``sequence``: once a seed, whatever the counts asked for).
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable
from functools import lru_cache
from importlib.resources import files

import numpy as np

from mugui.drawing.hand import HandRanges, draw, random_hand
from mugui.drawing.preprocess import to_model_input_u8
from mugui.drawing.style_catalogue import STYLES
from mugui.drawing.training_templates import TRAINING_TEMPLATES
from mugui.errors import DataError

TRAINING_DOMAIN = 0x7A1A  # the training strokes' seed space (the stress set uses another)
SHIPPED_FILE = "style_strokes.npz"
SHIPPED_SEED = 0
TRAINING_HAND = HandRanges(
    heights=((0.2, 0.45), (0.45, 0.7), (0.7, 0.9)),
    aspect=(0.75, 1.2),
    slant=(-0.25, 0.45),
    rotation=(-10.0, 10.0),
    wobble=(0.0, 0.03),
    tremor=(0.0, 1.5),
    overshoot=(0.0, 0.08),
    lift=0.2,
    pen_width=(5.0, 28.0),
    mouse_width=(6.0, 36.0),
    mouse_gap=(3.0, 24.0),
)


def style_strokes(
    count: int, seed: int = 0, digits: Iterable[int] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """``count`` drawings as (images (count, 784) uint8, labels (count,) uint8).

    The first ``count`` drawings of the seed's sequence whose digit is in ``digits`` (all by
    default): the styles take turns, so each style of those digits is equally represented.
    """
    if count < 0:
        raise ValueError(f"the number of style strokes must be 0 or more, got {count}")
    wanted = sorted(set(range(10) if digits is None else (int(d) for d in digits)))
    per_round = sum(s.digit in wanted for s in STYLES)
    if count == 0 or per_round == 0:
        return np.zeros((0, 784), np.uint8), np.zeros(0, np.uint8)
    rounds = -(-count // per_round)
    images, labels = sequence(rounds * len(STYLES), int(seed))
    keep = np.flatnonzero(np.isin(labels, wanted))[:count]
    return images[keep], labels[keep]


def sequence(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The first ``n`` drawings of ``seed``'s sequence (read-only arrays, shared).

    Each seed's longest sequence asked for is kept (of the last ``SEEDS_KEPT`` seeds), and a
    shorter one is its prefix: a run's 6,000 strokes and its typicality check's 7,020 (with the
    held-out ones) share one array, and neither a run with fewer strokes in between nor the next
    run draws the held-out ones again. A longer one draws only the drawings past it."""
    kept = _KEPT.get(seed)
    if kept is None or kept[1].shape[0] < n:
        kept = _extended(kept, n, seed)  # drawn outside the lock: a run and a fit may both ask
        with _KEPT_LOCK:
            if seed not in _KEPT or _KEPT[seed][1].shape[0] < n:
                _KEPT.pop(seed, None)  # the newest seed last: the oldest goes first
                _KEPT[seed] = kept
            while len(_KEPT) > SEEDS_KEPT:
                del _KEPT[next(iter(_KEPT))]
    images, labels = kept
    return images[:n], labels[:n]


SEEDS_KEPT = 2
_KEPT_LOCK = threading.Lock()
_KEPT: dict[int, tuple[np.ndarray, np.ndarray]] = {}  # seed -> its longest sequence so far


def _extended(
    kept: tuple[np.ndarray, np.ndarray] | None, n: int, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """The first ``n`` drawings of ``seed``, the ``kept`` ones (if any) and shipped ones copied."""
    images = np.zeros((n, 784), np.uint8)
    labels = np.zeros(n, np.uint8)
    start = 0
    if seed == SHIPPED_SEED:
        shipped_x, shipped_y = shipped()
        start = min(n, shipped_y.shape[0])
        images[:start], labels[:start] = shipped_x[:start], shipped_y[:start]
    if kept is not None and kept[1].shape[0] > start:  # drawn past the shipped ones already
        start = kept[1].shape[0]
        images[:start], labels[:start] = kept
    for i in range(start, n):
        images[i], labels[i] = draw_one(i, seed)
    images.flags.writeable = False
    labels.flags.writeable = False
    return images, labels


def draw_one(i: int, seed: int) -> tuple[np.ndarray, int]:
    """Drawing ``i`` of ``seed``'s sequence: its model input (784 uint8) and digit."""
    style = STYLES[i % len(STYLES)]
    rng = np.random.default_rng([TRAINING_DOMAIN, seed, i])
    skeleton = TRAINING_TEMPLATES[style.name](rng)
    canvas = draw(skeleton, random_hand(rng, TRAINING_HAND), rng)
    return to_model_input_u8(canvas).reshape(-1), style.digit


def generate(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The first ``n`` drawings of ``seed``'s sequence, all drawn now (what the shipped file holds)."""
    images = np.zeros((n, 784), np.uint8)
    labels = np.zeros(n, np.uint8)
    for i in range(n):
        images[i], labels[i] = draw_one(i, seed)
    return images, labels


def digest(images: np.ndarray, labels: np.ndarray) -> str:
    """SHA-256 of the arrays' shapes and bytes."""
    h = hashlib.sha256(f"{images.shape};{labels.shape};".encode())
    h.update(np.ascontiguousarray(images).tobytes())
    h.update(np.ascontiguousarray(labels).tobytes())
    return h.hexdigest()


@lru_cache(maxsize=1)
def shipped() -> tuple[np.ndarray, np.ndarray]:
    """The shipped drawings of seed 0 (none when the file is missing: they are drawn instead)."""
    resource = files("mugui_resources") / SHIPPED_FILE
    try:
        with resource.open("rb") as stream, np.load(stream, allow_pickle=False) as npz:
            images, labels = npz["images"], npz["labels"]
    except FileNotFoundError:
        return np.zeros((0, 784), np.uint8), np.zeros(0, np.uint8)
    except (OSError, ValueError, KeyError) as error:
        raise DataError(f"the shipped style strokes {SHIPPED_FILE} are damaged: {error}") from None
    n = labels.shape[0] if labels.ndim == 1 else -1
    if images.dtype != np.uint8 or labels.dtype != np.uint8 or images.shape != (n, 784):
        raise DataError(f"the shipped style strokes {SHIPPED_FILE} are not mugui's")
    expected = np.arange(n) % len(STYLES)
    digits = np.array([s.digit for s in STYLES], np.uint8)
    if not np.array_equal(labels, digits[expected]):
        raise DataError(f"the shipped style strokes {SHIPPED_FILE} do not follow the catalogue")
    return images, labels
