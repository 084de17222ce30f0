# Creates .venv (Python >= 3.11) and installs HallPlan into it: what scripts/setup.sh does, for Windows
# PowerShell 5.1 and PowerShell 7.  Dot-sourced by run.ps1 and test.ps1.
# Usage: . scripts\setup.ps1 [extras]
param([string]$Extras = "")
$ErrorActionPreference = "Stop"
$Here = Split-Path -Parent $PSScriptRoot
$Venv = if ($env:HALLPLAN_VENV) { $env:HALLPLAN_VENV } else { Join-Path $Here ".venv" }

# the Python launcher (py -3) when present, else python on PATH; $env:PYTHON overrides both
function Find-Python {
    if ($env:PYTHON) { return ,@($env:PYTHON) }
    if (Get-Command py -ErrorAction SilentlyContinue) { return ,@("py", "-3") }
    if (Get-Command python -ErrorAction SilentlyContinue) { return ,@("python") }
    return $null
}
$Py = Find-Python
if ($null -eq $Py) {
    [Console]::Error.WriteLine("HallPlan needs Python 3.11 or newer: install it from python.org (tick 'Add python.exe to PATH')")
    exit 2
}
$PyExe = $Py[0]
$PyArgs = @($Py | Select-Object -Skip 1)
& $PyExe @PyArgs -c "import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)" 2>$null
if ($LASTEXITCODE -ne 0) {
    $found = (& $PyExe @PyArgs --version 2>&1) -join " "
    [Console]::Error.WriteLine("HallPlan needs Python 3.11 or newer (found: $found)")
    exit 2
}
$VenvPy = Join-Path $Venv "Scripts\python.exe"
if (-not (Test-Path -LiteralPath $VenvPy)) {
    & $PyExe @PyArgs -m venv "$Venv"
    if ($LASTEXITCODE -ne 0) { exit 2 }
}
# reinstall when pyproject.toml or the set of packages changes (the editable finder maps packages)
$stamp = Join-Path $Venv (".hallplan-installed" + $(if ($Extras) { "-$Extras" } else { "" }))
$inits = Get-ChildItem -LiteralPath (Join-Path $Here "geometry"), (Join-Path $Here "standards"), (Join-Path $Here "planner"), (Join-Path $Here "assets") `
    -Recurse -Filter "__init__.py" | ForEach-Object { $_.FullName.Substring($Here.Length) } | Sort-Object
$text = (Get-Content -LiteralPath (Join-Path $Here "pyproject.toml") -Raw) + ($inits -join "`n")
$sha = [System.Security.Cryptography.SHA256]::Create()
$want = [System.BitConverter]::ToString($sha.ComputeHash([System.Text.Encoding]::UTF8.GetBytes($text))) -replace "-", ""
$have = if (Test-Path -LiteralPath $stamp) { (Get-Content -LiteralPath $stamp -Raw).Trim() } else { "" }
if ($have -ne $want) {
    $target = if ($Extras) { $Here + "[" + $Extras + "]" } else { $Here }
    & $VenvPy -m pip install -q --disable-pip-version-check -e "$target"
    if ($LASTEXITCODE -ne 0) { exit 2 }
    Set-Content -LiteralPath $stamp -Value $want -Encoding ascii
}
$env:PATH = (Join-Path $Venv "Scripts") + [System.IO.Path]::PathSeparator + $env:PATH
$env:PYTHONUTF8 = "1"  # Chinese file names and messages in the console, whatever the code page
