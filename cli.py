#!/usr/bin/env python3
"""The docking-scheduler command line, runnable from a checkout: ``python cli.py --help``."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scheduler.cli.main import main

if __name__ == "__main__":
    main()
