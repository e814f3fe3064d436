"""`python -m facts`: the fact store's command line."""

import sys

from facts.cli import run

sys.exit(run())
