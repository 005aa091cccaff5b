"""Helpers for testing code built on computescale (and computescale itself).

:mod:`computescale.testing.strategies` holds hypothesis strategies that draw the
library's own inputs: uncertain values, fleets, clusters, assumptions and claims.
It needs hypothesis, a test dependency: install ``computescale[test]``. This
package itself imports nothing, so it loads without hypothesis.
"""

__all__: list[str] = []
