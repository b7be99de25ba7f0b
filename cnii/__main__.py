import sys

from cnii.cli import main

sys.exit(main())
