"""The ``computescale`` command: a thin skin over the library.

By idea: :mod:`~computescale.cli.parser` the grammar (commands, arguments, help);
:mod:`~computescale.cli.options` the option types, the option groups commands share and
their reading into library arguments; :mod:`~computescale.cli.commands` one function per
command over one library call, writing its result through the renderer table
(:mod:`computescale.report.renderers`); :mod:`~computescale.cli.drawing` matplotlib off
screen; :mod:`~computescale.cli.process` the exit status, standard output and error, and
signals; :mod:`~computescale.cli.program` runs a command line.

Exit status (:class:`~computescale.cli.process.ExitStatus`): 0 success (``check``: whatever
the verdicts, unless ``--strict`` and a claim is inconsistent: 1; or 3 when some claims could
not be checked, because an input they name is invalid, while the others were); 2 bad input or
an output that cannot be written (one line on stderr, no traceback); 1 an unexpected internal
error (a bug: please report it); 130 interrupted (Ctrl-C); 143 terminated (SIGTERM). A
standard output closed by its reader (``| head``) ends quietly with 0.
"""

from computescale.cli.parser import build_parser
from computescale.cli.process import ExitStatus
from computescale.cli.program import main

__all__ = ["ExitStatus", "build_parser", "main"]
