"""The power ladder (chip, IT, facility) and annual energy.

Pure functions on numpy arrays in base units (W, Wh); inputs may be
``[low, high]`` pairs or arrays of samples. Every function is increasing in
every input, so bounds map to bounds.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = [
    "HOURS_PER_YEAR",
    "annual_energy",
    "chip_power",
    "facility_power",
    "it_power",
]

Array = npt.NDArray[np.float64] | float
"""An array of bounds or samples, or a scalar that broadcasts against them."""

HOURS_PER_YEAR = 8766.0
"""Hours in an average year (365.25 d x 24 h) [h]."""


def chip_power(count: Array, tdp: Array) -> Array:
    """Return accelerator power: count x TDP [W].

    Parameters
    ----------
    count
        Number of accelerators. [1]
    tdp
        Thermal design power per accelerator. [W]
    """
    return count * tdp


def it_power(count: Array, it_per_accelerator: Array, network_share: Array) -> Array:
    """Return IT power: servers/racks plus network and storage [W].

    Parameters
    ----------
    count
        Number of accelerators. [1]
    it_per_accelerator
        System power per accelerator of the reference server or rack. [W]
    network_share
        Network and storage power as a share of server power. [1]
    """
    return count * it_per_accelerator * (1.0 + network_share)


def facility_power(it: Array, pue: Array) -> Array:
    """Return facility power: IT power x PUE [W]."""
    return it * pue


def annual_energy(facility: Array, utilisation: Array) -> Array:
    """Return the energy drawn in one year [Wh].

    Parameters
    ----------
    facility
        Rated facility power. [W]
    utilisation
        Average load over the year as a share of rated power. [1]
    """
    return facility * utilisation * HOURS_PER_YEAR
