"""computescale: AI compute cluster figures, recomputed with their assumptions.

Quick tour::

    import computescale as cs
    cs.get_accelerator("H100").peak_flops("bf16")        # 9.894e14 FLOP/s, dense
    cluster = cs.load_cluster("examples/colossus2.yaml")
    result = cs.estimate(cluster, basis="bf16")
    result.power.facility                                # Range of W, chip -> IT -> facility
"""

__version__ = "0.1.0"

from computescale.catalogue import (
    FORMATS,
    AcceleratorSpec,
    Catalogue,
    get_accelerator,
    list_accelerators,
    load_catalogue,
)
from computescale.errors import (
    ComputescaleError,
    InputError,
    MissingSpecError,
    UnknownAcceleratorError,
)
from computescale.estimate import Estimate, estimate
from computescale.io import load_cluster
from computescale.ranges import Range
from computescale.scenario import Assumptions, Cluster, Fleet, SplitFleet
from computescale.units import Q_, ureg

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
    "SplitFleet",
    "UnknownAcceleratorError",
    "__version__",
    "estimate",
    "get_accelerator",
    "list_accelerators",
    "load_catalogue",
    "load_cluster",
    "ureg",
]
