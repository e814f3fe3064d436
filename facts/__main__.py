"""`python -m facts`: the fact store's command line."""

import sys

from facts.cli import main

sys.exit(main())
