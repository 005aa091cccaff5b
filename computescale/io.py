"""Files in and out: cluster files, JSON, atomic writes. No science here."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from computescale.catalogue import Catalogue, default_catalogue
from computescale.documents import load_document, validate
from computescale.errors import InputError
from computescale.scenario import Cluster

__all__ = ["atomic_path", "cluster_schema", "dumps", "load_cluster", "write_text"]


def load_cluster(path: str | os.PathLike[str], catalogue: Catalogue | None = None) -> Cluster:
    """Read and validate a cluster file.

    Parameters
    ----------
    path
        A YAML cluster file (see ``computescale schema``).
    catalogue
        Catalogue against which accelerator ids are checked; packaged by default.

    Raises
    ------
    InputError
        Naming file, line and field of the first problem.
    """
    document = load_document(path)
    if not isinstance(document.data, dict):
        raise InputError(
            "a cluster file must be a mapping with `name` and `fleets`", file=document.name, line=1
        )
    context = {"catalogue": catalogue if catalogue is not None else default_catalogue()}
    return validate(Cluster, document, context)


def cluster_schema() -> dict[str, Any]:
    """Return the JSON Schema of cluster files."""
    schema: dict[str, Any] = Cluster.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "computescale cluster file"
    return schema


@contextmanager
def atomic_path(
    path: str | os.PathLike[str], *, inputs: Sequence[str] = (), suffix: str = ""
) -> Iterator[str]:
    """Yield a temporary path beside ``path``; on success rename it over ``path``.

    Nothing is left behind on failure, and a reader never sees a half-written
    file.

    Raises
    ------
    InputError
        When the destination is an input file, a folder or another non-regular
        file, or its folder does not exist.
    """
    target = Path(path)
    try:
        exists = target.exists()
        same = any(exists and Path(n).exists() and target.samefile(n) for n in inputs)
    except OSError as exc:
        raise InputError(f"cannot use the output path ({exc.strerror})", file=str(path)) from None
    if same:
        raise InputError(
            "refusing to write the output over an input file",
            file=str(path),
            fix="choose another output path",
        )
    if exists and not target.is_file():
        raise InputError(
            "the output path exists and is not a regular file",
            file=str(path),
            fix="give the path of a file to write",
        )
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(
            "the output folder does not exist",
            file=str(path),
            fix="create the folder or choose another output path",
        )
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=suffix, dir=folder)
    os.close(fd)
    try:
        yield tmp
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text(path: str | os.PathLike[str], text: str, *, inputs: Sequence[str] = ()) -> None:
    """Write text atomically (see :func:`atomic_path`)."""
    with atomic_path(path, inputs=inputs) as tmp:
        Path(tmp).write_text(text, encoding="utf-8")


def dumps(data: Any) -> str:
    """Return indented JSON with a final newline; NaN and infinity are refused."""
    return json.dumps(data, indent=2, allow_nan=False) + "\n"
