# Sets up HallPlan and runs the main job on the bundled sample hall (what run.sh does, on Windows):
# the desktop editor.  Usage: powershell -ExecutionPolicy Bypass -File run.ps1 [hallplan demo options]
$ErrorActionPreference = "Stop"
Set-Location -LiteralPath $PSScriptRoot
. (Join-Path $PSScriptRoot "scripts\setup.ps1")
& hallplan demo @args
exit $LASTEXITCODE
