"""``python -m cogov.experiments sweep|report ...``: the experiment commands on their own."""

import sys

from cogov.experiments.cli import main

if __name__ == "__main__":
    sys.exit(main())
