"""Model files: ``.npz`` of plain arrays plus a JSON metadata string, never pickles."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import numpy as np

from mugui import typicality_file
from mugui.architecture import CnnSpec, spec_from_dict
from mugui.atomic_write import write_atomically
from mugui.errors import ConfigError, ModelFileError
from mugui.model import Model, unsupported_sizes
from mugui.npz_reader import NpzReader
from mugui_kernels import layout_sizes

FORMAT = "mugui-model/1"
EXPERIMENT_FORMAT = "mugui-experiment/1"  # mugui.experiment.FORMAT (it imports this module)
MAX_SIZES_BYTES = 128  # a few layer sizes; the engine's limits are checked once they are read
MAX_EXTRA_BYTES = 64_000_000  # per extra array (task importances and owners are a few MB)


def save_model(
    model: Model,
    path: str | os.PathLike,
    metadata: dict | None = None,
    extra_arrays: dict | None = None,
) -> Path:
    """Write ``model`` (and optional named arrays, e.g. recorded updates) atomically to ``path``."""
    meta = {**model.meta, **(metadata or {})}
    meta.update({"format": FORMAT, "sizes": list(model.sizes)})
    meta["architecture"] = architecture_entry(model)
    meta, typicality_arrays = typicality_file.split(meta)
    arrays = {"params": model.params, "sizes": np.asarray(model.sizes, dtype=np.int64)}
    arrays.update(typicality_arrays)
    for name, array in (extra_arrays or {}).items():
        arrays[f"extra_{name}"] = np.asarray(array)
    arrays["metadata"] = np.array(json.dumps(meta, default=_json_default, sort_keys=True))
    return write_atomically(path, lambda handle: write_npz(handle, arrays))


def write_npz(handle, arrays: dict[str, np.ndarray]) -> None:
    """Like ``np.savez_compressed`` but with fixed zip timestamps: the same model gives the same bytes."""
    with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, array in arrays.items():
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(info, "w", force_zip64=True) as member:
                np.lib.format.write_array(member, np.asanyarray(array), allow_pickle=False)


def load_model(path: str | os.PathLike, with_extras: bool = False):
    """Read a model file; a foreign, damaged or non-finite file raises ModelFileError.

    Returns the Model, or (Model, extras dict) when ``with_extras``.
    """
    path = Path(path)
    if not path.is_file():
        raise ModelFileError(f"no model file at {path}")
    with path.open("rb") as handle:
        magic = handle.read(4)
    if magic[:1] == b"\x80":
        raise ModelFileError(f"{path} is a pickle; mugui never unpickles files")
    if magic != b"PK\x03\x04":
        raise ModelFileError(f"{path} is not a readable .npz model file")
    with NpzReader(path, ModelFileError, "model") as npz:
        missing = {"params", "sizes", "metadata"} - npz.names
        if missing:
            raise ModelFileError(
                f"{path} is not a mugui model (missing {', '.join(sorted(missing))})"
            )
        meta = npz.metadata()
        if meta.get("format") == EXPERIMENT_FORMAT:
            raise ModelFileError(
                f"{path} is a mugui experiment, not a model: open it with File → Open experiment"
            )
        if meta.get("format") != FORMAT:
            raise ModelFileError(
                f"{path} is not a mugui model file (format {meta.get('format')!r})"
            )
        size_array = npz.array("sizes", MAX_SIZES_BYTES, kinds="iu")
        if size_array.ndim != 1:
            raise ModelFileError(f"{path} has arrays of the wrong type or shape")
        sizes = tuple(int(s) for s in size_array)
        spec = stored_spec(path, meta.get("architecture", "mlp"), sizes)
        meta = typicality_file.join(
            meta, npz.names, lambda name, limit: npz.array(name, limit, kinds="f"), sizes[-2]
        )
        n_params = spec.n_params if isinstance(spec, CnnSpec) else layout_sizes.count_params(sizes)
        params = npz.array("params", 4 * n_params, kinds="f")
        extras = (
            {
                n[len("extra_") :]: npz.array(n, MAX_EXTRA_BYTES)
                for n in sorted(npz.names)
                if n.startswith("extra_")
            }
            if with_extras
            else {}
        )
    if params.dtype != np.float32 or params.ndim != 1:
        raise ModelFileError(f"{path} has arrays of the wrong type or shape")
    try:
        model = Model(spec, params, meta)
    except ConfigError as exc:
        raise ModelFileError(f"{path} holds another architecture: {exc}") from exc
    if not model.is_finite():
        raise ModelFileError(f"{path} holds non-finite weights (NaN or Inf); it cannot be used")
    return (model, extras) if with_extras else model


def architecture_entry(model: Model):
    """What a file's metadata says of a model's architecture: "mlp" or the CNN's description."""
    return model.spec.to_dict() if isinstance(model.spec, CnnSpec) else "mlp"


def stored_spec(path: Path, declared, sizes: tuple[int, ...]):
    """The architecture a file declares ("mlp" when it has no entry, as files before the CNN),
    checked against its stored layer sizes; ModelFileError naming what is wrong."""
    if declared == "mlp":
        problem = unsupported_sizes(sizes)
        if problem:
            raise ModelFileError(f"{path} holds another architecture: {problem}")
        return sizes
    try:
        spec = spec_from_dict(declared)
    except ValueError as exc:
        raise ModelFileError(f"{path} declares an architecture mugui cannot use: {exc}") from exc
    if sizes != spec.dense_sizes:
        raise ModelFileError(
            f"{path} is inconsistent: its CNN's dense head is {spec.dense_sizes}, "
            f"its stored sizes {sizes}"
        )
    return spec


def _json_default(value):
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")
