#Requires -Version 5.1
#Requires -Modules ScheduledTasks
<#
.SYNOPSIS
    Registers a Windows scheduled task that runs Export-CXoneRecordings.ps1 every night.

.DESCRIPTION
    The task runs as the account you give, whether or not it is logged on. It takes no CXone secret:
    the export script reads CXONE_CLIENT_ID, CXONE_CLIENT_SECRET, CXONE_ACCESS_KEY_ID and
    CXONE_ACCESS_KEY_SECRET from that account's environment. Set them once, logged on as that account:

        [Environment]::SetEnvironmentVariable('CXONE_ACCESS_KEY_ID', '<id>', 'User')   # and the others

    or load them from a SecretManagement vault in a wrapper script. Run this script elevated.

.PARAMETER OutputPath
    Folder for recordings and manifests.

.PARAMETER At
    Time of day to run (local). Default 02:30.

.PARAMETER User
    Account the task runs as, for example 'CONTOSO\svc-cxone'. You are asked for its password.

.PARAMETER TaskName
    Default 'CXone recording export'.

.PARAMETER PowerShellPath
    pwsh.exe or powershell.exe. Default: pwsh.exe when installed, else Windows PowerShell.

.EXAMPLE
    .\Register-CXoneExportTask.ps1 -OutputPath D:\rec -User 'CONTOSO\svc-cxone'
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [Parameter(Mandatory)] [string] $OutputPath,
    [datetime] $At = '02:30',
    [Parameter(Mandatory)] [string] $User,
    [string] $TaskName = 'CXone recording export',
    [string] $PowerShellPath
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$script = Join-Path $PSScriptRoot 'Export-CXoneRecordings.ps1'
if (-not (Test-Path $script)) {
    throw "Export-CXoneRecordings.ps1 was not found next to this script ($PSScriptRoot)."
}
if (-not $PowerShellPath) {
    $pwsh = Get-Command pwsh.exe -ErrorAction SilentlyContinue
    $PowerShellPath = if ($pwsh) { $pwsh.Source } else { Join-Path $PSHOME 'powershell.exe' }
}

$arguments = '-NoProfile -NonInteractive -ExecutionPolicy Bypass -File "{0}" -OutputPath "{1}"' -f $script, $OutputPath
$action = New-ScheduledTaskAction -Execute $PowerShellPath -Argument $arguments -WorkingDirectory $PSScriptRoot
$trigger = New-ScheduledTaskTrigger -Daily -At $At
$settings = New-ScheduledTaskSettingsSet -StartWhenAvailable -ExecutionTimeLimit (New-TimeSpan -Hours 6) -MultipleInstances IgnoreNew

if ($PSCmdlet.ShouldProcess($TaskName, "Register a daily task at $($At.ToString('HH:mm')) running as $User")) {
    $credential = Get-Credential -UserName $User -Message "Password of $User (the task runs as this account)"
    Register-ScheduledTask -TaskName $TaskName -Action $action -Trigger $trigger -Settings $settings `
        -User $credential.UserName -Password $credential.GetNetworkCredential().Password -RunLevel Limited -Force |
        Select-Object TaskName, State
}
