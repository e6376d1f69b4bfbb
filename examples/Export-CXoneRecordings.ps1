#Requires -Version 5.1
<#
.SYNOPSIS
    Saves the recordings of yesterday's completed CXone contacts to a folder, with a manifest.

.DESCRIPTION
    Made for unattended runs: a Windows scheduled task, an Azure DevOps step, a GitHub Actions job.
    It reads every credential from the environment (Connect-CXone without parameters):

        CXONE_ISSUER or CXONE_ENVIRONMENT (Global, FedRAMP)   which CXone to log in to (default Global)
        CXONE_CLIENT_ID, CXONE_CLIENT_SECRET                  the app registration
        CXONE_ACCESS_KEY_ID, CXONE_ACCESS_KEY_SECRET          the access key of the API user
        CXONE_API_ENDPOINT                                    optional: skips API endpoint discovery

    Contacts without a recording (or whose recording expired) are reported and skipped: they are not failures.
    The exit code is 0 when every recording found was saved (or was already there), 1 when any save failed,
    2 when nothing could start (login, bad arguments).

.PARAMETER OutputPath
    Folder for the media files. Created when missing. Default: $env:CXONE_EXPORT_PATH.

.PARAMETER StartDate
    Start of the window (local time). Default: yesterday 00:00.

.PARAMETER EndDate
    End of the window (local time, exclusive). Default: today 00:00.

.PARAMETER ManifestPath
    JSON-lines manifest (contact id, file, bytes, SHA-256, time). Default: manifest-<date>.jsonl in OutputPath.

.PARAMETER ThrottleLimit
    Downloads at once (1-32). Default 4.

.PARAMETER ModulePath
    Where CXone.psd1 is. Default: the installed module, else the repository root next to this script.

.EXAMPLE
    $env:CXONE_EXPORT_PATH = 'D:\rec'; .\Export-CXoneRecordings.ps1
#>
[CmdletBinding()]
param(
    [string] $OutputPath = $env:CXONE_EXPORT_PATH,
    [datetime] $StartDate = (Get-Date).Date.AddDays(-1),
    [datetime] $EndDate = (Get-Date).Date,
    [string] $ManifestPath,
    [ValidateRange(1, 32)] [int] $ThrottleLimit = 4,
    [string] $ModulePath
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

try {
    if (-not $OutputPath) {
        throw 'No output folder: pass -OutputPath or set CXONE_EXPORT_PATH.'
    }
    if ($EndDate -le $StartDate) {
        throw "EndDate ($EndDate) must be after StartDate ($StartDate)."
    }
    $null = New-Item -ItemType Directory -Path $OutputPath -Force
    if (-not $ManifestPath) {
        $ManifestPath = Join-Path $OutputPath ('manifest-{0:yyyy-MM-dd}.jsonl' -f $StartDate)
    }

    if ($ModulePath) {
        Import-Module $ModulePath -Force
    }
    elseif (Get-Module -ListAvailable -Name CXone) {
        Import-Module CXone
    }
    else {
        Import-Module (Join-Path (Split-Path $PSScriptRoot -Parent) 'CXone.psd1')
    }

    Connect-CXone   # environment login: reads the CXONE_* variables, never prints them
}
catch {
    Write-Error -Message "Export could not start: $($_.Exception.Message)" -ErrorAction Continue
    exit 2
}

$lookupErrors = $null
$saveErrors = $null
try {
    # Per-item problems (no recording, one failed download) are collected and the pipeline goes on;
    # anything that stops the whole run (lost login, API down after every retry) lands in catch.
    $saved = @(
        Get-CXoneContact -StartDate $StartDate -EndDate $EndDate |
            Get-CXoneRecording -ErrorAction SilentlyContinue -ErrorVariable +lookupErrors |
            Save-CXoneRecording -Path $OutputPath -ManifestPath $ManifestPath -ThrottleLimit $ThrottleLimit `
                -ErrorAction SilentlyContinue -ErrorVariable +saveErrors
    )
}
catch {
    Write-Error -Message ('Export stopped: {0}' -f $_.Exception.Message) -ErrorAction Continue
    Disconnect-CXone -ErrorAction SilentlyContinue
    exit 1
}

$notFound = @($lookupErrors | Where-Object { $_.FullyQualifiedErrorId -like 'CXone.RecordingNotFound*' })
$lookupFailures = @($lookupErrors | Where-Object { $_.FullyQualifiedErrorId -notlike 'CXone.RecordingNotFound*' })
$failures = @($lookupFailures) + @($saveErrors)

$bytes = ($saved | Measure-Object -Property Bytes -Sum).Sum
Write-Output ('Saved {0} recording file(s), {1:N0} bytes, to {2}' -f $saved.Count, $bytes, $OutputPath)
Write-Output ('Contacts without a recording: {0}' -f $notFound.Count)
Write-Output ('Manifest: {0}' -f $ManifestPath)

if ($failures.Count -gt 0) {
    foreach ($failure in $failures) {
        Write-Warning ('{0}: {1}' -f $failure.FullyQualifiedErrorId, $failure.Exception.Message)
    }
    Write-Output ('Failed: {0}' -f $failures.Count)
    Disconnect-CXone
    exit 1
}

Disconnect-CXone
exit 0
