"""The typed, sourced accelerator catalogue."""

from computescale.catalogue.formats import FORMATS, NumberFormat, parse_format
from computescale.catalogue.models import AcceleratorSpec, Packaging, PriceRange, Source
from computescale.catalogue.store import (
    Catalogue,
    CatalogueFile,
    default_catalogue,
    get_accelerator,
    list_accelerators,
    load_catalogue,
)

__all__ = [
    "FORMATS",
    "AcceleratorSpec",
    "Catalogue",
    "CatalogueFile",
    "NumberFormat",
    "Packaging",
    "PriceRange",
    "Source",
    "default_catalogue",
    "get_accelerator",
    "list_accelerators",
    "load_catalogue",
    "parse_format",
]
