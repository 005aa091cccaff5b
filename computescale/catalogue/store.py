"""Load the packaged catalogue, user catalogue files and overrides.

A user catalogue file (``--catalogue FILE``) has two optional sections::

    accelerators:        # new entries, full AcceleratorSpec each
      - id: MY-CHIP
        ...
    overrides:           # change single values of existing entries
      GB200:
        price: {low_usd: 45000, high_usd: 60000, includes: accelerator, as_of: 2025-07-01}
        sources:
          - {title: "...", url: "https://...", accessed: 2025-07-01, covers: [price]}

An override is merged into the entry (``peak_tflops_*`` per format) and the
result is validated by the same model as the packaged data, so an overridden
figure must name its source. The older sources stop covering what was
overridden, so provenance stays true. New entries need names (ids and aliases)
of their own: an existing entry is changed by an override, never replaced, and
each entry takes at most one override.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from importlib import resources
from typing import Any

from pydantic import Field

from computescale.catalogue.models import AcceleratorSpec, Status
from computescale.documents import (
    Document,
    DocumentModel,
    excerpt,
    file_schema,
    format_field,
    load_document,
    validate,
    validate_part,
)
from computescale.errors import InputError, UnknownAcceleratorError, check_path, check_type

__all__ = [
    "VENDOR_FILES",
    "Catalogue",
    "CatalogueFile",
    "catalogue_schema",
    "default_catalogue",
    "get_accelerator",
    "list_accelerators",
    "load_catalogue",
]

_MERGED_TABLES = ("peak_tflops_dense", "peak_tflops_sparse")
_FIELD_GROUPS = {
    "peak_tflops_dense": "peak_flops_dense",
    "peak_tflops_sparse": "peak_flops_sparse",
    "memory_gb": "memory",
    "memory_bandwidth_tbps": "memory_bandwidth",
    "tdp_w": "tdp",
    "it_power_w": "it_power",
    "price": "price",
    "rental": "rental",
}


class CatalogueFile(DocumentModel):
    """The content of a catalogue file: new entries and overrides."""

    accelerators: tuple[AcceleratorSpec, ...] = ()
    overrides: dict[str, dict[str, Any]] = Field(default_factory=dict)


class Catalogue(Mapping[str, AcceleratorSpec]):
    """An immutable set of accelerator specs, looked up by id or alias.

    Lookup is case-insensitive. Iteration yields canonical ids in file order.
    """

    def __init__(self, specs: Iterable[AcceleratorSpec]) -> None:
        self._specs: dict[str, AcceleratorSpec] = {}
        self._names: dict[str, str] = {}
        for spec in specs:
            if spec.id in self._specs:
                raise InputError(f"accelerator id {spec.id!r} appears twice", field="accelerators")
            self._specs[spec.id] = spec
            for name in (spec.id, *spec.aliases):
                key = name.casefold()
                owner = self._names.get(key)
                if owner is not None and owner != spec.id:
                    raise InputError(
                        f"name {name!r} of {spec.id} is already used by {owner}",
                        field="accelerators",
                        fix="give each alias to one entry only",
                    )
                self._names[key] = spec.id

    def resolve(self, name: str) -> str:
        """Return the canonical id for an id or alias.

        Raises
        ------
        UnknownAcceleratorError
            Listing the known ids and the closest match.
        ArgumentError
            When ``name`` is not text.
        """
        check_type(name, str, "name", "an accelerator id or alias such as 'H100'")
        found = self._names.get(name.strip().casefold())
        if found is not None:
            return found
        by_fold = {key: self._names[key] for key in self._names}
        close = difflib.get_close_matches(name.strip().casefold(), list(by_fold), n=1, cutoff=0.5)
        suggestion = by_fold[close[0]] if close else None
        raise UnknownAcceleratorError(name, list(self._specs), suggestion)

    def __getitem__(self, name: str) -> AcceleratorSpec:
        return self._specs[self.resolve(name)]

    def __iter__(self) -> Iterator[str]:
        return iter(self._specs)

    def __len__(self) -> int:
        return len(self._specs)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.strip().casefold() in self._names

    def merged(self, extra: CatalogueFile, document: Document | None = None) -> Catalogue:
        """Return a new catalogue with the entries and overrides of ``extra``.

        Linear in the entries and aliases: each name is looked up once in a table of names.

        Parameters
        ----------
        extra
            New entries, whose ids and aliases must all be new names, and
            per-entry overrides, at most one per entry (an id and its alias
            name the same entry).
        document
            The file ``extra`` came from, to name file and line in errors.

        Raises
        ------
        InputError
            For a new entry that reuses a name (an existing entry is changed
            with ``overrides``, never replaced by a new one), or two overrides
            of one entry.
        """
        doc = document if document is not None else Document(None, "<catalogue>")

        def refuse(problem: str, loc: tuple[str | int, ...], fix: str) -> InputError:
            return InputError(
                problem, file=doc.name, line=doc.line_of(loc), field=format_field(loc), fix=fix
            )

        specs = dict(self._specs)
        owners = dict(self._names)
        for i, spec in enumerate(extra.accelerators):
            for j, name in enumerate((spec.id, *spec.aliases)):
                owner = owners.get(name.casefold())
                if owner is not None:
                    loc: tuple[str | int, ...] = (
                        ("accelerators", i, "id")
                        if j == 0
                        else ("accelerators", i, "aliases", j - 1)
                    )
                    taken = "already in the catalogue" if owner in self._specs else "used above"
                    raise refuse(
                        f"name {excerpt(name)} is {taken} ({owner})",
                        loc,
                        "give the new accelerator names of its own; to change figures of an "
                        "existing one, use `overrides`",
                    )
                owners[name.casefold()] = spec.id
            specs[spec.id] = spec
        catalogue = Catalogue(specs.values())
        overridden: dict[str, str] = {}
        for name, changes in extra.overrides.items():
            loc = ("overrides", name)
            try:
                target = catalogue.resolve(name)
            except UnknownAcceleratorError as exc:
                raise refuse(exc.message, loc, "use an id or alias of the catalogue") from None
            if target in overridden:
                raise refuse(
                    f"{excerpt(name)} and {excerpt(overridden[target])} both override {target}",
                    loc,
                    "merge the two overrides into one",
                )
            overridden[target] = name
            if "id" in changes:
                raise refuse(
                    f"an override cannot rename {target}: every file that names it would break",
                    (*loc, "id"),
                    "drop `id`; add `aliases` for another name, or a new accelerator under "
                    "`accelerators`",
                )
            for key, value in changes.items():
                if value is None:
                    raise refuse(
                        f"{key} is null: an override sets figures, it never deletes one",
                        (*loc, key),
                        "give the value, or drop the line to keep the catalogue's",
                    )
            specs[target] = validate_part(
                AcceleratorSpec, _merge(specs[target].model_dump(), changes), doc, loc
            )
            for k, alias in enumerate(changes.get("aliases") or ()):
                owner = owners.get(str(alias).casefold())
                if owner is not None and owner != target:
                    raise refuse(
                        f"alias {excerpt(alias)} already names {owner}",
                        (*loc, "aliases", k),
                        "give the accelerator a name of its own",
                    )
                owners[str(alias).casefold()] = target
        return Catalogue(specs.values())


def _merge(base: dict[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """Merge override values into an entry's data; see the module docstring."""
    data = dict(base)
    replaced = {_FIELD_GROUPS[key] for key in changes if key in _FIELD_GROUPS}
    for key, value in changes.items():
        if key == "sources":
            continue
        if key in _MERGED_TABLES and isinstance(value, Mapping):
            data[key] = {**data.get(key, {}), **value}
        else:
            data[key] = value
    kept = []
    for source in data["sources"]:
        covers = [c for c in source["covers"] if c not in replaced]
        if covers:
            kept.append({**source, "covers": covers})
    new_sources = changes.get("sources", [])
    data["sources"] = [*kept, *(new_sources if isinstance(new_sources, list) else [new_sources])]
    return data


VENDOR_FILES = ("nvidia", "amd", "intel", "google", "aws", "huawei", "microsoft", "meta", "tesla")
"""The packaged catalogue files, ``data/<vendor>.yaml``, in the order entries are listed."""


COMPILED = "compiled.json"
"""The packaged files' content as JSON, in ``data/``: read in a few milliseconds where parsing
the YAML takes about 60 (most of a command's run after its imports)."""


class _Compiled(DocumentModel):
    """``data/compiled.json``: each packaged file's SHA-256 and its content."""

    sha256: dict[str, str]
    files: dict[str, CatalogueFile]


def _packaged(vendor: str) -> bytes:
    return resources.files("computescale.catalogue").joinpath(f"data/{vendor}.yaml").read_bytes()


def compiled_catalogue() -> str:
    """Return the text of ``data/compiled.json`` for the packaged YAML files as they are.

    ``python docs/gen_catalogue.py`` writes it; a test keeps it current.
    """
    import datetime as dt
    import hashlib
    import json

    def plain(value: Any) -> Any:
        if isinstance(value, dt.date):
            return value.isoformat()
        raise TypeError(type(value).__name__)  # pragma: no cover - YAML gives no other kind

    sha, files = {}, {}
    for vendor in VENDOR_FILES:
        data = resources.files("computescale.catalogue").joinpath(f"data/{vendor}.yaml")
        with resources.as_file(data) as path:
            files[vendor] = load_document(path).data
        sha[vendor] = hashlib.sha256(_packaged(vendor)).hexdigest()
    text = json.dumps({"sha256": sha, "files": files}, default=plain, ensure_ascii=False)
    return text + "\n"


def _read_compiled() -> list[AcceleratorSpec] | None:
    """Return the packaged entries from ``data/compiled.json``; None when it is stale.

    Stale means a YAML file changed after the JSON was written (a checkout being edited): the
    YAML is then read instead, with the same result.
    """
    import hashlib

    try:
        text = (
            resources.files("computescale.catalogue")
            .joinpath(f"data/{COMPILED}")
            .read_text(encoding="utf-8")
        )
    except FileNotFoundError:
        return None
    compiled = _Compiled.model_validate_json(text)
    if list(compiled.files) != list(VENDOR_FILES) or any(
        compiled.sha256.get(v) != hashlib.sha256(_packaged(v)).hexdigest() for v in VENDOR_FILES
    ):
        return None
    return [spec for v in VENDOR_FILES for spec in compiled.files[v].accelerators]


@lru_cache(maxsize=1)
def default_catalogue() -> Catalogue:
    """Return the catalogue shipped with computescale (read once, then cached)."""
    specs = _read_compiled()
    if specs is None:
        specs = []
        for vendor in VENDOR_FILES:
            data = resources.files("computescale.catalogue").joinpath(f"data/{vendor}.yaml")
            with resources.as_file(data) as path:
                specs.extend(validate(CatalogueFile, load_document(path)).accelerators)
    return Catalogue(specs)


def the_catalogue(catalogue: Catalogue | None, name: str = "catalogue") -> Catalogue:
    """Return ``catalogue``, or the packaged one for None.

    Raises
    ------
    ArgumentError
        For anything else, naming the parameter (a path is loaded with :func:`load_catalogue`).
    """
    if catalogue is None:
        return default_catalogue()
    check_type(
        catalogue, Catalogue, name, "a Catalogue from computescale.load_catalogue(path), or None"
    )
    return catalogue


def catalogue_schema() -> dict[str, Any]:
    """Return the JSON Schema of catalogue files (new entries and overrides)."""
    return file_schema(CatalogueFile, "computescale catalogue file")


def load_catalogue(
    path: str | os.PathLike[str] | None = None, *, base: Catalogue | None = None
) -> Catalogue:
    """Load a catalogue file on top of a base catalogue.

    Parameters
    ----------
    path
        A catalogue file with ``accelerators`` and/or ``overrides``; None
        returns the base unchanged.
    base
        The catalogue to extend; the packaged one by default.

    Raises
    ------
    InputError
        Naming file, line and field of any invalid value.
    """
    catalogue = the_catalogue(base, "base")
    if path is None:
        return catalogue
    check_path(path, "path")
    document = load_document(path)
    return catalogue.merged(validate(CatalogueFile, document), document)


def get_accelerator(name: str, catalogue: Catalogue | None = None) -> AcceleratorSpec:
    """Return the spec of an accelerator by id or alias.

    Raises
    ------
    UnknownAcceleratorError
        Also a ``KeyError``; lists the known ids and the closest match.
    """
    return the_catalogue(catalogue)[name]


def list_accelerators(
    catalogue: Catalogue | None = None,
    *,
    vendor: str | None = None,
    status: Status | None = None,
) -> list[AcceleratorSpec]:
    """Return the specs of a catalogue (the packaged one by default), in file order.

    Parameters
    ----------
    catalogue
        The catalogue to list.
    vendor
        Only this vendor's accelerators (case does not matter).
    status
        Only shipping, or only announced, accelerators.

    Raises
    ------
    InputError
        For a vendor the catalogue holds no accelerator of, naming the known ones.
    """
    cat = the_catalogue(catalogue)
    specs = [cat[name] for name in cat]
    if vendor is not None:
        check_type(vendor, str, "vendor", "a vendor's name such as 'NVIDIA', or None")
        known = sorted({s.vendor for s in specs})
        if vendor.casefold() not in {v.casefold() for v in known}:
            raise InputError(
                f"no accelerator of vendor {excerpt(vendor)} in the catalogue",
                field="vendor",
                expected=", ".join(known),
            )
        specs = [s for s in specs if s.vendor.casefold() == vendor.casefold()]
    return [s for s in specs if status is None or s.status == status]
