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
takes ~0.1 s to build, a quarter of a CLI run). The registry is built, and pint
imported, on first use of ``ureg`` or ``Q_``.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pint

    ureg: pint.UnitRegistry[Any]
    Q_: Any
    Quantity: Any

__all__ = ["Q_", "Quantity", "registry", "ureg"]


_built: list[Any] = []
_lock = threading.Lock()


def registry() -> Any:
    """Return the registry, built once, on first use, even if threads race for it.

    pint is imported here rather than when computescale is imported: it is the
    largest import of the package (about 0.15 s, more than half of a CLI run), and
    an estimate from a file that writes only plain numbers never needs it.
    """
    if not _built:
        with _lock:
            if not _built:
                import pint

                ureg: Any = pint.UnitRegistry(None, on_redefinition="raise", cache_folder=None)
                ureg.load_definitions(str(Path(__file__).with_name("units.txt")))
                _built.append(ureg)
    return _built[0]


def __getattr__(name: str) -> Any:
    """Build ``ureg``, ``Q_`` and ``Quantity`` on first access (PEP 562)."""
    if name == "ureg":
        return registry()
    if name == "Q_":
        return registry().Quantity
    if name == "Quantity":
        import pint

        return pint.Quantity
    raise AttributeError(f"module 'computescale.units' has no attribute {name!r}")
