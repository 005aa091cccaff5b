"""Power per accelerator at three scopes (chip, IT, facility), and energy per year.

Pure functions of one accelerator's figures, on numpy arrays in base units (W,
Wh) that are either ``[low, high]`` pairs or arrays of samples. Every function is
increasing in every input, so bounds map to bounds. A cluster's figure is the sum
over its fleets of count x the per-accelerator figure
(:mod:`computescale.engine.passes`).

The chip scope needs no formula: an accelerator's chip power is its TDP [W].
"""

from __future__ import annotations

from computescale.sampling import Value

__all__ = ["HOURS_PER_YEAR", "annual_energy", "facility_power", "it_power", "system_power"]

HOURS_PER_YEAR = 8766.0
"""Hours in an average year (365.25 d x 24 h) [h]."""


def system_power(tdp: Value, overhead: Value) -> Value:
    r"""Return the server or rack power of one accelerator from its TDP.

    .. math:: P_\mathrm{system} = P_\mathrm{TDP} \cdot k_\mathrm{system}

    Parameters
    ----------
    tdp
        Thermal design power of the accelerator. [W]
    overhead
        Server or rack power per accelerator / TDP (CPUs, memory, NICs, fans,
        in-rack switches). [1]

    Returns
    -------
    Value
        Server or rack power per accelerator. [W]
    """
    return tdp * overhead


def it_power(system_power: Value, network_share: Value) -> Value:
    r"""Return the IT power of one accelerator: its system's share plus network and storage.

    .. math:: P_\mathrm{IT} = P_\mathrm{system} \, (1 + s_\mathrm{network})

    Parameters
    ----------
    system_power
        Power of the reference server or rack per accelerator (CPUs, memory,
        NICs, in-rack switches included). [W]
    network_share
        Cluster network and storage power as a share of server power. [1]

    Returns
    -------
    Value
        IT power per accelerator. [W]
    """
    return system_power * (1.0 + network_share)


def facility_power(it: Value, pue: Value) -> Value:
    r"""Return facility power: IT power x power usage effectiveness.

    .. math:: P_\mathrm{facility} = P_\mathrm{IT} \cdot \mathrm{PUE}

    Parameters
    ----------
    it
        IT power. [W]
    pue
        Facility power / IT power: cooling, conversion losses, the building. [1]

    Returns
    -------
    Value
        Facility power. [W]
    """
    return it * pue


def annual_energy(facility: Value, utilisation: Value) -> Value:
    r"""Return the energy drawn in one year at an average load.

    .. math:: E = P_\mathrm{facility} \cdot u \cdot 8766\,\mathrm{h}

    Parameters
    ----------
    facility
        Rated facility power. [W]
    utilisation
        Average load over the year as a share of rated power. [1]

    Returns
    -------
    Value
        Energy per year. [Wh]
    """
    return facility * utilisation * HOURS_PER_YEAR
