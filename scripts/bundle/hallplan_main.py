"""Entry point of the desktop bundle: the ``hallplan`` command (editor, check, demo, audit)."""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()  # the audit's worker processes start this executable again
    from planner.commands.cli import main, one_blas_thread

    one_blas_thread()  # before numpy loads, as the console script does
    sys.exit(main())
