"""What every ``hallplan SUBCOMMAND`` does around its work: the language from the arguments, options
parsed with a one-line error (exit 2; ``--help`` 0), and a HallPlanError said in one line (exit 2)."""

from __future__ import annotations

import argparse
import sys
from typing import Callable, Sequence

from geometry.i18n import HallPlanError, set_language

EXIT_INPUT = 2


def argv_lang(argv: Sequence[str]) -> str:
    """``en`` when the arguments ask for English (``--lang en`` or ``--lang=en``), else ``zh``."""
    args = list(argv)
    return "en" if "--lang=en" in args or ("--lang" in args and args[args.index("--lang") + 1:][:1] == ["en"]) else "zh"


def run_subcommand(argv: Sequence[str], parser: Callable[[], argparse.ArgumentParser],
                   run: Callable[[argparse.Namespace], int]) -> int:
    """Parse ``argv`` with ``parser()`` and ``run`` the parsed arguments; the exit status."""
    lang = argv_lang(argv)
    set_language(lang)
    try:
        args = parser().parse_args(list(argv))
    except SystemExit as exc:  # a bad option: one line said, exit 2 (--help: 0)
        return int(exc.code or 0)
    try:
        return run(args)
    except HallPlanError as exc:
        print(f"hallplan: {exc.text(lang)}", file=sys.stderr)
        return EXIT_INPUT
