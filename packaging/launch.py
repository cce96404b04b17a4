"""Entry point of the packaged app: the same as running `mugui` with its arguments.

The window starts ``sys.executable -m mugui.training.kernel_compilation`` as its kernel-compiling
helper; frozen, sys.executable is this app, so ``-m`` runs one of mugui's own modules as Python
would (and nothing else: the app is not a general Python interpreter).
"""

import runpy
import sys

from mugui.cli.main import main

if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "-m" and sys.argv[2].startswith("mugui."):
        module = sys.argv[2]
        sys.argv = [sys.argv[0], *sys.argv[3:]]
        runpy.run_module(module, run_name="__main__", alter_sys=True)
        sys.exit(0)
    sys.exit(main(sys.argv[1:]))
