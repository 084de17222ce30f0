#!/usr/bin/env bash
# Sets up HallPlan and runs the main job on the bundled sample hall:
# the desktop editor when there is a display, else the check and the approval report.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup.sh
exec hallplan demo "$@"
