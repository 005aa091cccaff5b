"""computescale: AI compute cluster figures, recomputed with their assumptions.

Quick tour::

    import computescale as cs
    cs.get_accelerator("H100").peak_flops("bf16")        # 9.894e14 FLOP/s, dense
    cluster = cs.load_cluster("examples/colossus2.yaml")
    result = cs.estimate(cluster, basis="bf16")
    result.power.facility                                # Range of W, chip -> IT -> facility
    cs.estimate(cluster, sampling=cs.Sampling(10_000))   # and likely ranges p5/p50/p95
    cs.check_claims("examples/claims/seed-articles.yaml")   # verdicts and diagnoses
    cs.extract_claims(text, clusters=["examples/colossus2.yaml"])  # claims of an article
    cs.check_article(text, source_date=...)  # drafted and checked against shipped clusters
    cs.load_cluster("colossus2")                         # a shipped cluster, by name
    cs.convert("50e6 H100e", "GB300").count                  # 19.8M GPUs
    cs.train(cluster, compute=1e27).duration.to("day")      # days at the default MFU
"""

__version__ = "0.1.0"

import importlib
from typing import Any

from computescale.assumptions import Assumptions
from computescale.catalogue import (
    FORMATS,
    AcceleratorSpec,
    Catalogue,
    get_accelerator,
    list_accelerators,
    load_catalogue,
)
from computescale.cluster import Cluster, Fleet, SplitFleet, load_cluster
from computescale.errors import (
    ComputescaleError,
    InputError,
    MissingSpecError,
    UnknownAcceleratorError,
)
from computescale.estimates import Estimate, estimate
from computescale.notation import digits, format_range
from computescale.ranges import Range
from computescale.sampling import Sampling

_LAZY = {
    "check_claims": "computescale.claims",
    "extract_claims": "computescale.articles",
    "check_article": "computescale.articles",
    "known_clusters": "computescale.shipped",
    "estimate_many": "computescale.survey",
    "to_frame": "computescale.report.frames",
    "convert": "computescale.conversion",
    "train": "computescale.training",
    "estimate_timeline": "computescale.timeline",
}
"""Names imported on first use, so that ``import computescale`` and the estimate path stay fast."""


def __getattr__(name: str) -> Any:
    """Import the lazily exported names (PEP 562)."""
    if name == "plots":  # a module: matplotlib itself loads only when a plot is drawn
        return importlib.import_module("computescale.plots")
    if name in ("Q_", "ureg"):  # pint is imported when the registry is first used
        return getattr(importlib.import_module("computescale.units"), name)
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'computescale' has no attribute {name!r}")


__all__ = [
    "FORMATS",
    "Q_",
    "AcceleratorSpec",
    "Assumptions",
    "Catalogue",
    "Cluster",
    "ComputescaleError",
    "Estimate",
    "Fleet",
    "InputError",
    "MissingSpecError",
    "Range",
    "Sampling",
    "SplitFleet",
    "UnknownAcceleratorError",
    "__version__",
    "check_article",
    "check_claims",
    "convert",
    "digits",
    "estimate",
    "estimate_many",
    "estimate_timeline",
    "extract_claims",
    "format_range",
    "get_accelerator",
    "known_clusters",
    "list_accelerators",
    "load_catalogue",
    "load_cluster",
    "plots",
    "to_frame",
    "train",
    "ureg",
]
