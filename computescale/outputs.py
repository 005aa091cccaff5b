"""Outputs: JSON text and atomic writes that never replace an input. No science here."""

from __future__ import annotations

import json
import math
import os
import secrets
import stat
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from computescale.errors import InputError

__all__ = ["atomic_path", "copy_files", "dumps", "write_parts", "write_text"]


def _reason(exc: BaseException) -> str:
    """Return the short reason of an OS error (``Permission denied``)."""
    return (exc.strerror if isinstance(exc, OSError) else None) or str(exc) or type(exc).__name__


def _stat(path: str | os.PathLike[str], name: str) -> os.stat_result | None:
    """Return the status of ``path`` (following links), or None when it does not exist."""
    try:
        return os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except (OSError, ValueError) as exc:  # too long, a loop of links, no access, a NUL
        raise InputError(f"cannot use the output path ({_reason(exc)})", file=name) from None


def _same_file(status: os.stat_result, other: str | os.PathLike[str]) -> bool:
    """Return True when ``other`` is the file of ``status`` (through links or another name)."""
    try:
        theirs = os.stat(other)
    except (OSError, ValueError):
        return False
    return (theirs.st_dev, theirs.st_ino) == (status.st_dev, status.st_ino)


def _writable(path: Path, status: os.stat_result, mode: int = os.W_OK) -> bool:
    """Return True unless ``path`` is read-only: by its mode bits (even for root) or for us."""
    return bool(status.st_mode & 0o222) and os.access(path, mode)


def _create(folder: Path, target: Path, suffix: str, name: str) -> Path:
    """Create an empty temporary file beside ``target``, with the umask's default mode."""
    for _ in range(100):
        tmp = folder / f".{target.name}.{secrets.token_hex(4)}{suffix}"
        try:
            os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except FileExistsError:
            continue
        except OSError as exc:
            raise InputError(
                f"cannot create the output file ({_reason(exc)})",
                file=name,
                fix="check that you may write to its folder, or choose another output path",
            ) from None
        return tmp
    raise InputError(  # pragma: no cover - 100 random names all taken
        "cannot create the output file (every temporary name is taken)", file=name
    )


@contextmanager
def atomic_path(
    path: str | os.PathLike[str], *, inputs: Sequence[str | os.PathLike[str]] = (), suffix: str = ""
) -> Iterator[str]:
    """Yield a temporary path beside ``path``; on success rename it over ``path``.

    Nothing is left behind on failure (or on any exception, such as an
    interruption), and a reader never sees a half-written file. A new file gets
    the mode the umask gives (``0o666 & ~umask``); a replaced file keeps its mode.
    A symbolic link is written through: its target is replaced, the link kept (a link
    to a device or a folder is refused as the device or folder would be).

    Parameters
    ----------
    path
        The file to write.
    inputs
        Files the run reads; ``path`` must be none of them (compared as files, so
        through symbolic and hard links and relative or absolute names).
    suffix
        Ending of the temporary file's name (``.png`` for tools that look at it).

    Raises
    ------
    InputError
        When the destination is an input file, a folder or another non-regular
        file, read-only, or its folder does not exist, is read-only or refuses
        the temporary file.
    """
    name = os.fspath(path)
    # through a symbolic link: write its target, and keep the link (never replace it)
    target = Path(os.path.realpath(name)) if os.path.islink(name) else Path(path)
    status = _stat(target, name)
    if status is not None and any(_same_file(status, n) for n in inputs):
        raise InputError(
            "refusing to write the output over an input file",
            file=name,
            fix="choose another output path",
        )
    if status is not None and not stat.S_ISREG(status.st_mode):
        raise InputError(
            "the output path exists and is not a regular file",
            file=name,
            fix="give the path of a file to write",
        )
    if status is not None and not _writable(target, status):
        raise InputError(
            "the output file is read-only",
            file=name,
            fix="make it writable (chmod u+w) or choose another output path",
        )
    folder = target.parent
    folder_status = _stat(folder, name)
    if folder_status is None or not stat.S_ISDIR(folder_status.st_mode):
        raise InputError(
            "the output folder does not exist",
            file=name,
            fix="create the folder or choose another output path",
        )
    if not _writable(folder, folder_status, os.W_OK | os.X_OK):
        raise InputError(
            "the output folder is read-only",
            file=name,
            fix="choose another output path",
        )
    tmp = _create(folder, target, suffix, name)
    try:
        yield str(tmp)
        if status is not None:  # after writing: a mode without u+w would refuse the writer
            os.chmod(tmp, stat.S_IMODE(status.st_mode))
        os.replace(tmp, target)
    except BaseException:
        with suppress(OSError):
            tmp.unlink()
        raise


def write_text(
    path: str | os.PathLike[str], text: str, *, inputs: Sequence[str | os.PathLike[str]] = ()
) -> None:
    """Write text atomically (see :func:`atomic_path`)."""
    write_parts(path, (text,), inputs=inputs)


def write_parts(
    path: str | os.PathLike[str],
    parts: Iterable[str],
    *,
    inputs: Sequence[str | os.PathLike[str]] = (),
) -> None:
    """Write texts one after the other, atomically (see :func:`atomic_path`).

    Each part is written as it comes, so a long output is never held whole in memory; the
    file appears under its name only once every part is written.
    """
    with atomic_path(path, inputs=inputs) as tmp, open(tmp, "w", encoding="utf-8") as out:
        for part in parts:
            out.write(part)


def copy_files(source: Path, dest: str | os.PathLike[str]) -> list[Path]:
    """Copy every file under ``source`` into ``dest`` (made if missing); return the copies.

    Nothing is replaced: when any file of that name is already in ``dest`` the copy stops
    before writing, naming it. Each file is written atomically (:func:`atomic_path`).

    Raises
    ------
    InputError
        When a file to be written exists already, or ``dest`` cannot hold the files.
    """
    name = os.fspath(dest)
    files = sorted(p for p in source.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    targets = [Path(dest) / p.relative_to(source) for p in files]
    taken = [t for t in targets if os.path.lexists(t)]
    if taken:
        raise InputError(
            f"{len(taken)} of the {len(targets)} files are there already, such as {taken[0]}",
            file=name,
            fix="give another folder; nothing was copied and nothing is ever replaced",
        )
    for source_file, target in zip(files, targets, strict=True):
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(
                f"cannot make the folder ({_reason(exc)})", file=str(target.parent)
            ) from None
        with atomic_path(target) as tmp:
            Path(tmp).write_bytes(source_file.read_bytes())
    return targets


def dumps(data: Any) -> str:
    """Return indented JSON with a final newline.

    Raises
    ------
    InputError
        For NaN or infinity, which JSON cannot hold, naming where the value sits
        (``clusters[0].power.it.high``).
    """
    try:
        return json.dumps(data, indent=2, allow_nan=False) + "\n"
    except ValueError:
        where = _non_finite(data, "")
        raise InputError(
            f"{where or 'a value'} is not a finite number, which JSON cannot hold",
            fix="use --format table or csv, or bring the inputs within their limits",
        ) from None


def _non_finite(data: Any, where: str) -> str | None:
    """Return the path to the first NaN or infinity in ``data``, or None."""
    if isinstance(data, float):
        return None if math.isfinite(data) else (where or "the value")
    if isinstance(data, dict):
        items: Iterable[tuple[Any, Any]] = data.items()
    elif isinstance(data, list | tuple):
        items = enumerate(data)
    else:
        return None
    for key, value in items:
        inner = f"{where}[{key}]" if isinstance(key, int) else f"{where}.{key}".lstrip(".")
        found = _non_finite(value, inner)
        if found is not None:
            return found
    return None
