"""Files in and out: cluster files, JSON, atomic writes. No science here."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from computescale.catalogue import Catalogue, default_catalogue
from computescale.documents import load_document, validate
from computescale.errors import InputError
from computescale.scenario import Cluster

__all__ = ["cluster_schema", "load_cluster", "write_text"]


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


def write_text(path: str | os.PathLike[str], text: str, *, inputs: tuple[str, ...] = ()) -> None:
    """Write text atomically: a temporary file in the same folder, then a rename.

    Parameters
    ----------
    path
        Destination.
    text
        Content.
    inputs
        Files read by the command; writing over one of them is refused.

    Raises
    ------
    InputError
        When the destination is an input file or its folder does not exist.
    """
    target = Path(path)
    for name in inputs:
        if Path(name).exists() and target.exists() and target.resolve() == Path(name).resolve():
            raise InputError(
                "refusing to write the output over an input file",
                file=str(path),
                fix="choose another --output path",
            )
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(
            "the output folder does not exist",
            file=str(path),
            fix="create the folder or choose another --output path",
        )
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def dumps(data: Any) -> str:
    """Return indented JSON with a final newline; NaN and infinity are refused."""
    return json.dumps(data, indent=2, allow_nan=False) + "\n"
