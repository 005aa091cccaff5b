"""``python -m computescale``."""

import sys

from computescale.cli import main

sys.exit(main())
