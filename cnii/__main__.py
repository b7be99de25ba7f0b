"""``python -m cnii`` and the ``cnii`` script."""

import sys


def run() -> int:
    """Start the command line; Ctrl-C while it loads exits 130 like any other."""
    try:
        from cnii.cli import main
    except KeyboardInterrupt:
        return 130
    return main()


if __name__ == "__main__":
    sys.exit(run())
