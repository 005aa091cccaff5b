"""Capital and operating costs.

Pure functions on numpy arrays in base units (USD, W, Wh); increasing in every
input, so ``[low, high]`` pairs map to bounds.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["accelerator_capex", "electricity_cost", "facility_capex", "hardware_capex"]

Array = npt.NDArray[np.float64] | float
"""An array of bounds or samples, or a scalar that broadcasts against them."""


def accelerator_capex(count: Array, price: Array) -> Array:
    """Return the cost of the accelerators alone: count x price [USD]."""
    return count * price


def hardware_capex(
    count: Array, price: Array, server_multiplier: Array, network_capex_share: Array
) -> Array:
    """Return cluster hardware capex: servers or racks, network and storage [USD].

    Parameters
    ----------
    count
        Number of accelerators. [1]
    price
        Price per accelerator. [USD]
    server_multiplier
        Server (or rack) cost per accelerator / ``price``; 1 when the price is
        already a rack share. [1]
    network_capex_share
        Network and storage capex as a share of server capex. [1]
    """
    return count * price * server_multiplier * (1.0 + network_capex_share)


def facility_capex(facility_w: Array, usd_per_w: Array) -> Array:
    """Return facility construction capex: facility power x cost per W [USD]."""
    return facility_w * usd_per_w


def electricity_cost(energy_wh: Array, usd_per_wh: Array) -> Array:
    """Return the cost of energy: energy x price [USD]."""
    return energy_wh * usd_per_wh
