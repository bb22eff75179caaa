"""`python -m analysis analyze|bench ...` (see analysis/cli.py)."""

import sys

from analysis.cli import main

if __name__ == "__main__":
    sys.exit(main())
