"""Entry point of the packaged program: the same ``duizhao`` command line.

``duizhao FILE``, ``duizhao --version``, ``duizhao gloss ...`` and every other
sub-command work from the bundle exactly as from the installed package.
"""

import multiprocessing
import sys

from reader.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # harmless elsewhere; needed if a worker process is ever spawned on Windows
    sys.exit(main())
