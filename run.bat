@echo off
rem Double-click starter for Windows: runs run.ps1 (PowerShell) with the arguments given.
powershell -NoProfile -ExecutionPolicy Bypass -File "%~dp0run.ps1" %*
exit /b %ERRORLEVEL%
