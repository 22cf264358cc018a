"""``python -m reader`` is the ``duizhao`` command."""

import sys

from reader.cli import main

sys.exit(main())
