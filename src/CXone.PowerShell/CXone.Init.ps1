# Runs before PowerShell reads the module's cmdlets (ScriptsToProcess in CXone.psd1): their parameter types live in
# CXone.Core, which sits in the dependencies/ subfolder where only the module's own resolver finds it. This installs
# that resolver first. It defines nothing in the caller's session.
$cxoneModuleAssembly = [System.Reflection.Assembly]::LoadFrom((Join-Path $PSScriptRoot 'CXone.PowerShell.dll'))
[void] $cxoneModuleAssembly.GetType('CXone.PowerShell.CXoneModuleInitializer', $true).GetMethod('InstallResolver').Invoke($null, $null)
Remove-Variable -Name cxoneModuleAssembly
