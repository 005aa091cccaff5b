"""Capital and electricity costs per accelerator.

Pure functions of one accelerator's figures, on numpy arrays in base units (USD,
W, Wh) that are either ``[low, high]`` pairs or arrays of samples; increasing in
every input, so bounds map to bounds. The accelerators' own capex needs no
formula: it is the price of one accelerator [USD].
"""

from __future__ import annotations

from computescale.sampling import Value

__all__ = ["electricity_cost", "facility_capex", "hardware_capex", "total_capex"]


def hardware_capex(price: Value, server_multiplier: Value, network_capex_share: Value) -> Value:
    r"""Return the hardware capex of one accelerator: its server or rack, network and storage.

    .. math:: C_\mathrm{hardware} = p \cdot m_\mathrm{server} \, (1 + s_\mathrm{network})

    Parameters
    ----------
    price
        Price of the accelerator, alone or as its share of a rack. [USD]
    server_multiplier
        Server cost per accelerator / ``price``; 1 when the price is already a
        share of the rack. [1]
    network_capex_share
        Cluster network and storage capex as a share of server capex. [1]

    Returns
    -------
    Value
        Hardware capex per accelerator. [USD]
    """
    return price * server_multiplier * (1.0 + network_capex_share)


def facility_capex(facility_power: Value, cost_per_watt: Value) -> Value:
    r"""Return the facility's construction cost for one accelerator's facility power.

    .. math:: C_\mathrm{facility} = P_\mathrm{facility} \cdot c_\mathrm{W}

    Parameters
    ----------
    facility_power
        Facility power. [W]
    cost_per_watt
        Construction cost per watt of facility power. [USD/W]

    Returns
    -------
    Value
        Facility capex. [USD]
    """
    return facility_power * cost_per_watt


def total_capex(hardware: Value, facility: Value | None) -> Value:
    r"""Return total capex: hardware plus facility construction, when it is included.

    .. math:: C_\mathrm{total} = C_\mathrm{hardware} + C_\mathrm{facility}

    Parameters
    ----------
    hardware
        Hardware capex. [USD]
    facility
        Facility capex; None when facility construction is excluded. [USD]

    Returns
    -------
    Value
        Total capex. [USD]
    """
    return hardware + (0.0 if facility is None else facility)


def electricity_cost(energy: Value, price: Value) -> Value:
    r"""Return the cost of energy at a price per unit of energy.

    .. math:: C_\mathrm{electricity} = E \cdot p_\mathrm{Wh}

    Parameters
    ----------
    energy
        Energy. [Wh]
    price
        Price per watt-hour. [USD/Wh]

    Returns
    -------
    Value
        Cost. [USD]
    """
    return energy * price
