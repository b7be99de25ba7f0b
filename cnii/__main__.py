"""``python -m cnii`` and the ``cnii`` script."""

import gc
import sys


def run() -> int:
    """Start the command line; Ctrl-C while it loads exits 130 like any other."""
    # Loading the command line makes many objects and no garbage: collecting
    # while it does is wasted (1.3 % of start-up, in instructions).
    gc.set_threshold(100_000, 20, 100)
    try:
        from cnii.cli import main
    except KeyboardInterrupt:
        return 130
    return main()


if __name__ == "__main__":
    sys.exit(run())
