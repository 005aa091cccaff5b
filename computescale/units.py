"""The one pint unit registry of computescale.

Every quantity in the public API is built from this registry. It is a private
registry (not pint's application registry), so defining ``FLOP`` and ``USD`` here
never changes units for other pint users in the same process.

Definitions
-----------
``FLOP``
    One floating-point operation, a dimension of its own (``[compute]``), so that
    FLOP/s can never be confused with 1/s.
``FLOPS``, ``flops``
    FLOP per second. Pint would otherwise read "flops" as the plural of "flop"
    (a count, not a rate); defining it explicitly closes that trap.
``OP``, ``OPS``
    Integer operations (INT8 tensor throughput), a dimension separate from FLOP.
``USD``
    United States dollar, dimension ``[currency]``; aliases ``usd`` and ``dollar``.

All SI prefixes apply, up to zetta and beyond: ``ZFLOP/s``, ``EFLOPS``,
``kUSD``, ``GW``. Besides these: second, minute, hour, day, week, month,
year, meter, gram, byte, joule, watt, watt-hour (``Wh``) and percent; the
definitions are in ``units.txt`` beside this module (pint's full default set
takes ~0.1 s to build, a quarter of a CLI run).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pint

__all__ = ["Q_", "Quantity", "ureg"]

ureg: Any = pint.UnitRegistry(None, on_redefinition="raise", cache_folder=None)
ureg.load_definitions(str(Path(__file__).with_name("units.txt")))

Q_: Any = ureg.Quantity
Quantity = pint.Quantity
