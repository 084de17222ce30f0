"""Regenerate the bundled sample plans in assets/samples from geometry.synthetic.

    python scripts/make_samples.py
"""

from __future__ import annotations

import assets
from geometry.model import LEVELS
from geometry.project import save_plan
from geometry.synthetic import sample_plan


def main() -> None:
    out = assets.path("samples")
    out.mkdir(parents=True, exist_ok=True)
    for level in LEVELS:
        for compliant in (True, False):
            name = f"{level}-{'compliant' if compliant else 'violations'}.hallplan"
            save_plan(sample_plan(level, compliant), out / name)
            print(out / name)


if __name__ == "__main__":
    main()
