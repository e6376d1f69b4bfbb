# One side of the contacts row in a fresh pwsh, so that its process memory growth is its own: connects (the module,
# or by hand), reads the contacts, prints one JSON line {rows, seconds, growthBytes} and exits.
# Started by Invoke-CXoneBench.ps1; not meant to be run by hand.
param(
    [Parameter(Mandatory)] [ValidateSet('Module', 'HandWritten')] [string] $Side,
    [Parameter(Mandatory)] [string] $Issuer,
    [Parameter(Mandatory)] [string] $Manifest,
    [int] $First = 0
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
. (Join-Path $PSScriptRoot 'HandWritten.ps1')
$info = Invoke-RestMethod -Uri "$Issuer/_emulator/info"
$start = [DateTimeOffset]::Parse($info.dataSetStart, [Globalization.CultureInfo]::InvariantCulture).AddMinutes(-1)
$end = [DateTimeOffset]::Parse($info.dataSetEnd, [Globalization.CultureInfo]::InvariantCulture).AddMinutes(1)

if ($Side -eq 'Module') {
    Import-Module $Manifest
    $secret = { param($t) ConvertTo-SecureString -String $t -AsPlainText -Force }
    Connect-CXone -Issuer $Issuer -ClientId $info.clientId -ClientSecret (& $secret $info.clientSecret) `
        -AccessKeyId $info.accessKeyId -AccessKeySecret (& $secret $info.accessKeySecret)
    $read = if ($First -gt 0) { { Get-CXoneContact -StartDate $start -EndDate $end -First $First } } else { { Get-CXoneContact -StartDate $start -EndDate $end } }
}
else {
    $connection = Connect-HandWritten -Issuer $Issuer -Info $info
    $read = { Get-HandWrittenContact -Connection $connection -StartDate $start -EndDate $end -First $First }
}

# Both sides are warm before the measured read: one small page each (JIT of the code paths, the connection).
$null = & { if ($Side -eq 'Module') { Get-CXoneContact -StartDate $start -EndDate $end -First 10 } else { Get-HandWrittenContact -Connection $connection -StartDate $start -EndDate $end -First 10 } }
[GC]::Collect()
$process = [Diagnostics.Process]::GetCurrentProcess()
$process.Refresh()
$before = $process.WorkingSet64
$watch = [Diagnostics.Stopwatch]::StartNew()
$rows = (& $read | Measure-Object).Count
$watch.Stop()
$process.Refresh()
[pscustomobject]@{ rows = $rows; seconds = $watch.Elapsed.TotalSeconds; growthBytes = [Math]::Max(0, $process.PeakWorkingSet64 - $before) } | ConvertTo-Json -Compress
