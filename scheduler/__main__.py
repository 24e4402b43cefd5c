"""``python -m scheduler``: the command line, as ``docking-scheduler``."""

from scheduler.cli.main import main

if __name__ == "__main__":
    main(prog_name="docking-scheduler")
