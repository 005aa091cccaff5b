"""The engine: named formulas per accelerator, composed, and the two passes over a cluster.

- :mod:`~computescale.engine.throughput`: peak rates, format resolution, H100-equivalents.
- :mod:`~computescale.engine.power`: chip, IT and facility power; energy.
- :mod:`~computescale.engine.cost`: capital and electricity costs.
- :mod:`~computescale.engine.accelerator`: every figure of one accelerator of a fleet.
- :mod:`~computescale.engine.passes`: sums over fleets, as guaranteed bounds and as samples.
"""
