"""The typed, sourced accelerator catalogue."""

from computescale.catalogue.formats import FORMATS, NumberFormat, parse_format
from computescale.catalogue.models import (
    AcceleratorSpec,
    Packaging,
    PowerRange,
    PriceBasis,
    PriceRange,
    RentalRange,
    Source,
    Status,
)
from computescale.catalogue.store import (
    Catalogue,
    CatalogueFile,
    catalogue_schema,
    default_catalogue,
    get_accelerator,
    list_accelerators,
    load_catalogue,
    the_catalogue,
)

__all__ = [
    "FORMATS",
    "AcceleratorSpec",
    "Catalogue",
    "CatalogueFile",
    "NumberFormat",
    "Packaging",
    "PowerRange",
    "PriceBasis",
    "PriceRange",
    "RentalRange",
    "Source",
    "Status",
    "catalogue_schema",
    "default_catalogue",
    "get_accelerator",
    "list_accelerators",
    "load_catalogue",
    "parse_format",
    "the_catalogue",
]
