#!/usr/bin/env bash
# Sets up HallPlan with its test tools and runs the whole test suite headless.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup.sh test
export QT_QPA_PLATFORM=offscreen
exec python -m pytest "$@"
