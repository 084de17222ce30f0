# Sets up HallPlan with its test tools and runs the whole test suite headless (what test.sh does, on
# Windows).  Usage: powershell -ExecutionPolicy Bypass -File test.ps1 [pytest options]
$ErrorActionPreference = "Stop"
Set-Location -LiteralPath $PSScriptRoot
. (Join-Path $PSScriptRoot "scripts\setup.ps1") -Extras test
$env:QT_QPA_PLATFORM = "offscreen"
& python -m pytest @args
exit $LASTEXITCODE
