"""Entry point of the packaged app: the same as running `mugui` with no arguments."""

import sys

from mugui.cli.main import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
