"""A data set's identity: a hash of its training images and labels, not just their count.

A model trained on other data of the same size must not be unlearned or verified against this
data; model files record the fingerprint of the data they were trained on.
"""

from __future__ import annotations

import hashlib
import weakref

from mugui.data.dataset import Dataset

_known: weakref.WeakKeyDictionary[Dataset, str] = weakref.WeakKeyDictionary()


def train_fingerprint(dataset: Dataset) -> str:
    """16 hex digits of SHA-256 over the training images and labels (computed once per Dataset)."""
    known = _known.get(dataset)
    if known is None:
        digest = hashlib.sha256()
        digest.update(dataset.train_x.tobytes())
        digest.update(dataset.train_y.tobytes())
        known = _known[dataset] = digest.hexdigest()[:16]
    return known
