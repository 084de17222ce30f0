@echo off
rem Runs test.ps1 (PowerShell) with the arguments given.
powershell -NoProfile -ExecutionPolicy Bypass -File "%~dp0test.ps1" %*
exit /b %ERRORLEVEL%
