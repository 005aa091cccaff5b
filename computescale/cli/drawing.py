"""Drawing from the command line: matplotlib off screen, its warnings said once, figures closed.

``plot`` and every HTML page draw through :func:`drawing`; :func:`figure_svg` gives the
figure of each kind of result a page shows.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import Any

from computescale.cli.process import say, short

__all__ = ["drawing", "figure_svg"]


@contextmanager
def drawing() -> Iterator[ModuleType]:
    """Load matplotlib (off screen) and :mod:`computescale.plots`; close every figure after.

    A warning while drawing (characters the font lacks, drawn as boxes) is said as one line
    of its own, without matplotlib's paths.
    """
    # the command line draws off screen whatever MPLBACKEND says: a value matplotlib does
    # not know would stop its import
    os.environ["MPLBACKEND"] = "Agg"
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from computescale import plots

    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", UserWarning)  # what a user would see, each time
            yield plots
    finally:
        plt.close("all")
    said = [w for w in caught if _for_users(w.category)]
    for w in caught:  # a library's deprecation is for developers: passed on as it came
        if not _for_users(w.category):
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    for message in dict.fromkeys(str(w.message) for w in said):
        say(f"computescale: note: {short(message)}\n")


def _for_users(category: type[Warning]) -> bool:
    """Return whether a warning speaks to a user: a UserWarning that is no deprecation.

    pyparsing's deprecations are both (``PyparsingDeprecationWarning``).
    """
    deprecation = issubclass(category, DeprecationWarning | PendingDeprecationWarning)
    return issubclass(category, UserWarning) and not deprecation


_FIGURES: dict[str, Callable[[ModuleType, Any], Any]] = {
    "estimate": lambda plots, r: plots.estimate_figure(*r),
    "estimates": lambda plots, r: plots.clusters_figure(r),
    "claims": lambda plots, results: plots.claims_figure(results),
    "article": lambda plots, results: plots.claims_figure(results),  # drawn from its verdicts
}
"""The figure an HTML page of each kind of result shows, from :mod:`computescale.plots`."""


def figure_svg(kind: str) -> Callable[[Any], str] | None:
    """Return what draws a kind of result's figure as SVG for its page, or None without one."""
    draw = _FIGURES.get(kind)
    if draw is None:
        return None

    def svg(result: Any) -> str:
        with drawing() as plots:
            return str(plots.svg_text(draw(plots, result)))

    return svg
