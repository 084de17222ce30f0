#!/usr/bin/env bash
# Creates .venv (Python >= 3.11) and installs HallPlan into it.  Sourced by run.sh and test.sh.
# Usage: source scripts/setup.sh [extras]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${HALLPLAN_VENV:-$HERE/.venv}"
PY="${PYTHON:-python3}"
if ! "$PY" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
    echo "HallPlan needs Python 3.11 or newer (found: $("$PY" --version 2>&1))" >&2
    exit 2
fi
if [ ! -x "$VENV/bin/python" ]; then
    "$PY" -m venv "$VENV"
fi
extras="${1:-}"
stamp="$VENV/.hallplan-installed${extras:+-$extras}"
# reinstall when pyproject.toml or the set of packages changes (the editable finder maps packages)
want="$(cd "$HERE" && { cat pyproject.toml; find geometry standards planner assets -name __init__.py | sort; } | cksum)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    # pip's notes about absent local mirror folders are noise here; real errors still show
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e "$HERE${extras:+[$extras]}" \
        2> >(grep -v -e "is ignored: it is neither a file nor a directory" >&2)
    echo "$want" > "$stamp"
fi
export PATH="$VENV/bin:$PATH"
