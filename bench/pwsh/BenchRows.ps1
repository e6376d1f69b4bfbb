# The rows of Invoke-CXoneBench.ps1: each measures the module and the hand-written script side by side, in rounds
# that alternate which side goes first, and returns rows of medians. Dot-sourced; $Bench carries the emulator's
# issuer and info, the manifest, the sizes and a scratch folder.

function New-BenchRow([string] $Measure, [string] $Module, [string] $Hand, [string] $Ratio) {
    [pscustomobject]@{ Measure = $Measure; Module = $Module; Hand = $Hand; Ratio = $Ratio }
}

function Get-Median([double[]] $Values) {
    $sorted = @($Values | Sort-Object)
    if ($sorted.Count -eq 0) { return [double]::NaN }
    $mid = [int][Math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2) { return $sorted[$mid] }
    ($sorted[$mid - 1] + $sorted[$mid]) / 2
}

function Format-Ratio([double] $Value) { '{0:0.00}x' -f $Value }

function Get-LoadAverage {
    if (Test-Path -LiteralPath '/proc/loadavg') { ((Get-Content -LiteralPath '/proc/loadavg' -Raw).Split(' ') | Select-Object -First 3) -join ' ' } else { 'n/a' }
}

function Get-CpuModel {
    if (-not (Test-Path -LiteralPath '/proc/cpuinfo')) { return 'CPU n/a' }
    $line = Get-Content -LiteralPath '/proc/cpuinfo' | Where-Object { $_ -like 'model name*' } | Select-Object -First 1
    if ($line) { $line.Substring($line.IndexOf(':') + 1).Trim() } else { 'CPU n/a' }
}

function Connect-Module($Bench) {
    $info = $Bench.Info
    Connect-CXone -Issuer $Bench.Issuer -ClientId $info.clientId -ClientSecret (ConvertTo-SecureString $info.clientSecret -AsPlainText -Force) `
        -AccessKeyId $info.accessKeyId -AccessKeySecret (ConvertTo-SecureString $info.accessKeySecret -AsPlainText -Force)
}

# Runs both sides $Rounds times, alternating which goes first; returns @{ module = [ms...]; hand = [ms...] }.
function Invoke-Rounds([int] $Rounds, [scriptblock] $Module, [scriptblock] $Hand) {
    $times = @{ module = New-Object System.Collections.Generic.List[double]; hand = New-Object System.Collections.Generic.List[double] }
    for ($round = 0; $round -lt $Rounds; $round++) {
        $order = if ($round % 2) { 'hand', 'module' } else { 'module', 'hand' }
        foreach ($side in $order) {
            $block = if ($side -eq 'module') { $Module } else { $Hand }
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $null = & $block
            $times[$side].Add($watch.Elapsed.TotalMilliseconds)
        }
    }
    $times
}

function Measure-RequestRow($Bench) {
    $n = $Bench.Sizes.Calls
    $path = 'inContactAPI/services/v30.0/server-time'
    Connect-Module $Bench
    $handConn = Connect-HandWritten -Issuer $Bench.Issuer -Info $Bench.Info
    $uri = "$($handConn.ApiEndpoint)/$path"
    $module = { foreach ($i in 1..$n) { $null = Invoke-CXoneRequest -Path $path } }
    $raw = { foreach ($i in 1..$n) { $null = Invoke-RestMethod -Uri $uri -WebSession $handConn.WebSession } }
    $null = Invoke-Rounds 1 $module $raw  # warm-up
    $t = Invoke-Rounds $Bench.Sizes.Rounds $module $raw
    $ratios = for ($i = 0; $i -lt $t.module.Count; $i++) { $t.module[$i] / $t.hand[$i] }
    $m = (Get-Median $t.module) * 1000 / $n
    $h = (Get-Median $t.hand) * 1000 / $n
    Disconnect-CXone
    New-BenchRow "Invoke-CXoneRequest vs Invoke-RestMethod -WebSession, server-time, $n calls per round" ('{0:0} us/call' -f $m) ('{0:0} us/call' -f $h) (Format-Ratio (Get-Median $ratios))
}

function Invoke-ContactChild($Bench, [string] $Side, [int] $First) {
    $child = Join-Path $PSScriptRoot 'BenchChild.ps1'
    $out = & pwsh -NoProfile -NonInteractive -File $child -Side $Side -Issuer $Bench.Issuer -Manifest $Bench.Manifest -First $First
    if ($LASTEXITCODE -ne 0) { throw "the $Side contacts child exited with $LASTEXITCODE" }
    ($out | Where-Object { $_ -like '{*' } | Select-Object -Last 1) | ConvertFrom-Json
}

function Measure-ContactRows($Bench) {
    foreach ($size in $Bench.Sizes.Small, $Bench.Sizes.Large) {
        $first = if ($size -lt $Bench.Sizes.Contacts) { $size } else { 0 }
        $runs = @{ Module = @(); HandWritten = @() }
        for ($round = 0; $round -lt $Bench.Sizes.ProcessRounds; $round++) {
            $order = if ($round % 2) { 'HandWritten', 'Module' } else { 'Module', 'HandWritten' }
            foreach ($side in $order) {
                $r = Invoke-ContactChild $Bench $side $first
                if ($r.rows -ne $size) { throw "$side read $($r.rows) contacts, expected $size" }
                $runs[$side] += $r
            }
        }
        $rate = @{}; $growth = @{}
        foreach ($side in 'Module', 'HandWritten') {
            $rate[$side] = Get-Median @($runs[$side] | ForEach-Object { $_.rows / $_.seconds })
            $growth[$side] = Get-Median @($runs[$side] | ForEach-Object { [double]$_.growthBytes })
        }
        $label = '{0:N0}' -f $size
        New-BenchRow "Get-CXoneContact vs hand-written paging loop, $label contacts: rows per second" ('{0:N0} rows/s' -f $rate.Module) ('{0:N0} rows/s' -f $rate.HandWritten) ((Format-Ratio ($rate.Module / $rate.HandWritten)) + ' (higher is faster)')
        New-BenchRow "same, $label contacts: pwsh process memory growth (peak working set)" ('{0:0.0} MiB' -f ($growth.Module / 1MB)) ('{0:0.0} MiB' -f ($growth.HandWritten / 1MB)) (Format-Ratio ($growth.Module / [Math]::Max(1, $growth.HandWritten)))
    }
}

function Measure-ImportRow($Bench) {
    $import = @(); $bare = @()
    $command = "`$w = [Diagnostics.Stopwatch]::StartNew(); Import-Module '$($Bench.Manifest)'; `$w.Elapsed.TotalMilliseconds"
    for ($round = 0; $round -lt $Bench.Sizes.Rounds; $round++) {
        $import += [double](& pwsh -NoProfile -NonInteractive -Command $command | Select-Object -Last 1)
        $w = [Diagnostics.Stopwatch]::StartNew()
        & pwsh -NoProfile -NonInteractive -Command 'exit 0'
        $bare += $w.Elapsed.TotalMilliseconds
    }
    New-BenchRow 'Import-Module CXone in a fresh pwsh (no baseline: the start of a bare pwsh for scale)' ('{0:0} ms' -f (Get-Median $import)) ('{0:0} ms (pwsh -Command exit 0)' -f (Get-Median $bare)) '-'
}

function Get-RequestTotal($Bench) { (Invoke-RestMethod -Uri "$($Bench.Issuer)/_emulator/stats").routes.PSObject.Properties | Measure-Object -Property { $_.Value.total } -Sum | ForEach-Object Sum }

function Measure-ConnectRow($Bench) {
    $path = 'inContactAPI/services/v30.0/server-time'
    $module = { Connect-Module $Bench; $null = Invoke-CXoneRequest -Path $path }
    $byHand = { $c = Connect-HandWritten -Issuer $Bench.Issuer -Info $Bench.Info; $null = Invoke-RestMethod -Uri "$($c.ApiEndpoint)/$path" -WebSession $c.WebSession }
    $null = Invoke-Rounds 1 $module $byHand
    $before = Get-RequestTotal $Bench; & $module; $moduleRequests = (Get-RequestTotal $Bench) - $before
    $before = Get-RequestTotal $Bench; & $byHand; $handRequests = (Get-RequestTotal $Bench) - $before
    $t = Invoke-Rounds $Bench.Sizes.Rounds $module $byHand
    $ratios = for ($i = 0; $i -lt $t.module.Count; $i++) { $t.module[$i] / $t.hand[$i] }
    Disconnect-CXone
    New-BenchRow 'Connect-CXone + first request vs discovery + password grant + first request (warm process)' ('{0:0.0} ms ({1} requests)' -f (Get-Median $t.module), $moduleRequests) ('{0:0.0} ms ({1} requests)' -f (Get-Median $t.hand), $handRequests) (Format-Ratio (Get-Median $ratios))
}

# Contacts with two recordings each (found by hand, before latency is added): 200 recordings from 100 lookups
# stay below the client's own limit of 150 lookups per 5 minutes in every round.
function Get-TwoRecordingContact($Bench, $Connection, [int] $Count) {
    $start = [DateTimeOffset]::Parse($Bench.Info.dataSetStart, [Globalization.CultureInfo]::InvariantCulture).AddMinutes(-1)
    $end = [DateTimeOffset]::Parse($Bench.Info.dataSetEnd, [Globalization.CultureInfo]::InvariantCulture).AddMinutes(1)
    $ids = New-Object System.Collections.Generic.List[long]
    foreach ($row in (Get-HandWrittenContact -Connection $Connection -StartDate $start -EndDate $end -First 20000)) {
        if (-not $row.isLogged -or $row.contactId -eq $Bench.Info.largeRecordingContactId) { continue }
        $lookup = Invoke-RestMethod -WebSession $Connection.WebSession -Uri "$($Connection.ApiEndpoint)/media-playback/v1/contacts?acd-call-id=$($row.contactId)&media-type=all"
        if (@($lookup.interactions).Count -eq 2) { $ids.Add($row.contactId) }
        if ($ids.Count -ge $Count) { return $ids.ToArray() }
    }
    throw "only $($ids.Count) contacts with two recordings were found"
}

function Measure-RecordingRow($Bench) {
    $recordings = $Bench.Sizes.Recordings
    $handConn = Connect-HandWritten -Issuer $Bench.Issuer -Info $Bench.Info
    $ids = Get-TwoRecordingContact $Bench $handConn ($recordings / 2)
    foreach ($route in 'GET /media-playback/v1/contacts', 'GET /storage/{fileId}') {
        $null = Invoke-RestMethod -Method Post -Uri "$($Bench.Issuer)/_emulator/faults" -ContentType 'application/json' -Body (@{ route = $route; latencyMs = 20 } | ConvertTo-Json)
    }
    try {
        $moduleDir = Join-Path $Bench.Scratch 'module'
        $handDir = Join-Path $Bench.Scratch 'hand'
        $module = {
            Connect-Module $Bench   # a fresh session per round: its own limit of 150 lookups per 5 minutes
            $saved = @(Save-CXoneRecording -ContactId $ids -Path $moduleDir -ThrottleLimit 8 -Force | Where-Object { "$($_.Status)" -eq 'Saved' }).Count
            if ($saved -ne $recordings) { throw "Save-CXoneRecording saved $saved of $recordings" }
        }
        $raw = {
            $saved = Save-HandWrittenRecording -Connection $handConn -ContactId $ids -Path $handDir
            if ($saved -ne $recordings) { throw "the hand-written loop saved $saved of $recordings" }
        }
        $t = Invoke-Rounds ([Math]::Min(3, $Bench.Sizes.Rounds)) $module $raw
    }
    finally {
        foreach ($route in 'GET /media-playback/v1/contacts', 'GET /storage/{fileId}') {
            $null = Invoke-RestMethod -Method Post -Uri "$($Bench.Issuer)/_emulator/faults" -ContentType 'application/json' -Body (@{ route = $route; latencyMs = 0 } | ConvertTo-Json)
        }
        Disconnect-CXone -ErrorAction SilentlyContinue
    }
    $m = Get-Median $t.module; $h = Get-Median $t.hand
    New-BenchRow "Save-CXoneRecording -ThrottleLimit 8 vs lookup + Invoke-WebRequest -OutFile loop, $recordings recordings, 20 ms latency" ('{0:0.00} s' -f ($m / 1000)) ('{0:0.00} s' -f ($h / 1000)) ((Format-Ratio ($h / $m)) + ' faster')
}
