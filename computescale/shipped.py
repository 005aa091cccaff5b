"""The real clusters shipped with computescale, addressable by name.

The package carries the cluster files of the project's examples (``data/clusters``: TOP500
systems, training clusters, announced AI sites, each with its sources) and of the seed
articles (``data/seeds``: Colossus 1 and 2, Meta's fleet, xAI's target). Each is known by
its file's name without ``.yaml`` (``colossus2``, ``abilene-2025-05``): ``load_cluster``,
every command that reads a cluster, a claims file's ``cluster:`` and ``check ARTICLE``
without ``--cluster`` read them from here.
"""

from __future__ import annotations

import functools
import os
import re
from importlib import resources
from pathlib import Path

__all__ = ["FOLDERS", "examples_folder", "is_name", "known_cluster", "known_clusters", "located"]

FOLDERS = ("clusters", "seeds")
"""The folders of ``computescale/data`` that hold the shipped cluster files."""

_NAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,99}")


@functools.cache
def known_clusters() -> dict[str, Path]:
    """Return every shipped cluster file by name, in name order."""
    root = Path(str(resources.files("computescale.data")))
    found = {p.stem: p for folder in FOLDERS for p in (root / folder).glob("*.yaml")}
    return dict(sorted(found.items()))


def examples_folder() -> Path | None:
    """Return the project's ``examples`` folder: clusters, claims files and articles.

    An installed wheel carries it as ``computescale/data/examples``; a source checkout has it
    beside the package. None when neither is there.
    """
    packaged = Path(str(resources.files("computescale.data"))) / "examples"
    checkout = Path(__file__).resolve().parents[1] / "examples"
    return next((p for p in (packaged, checkout) if p.is_dir()), None)


def is_name(ref: str | os.PathLike[str]) -> bool:
    """Return whether ``ref`` is written as a name (``colossus2``), not as a path."""
    text = os.fspath(ref)
    return _NAME.fullmatch(text) is not None and not text.endswith((".yaml", ".yml"))


def known_cluster(ref: str | os.PathLike[str]) -> Path | None:
    """Return the shipped file of a name (``colossus2``), or None when ``ref`` is not one."""
    return known_clusters().get(os.fspath(ref)) if is_name(ref) else None


def located(
    path: str | os.PathLike[str], name: str | os.PathLike[str] | None = None
) -> str | os.PathLike[str]:
    """Return ``path``, or the shipped file of ``name`` (default: ``path``) when no file is there.

    A file of that name in the current folder (or beside a claims file) comes first.
    """
    if os.path.exists(path):
        return path
    shipped = known_cluster(path if name is None else name)
    return shipped if shipped is not None else path
