#Requires -Version 7.2
<#
.SYNOPSIS
The module next to the script a user would write instead (Invoke-RestMethod with a hand-rolled token), side by
side in one run against one emulator; prints one table of medians of several rounds and their ratios.

.DESCRIPTION
Rows: Invoke-CXoneRequest vs Invoke-RestMethod (-WebSession reuse and the bearer header); Get-CXoneContact over
2,000 and over 100,000 contacts vs a hand-written paging loop (rows per second and the pwsh process's memory
growth, each side in a fresh pwsh); Import-Module in a fresh pwsh; Connect-CXone + first request vs hand-written
discovery + password grant + first request; Save-CXoneRecording -ThrottleLimit 8 of 200 recordings vs a
hand-written lookup + Invoke-WebRequest -OutFile loop, at 20 ms server latency (media playback limit raised on the
emulator; a fresh Connect-CXone per round keeps the client's own limit of 150 per 5 minutes from biting).
-Quick shrinks every row (a smoke run; its numbers are not judged). The exit code says whether every row ran,
never how fast anything was. Needs a Release build (./build.ps1 -Task Build).

.EXAMPLE
pwsh -NoProfile -File bench/pwsh/Invoke-CXoneBench.ps1 -Quick
#>
[CmdletBinding()]
param(
    [switch] $Quick,
    [string] $Configuration = 'Release',
    # Also write the header and table as markdown to this file.
    [string] $Markdown
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$repo = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$manifest = Join-Path $repo 'CXone.psd1'
. (Join-Path $repo 'tests/Pester/Emulator.ps1')
. (Join-Path $PSScriptRoot 'HandWritten.ps1')
. (Join-Path $PSScriptRoot 'BenchRows.ps1')

$sizes = if ($Quick) {
    @{ Rounds = 3; Calls = 100; Small = 2000; Large = 10000; Contacts = 10000; Recordings = 40; ProcessRounds = 1 }
}
else {
    @{ Rounds = 5; Calls = 300; Small = 2000; Large = 100000; Contacts = 100000; Recordings = 200; ProcessRounds = 3 }
}

$header = @(
    '# CXone pwsh benchmarks: the module vs Invoke-RestMethod on the emulator',
    '',
    "- date (UTC): $([DateTime]::UtcNow.ToString('yyyy-MM-dd HH:mm:ss', [Globalization.CultureInfo]::InvariantCulture))Z",
    "- mode: $(if ($Quick) { 'quick (reduced sizes: a smoke run, its numbers are not judged)' } else { 'full' })",
    "- machine: $([Environment]::ProcessorCount) logical cores, $([Runtime.InteropServices.RuntimeInformation]::OSDescription), $(Get-CpuModel)",
    "- pwsh $($PSVersionTable.PSVersion), $([Runtime.InteropServices.RuntimeInformation]::FrameworkDescription)",
    "- load average at start: $(Get-LoadAverage) (other processes share these cores)"
)
$header | ForEach-Object { Write-Host $_ }

$emulator = Start-CXoneEmulator -RepoRoot $repo -Configuration $Configuration `
    -ArgumentList @('--contacts', "$($sizes.Contacts)", '--media-playback-limit', '1000000')
$rows = New-Object System.Collections.Generic.List[object]
$failures = New-Object System.Collections.Generic.List[string]
$total = [Diagnostics.Stopwatch]::StartNew()
try {
    $bench = [pscustomobject]@{
        Issuer = $emulator.Issuer
        Info = Invoke-RestMethod -Uri "$($emulator.Issuer)/_emulator/info"
        Manifest = $manifest
        Sizes = $sizes
        Scratch = Join-Path ([IO.Path]::GetTempPath()) "cxone-pwsh-bench-$PID"
    }
    Import-Module $manifest -Force
    $steps = [ordered]@{
        'requests' = { Measure-RequestRow -Bench $bench }
        'contacts' = { Measure-ContactRows -Bench $bench }
        'import' = { Measure-ImportRow -Bench $bench }
        'connect' = { Measure-ConnectRow -Bench $bench }
        'recordings' = { Measure-RecordingRow -Bench $bench }
    }
    foreach ($name in $steps.Keys) {
        $watch = [Diagnostics.Stopwatch]::StartNew()
        [Console]::Error.Write("$name ... ")
        try {
            foreach ($row in @(& $steps[$name])) { $rows.Add($row) }
            [Console]::Error.WriteLine(('{0:0.0} s' -f $watch.Elapsed.TotalSeconds))
        }
        catch {
            [Console]::Error.WriteLine("FAILED: $($_.Exception.Message)")
            $failures.Add("${name}: $($_.Exception.Message)")
            $rows.Add((New-BenchRow "$name did not run" '-' '-' '-'))
        }
    }
}
finally {
    Get-Module CXone | Remove-Module -Force -ErrorAction SilentlyContinue
    Stop-CXoneEmulator -Emulator $emulator
    if ((Get-Variable bench -ErrorAction SilentlyContinue) -and (Test-Path -LiteralPath $bench.Scratch)) {
        Remove-Item -LiteralPath $bench.Scratch -Recurse -Force -ErrorAction SilentlyContinue
    }
}

$table = @('| measure | CXone module | hand-written (Invoke-RestMethod) | ratio (module / hand-written) |', '| --- | --- | --- | --- |')
$table += $rows | ForEach-Object { "| $($_.Measure) | $($_.Module) | $($_.Hand) | $($_.Ratio) |" }
$notes = @(
    '',
    'Notes:',
    "- One emulator process ($($sizes.Contacts) contacts, media playback limit raised to 1,000,000 per 5 minutes); every figure is the median of $($sizes.Rounds) rounds (the contacts rows: $($sizes.ProcessRounds) fresh pwsh per side), sides alternating which goes first.",
    '- Hand-written = discovery, a password grant with the access key (HTTP Basic client authentication), cxone-configuration for the API endpoint, then Invoke-RestMethod with one WebRequestSession carrying the bearer header and Accept: application/json; recordings: one contact after the other, Invoke-WebRequest -OutFile without the token.',
    '- Memory growth = peak working set of that fresh pwsh minus its working set just before the read (after import, connect and a 10-row warm-up read).',
    '- Connect rows run in this (warm) process: the module keeps discovery answers for the issuer, the hand-written side fetches them each time; requests per connect are counted by the emulator.',
    '- 20 ms of latency is added by the emulator on media playback lookups and on storage for the recordings row only.',
    "- Ratios only; the exit code says whether every row ran. Wall time: $('{0:0}' -f $total.Elapsed.TotalSeconds) s."
)
Write-Host ''
$table + $notes | ForEach-Object { Write-Host $_ }
if ($Markdown) {
    Set-Content -LiteralPath $Markdown -Value ($header + '' + $table + $notes) -Encoding utf8NoBOM
}
foreach ($f in $failures) { Write-Host "pwsh benchmark failed: $f" }
exit ([int]($failures.Count -gt 0))
