<#
.SYNOPSIS
Builds, tests, packages and demonstrates the CXone module.

.DESCRIPTION
-Task Build    dotnet build CXonePS.sln -c Release (the module is then importable: Import-Module ./CXone.psd1)
-Task Test     dotnet test CXonePS.sln -c Release (xunit, over real HTTP against the emulator)
-Task Pester   tests/Pester/*.Tests.ps1 against the built module and the emulator (needs Pester 5)
-Task Package  lays out out/CXone/<version>/ for a gallery: manifest, dlls, format file
-Task Bench    the .NET benchmark in full mode (bench/CXone.Benchmarks) and the pwsh benchmark
               (bench/pwsh/Invoke-CXoneBench.ps1: the module vs Invoke-RestMethod), each printing its table
-Task Demo     starts the emulator on http://127.0.0.1:5099, runs examples/Export-CXoneRecordings.ps1 against it
               (or an inline equivalent when that example is absent), prints what it saved, stops the emulator

.EXAMPLE
./build.ps1 -Task Build, Test, Pester
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Pester', 'Package', 'Demo', 'Bench')]
    [string[]] $Task = @('Build'),
    [string] $Configuration = 'Release',
    # Skip the build that Pester, Package, Demo and Bench otherwise run first.
    [switch] $NoBuild
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = $PSScriptRoot
$moduleOutput = Join-Path $root "src/CXone.PowerShell/bin/$Configuration/netstandard2.0"
$script:built = $false

function Invoke-Native {
    param([Parameter(Mandatory)] [string] $File, [string[]] $Arguments)
    Write-Host "> $File $($Arguments -join ' ')" -ForegroundColor Cyan
    & $File @Arguments
    if ($LASTEXITCODE -ne 0) {
        throw "$File exited with code $LASTEXITCODE"
    }
}

function Invoke-Build {
    if ($script:built) { return }
    Invoke-Native dotnet @('build', (Join-Path $root 'CXonePS.sln'), '-c', $Configuration)
    $script:built = $true
}

function Invoke-Test {
    Invoke-Build
    Invoke-Native dotnet @('test', (Join-Path $root 'CXonePS.sln'), '-c', $Configuration, '--no-build')
}

function Invoke-PesterTask {
    if (-not $NoBuild) { Invoke-Build }
    $pester = Get-Module -ListAvailable -Name Pester | Where-Object { $_.Version -ge [version]'5.0' } | Sort-Object Version -Descending | Select-Object -First 1
    if ($null -eq $pester) {
        Write-Host '################################################################' -ForegroundColor Yellow
        Write-Host '## Pester skipped: the Pester 5 module is not installed        ' -ForegroundColor Yellow
        Write-Host '## (Install-Module Pester -MinimumVersion 5.0 -Scope CurrentUser)' -ForegroundColor Yellow
        Write-Host '################################################################' -ForegroundColor Yellow
        return
    }

    Import-Module $pester -Force
    $config = New-PesterConfiguration
    $config.Run.Path = (Join-Path $root 'tests/Pester')
    $config.Run.PassThru = $true
    $config.Output.Verbosity = 'Detailed'
    $result = Invoke-Pester -Configuration $config
    Write-Host "pester: $($result.PassedCount) passed, $($result.FailedCount) failed, $($result.SkippedCount) skipped"
    if ($result.Result -ne 'Passed') {
        throw "Pester: $($result.FailedCount) test(s) and $($result.FailedBlocksCount) block(s) failed."
    }
}

function Invoke-Package {
    if (-not $NoBuild) { Invoke-Build }
    $manifestText = Get-Content -LiteralPath (Join-Path $root 'CXone.psd1') -Raw
    $version = (Import-PowerShellDataFile -LiteralPath (Join-Path $root 'CXone.psd1')).ModuleVersion
    $target = Join-Path $root "out/CXone/$version"
    if (Test-Path -LiteralPath $target) { Remove-Item -LiteralPath $target -Recurse -Force }
    $null = New-Item -ItemType Directory -Path $target -Force

    # Layout: the cmdlet dll, manifest, format file and README at the top; CXone.Core and every package dependency
    # in dependencies/, where only the module's own resolver loads them (see README, "Windows PowerShell 5.1 and proxies").
    Get-ChildItem -LiteralPath $moduleOutput -Filter '*.dll' | Where-Object { $_.Name -ne 'System.Management.Automation.dll' } |
        Copy-Item -Destination $target
    $dependencies = Join-Path $target 'dependencies'
    $null = New-Item -ItemType Directory -Path $dependencies -Force
    Get-ChildItem -LiteralPath (Join-Path $moduleOutput 'dependencies') -Filter '*.dll' | Copy-Item -Destination $dependencies
    Copy-Item -LiteralPath (Join-Path $moduleOutput 'CXone.Format.ps1xml') -Destination $target
    Copy-Item -LiteralPath (Join-Path $moduleOutput 'CXone.Init.ps1') -Destination $target
    Copy-Item -LiteralPath (Join-Path $root 'README.md') -Destination $target
    # Help (MAML and about topics) that the build wrote beside the repository's manifest: beside the packaged one.
    $help = Join-Path $root 'en-US'
    if (-not (Test-Path -LiteralPath (Join-Path $help 'CXone.PowerShell.dll-Help.xml'))) {
        throw "The help is not built ($help). Run ./build.ps1 -Task Build (dotnet build CXonePS.sln) first."
    }
    Copy-Item -LiteralPath $help -Destination $target -Recurse

    # The gallery layout keeps every file beside the manifest: drop the build-output prefix from its paths.
    $prefix = "src/CXone.PowerShell/bin/$Configuration/netstandard2.0/"
    $packaged = $manifestText.Replace("'" + 'src/CXone.PowerShell/bin/Release/netstandard2.0/', "'").Replace("'" + $prefix, "'")
    $packaged = ($packaged -split "`r?`n" | Where-Object { -not $_.StartsWith('#') }) -join [Environment]::NewLine
    $packaged = "# Module manifest for CXone (CXonePS) $version, gallery layout: every file sits beside this manifest." + [Environment]::NewLine + $packaged
    Set-Content -LiteralPath (Join-Path $target 'CXone.psd1') -Value $packaged -Encoding UTF8
    $module = Test-ModuleManifest -Path (Join-Path $target 'CXone.psd1')
    Write-Host "Packaged $($module.Name) $($module.Version) in $target"
    Get-ChildItem -LiteralPath $target -Recurse -File | Format-Table @{ n = 'Path'; e = { $_.FullName.Substring($target.Length + 1) } }, Length -AutoSize | Out-String | Write-Host
}

function Invoke-Demo {
    if (-not $NoBuild) { Invoke-Build }
    . (Join-Path $root 'tests/Pester/Emulator.ps1')
    $emulator = Start-CXoneEmulator -RepoRoot $root -Url 'http://127.0.0.1:5099' -Configuration $Configuration -DotnetRun
    $names = 'CXONE_ISSUER', 'CXONE_CLIENT_ID', 'CXONE_CLIENT_SECRET', 'CXONE_ACCESS_KEY_ID', 'CXONE_ACCESS_KEY_SECRET'
    $saved = @{}
    foreach ($n in $names) { $saved[$n] = [Environment]::GetEnvironmentVariable($n) }
    try {
        Write-Host "Emulator listening on $($emulator.Issuer)"
        $info = Invoke-RestMethod -Uri "$($emulator.Issuer)/_emulator/info"
        # The demo logs in the way a CI job does: from CXONE_* variables (Connect-CXone with no parameters).
        $env:CXONE_ISSUER = $emulator.Issuer
        $env:CXONE_CLIENT_ID = $info.clientId
        $env:CXONE_CLIENT_SECRET = $info.clientSecret
        $env:CXONE_ACCESS_KEY_ID = $info.accessKeyId
        $env:CXONE_ACCESS_KEY_SECRET = $info.accessKeySecret
        $folder = Join-Path $root 'out/demo'
        if (Test-Path -LiteralPath $folder) { Remove-Item -LiteralPath $folder -Recurse -Force }
        # The newest 12 hours of the data set: a few dozen contacts, so the lookups stay far below media playback's
        # 150 requests per 5 minutes and the 1 GiB recording (the oldest recorded contact) is not in the window.
        $end = [DateTimeOffset]::Parse($info.dataSetEnd, [Globalization.CultureInfo]::InvariantCulture)
        $start = $end.AddHours(-12)

        $example = Join-Path $root 'examples/Export-CXoneRecordings.ps1'
        if (Test-Path -LiteralPath $example) {
            Write-Host "Running $example against the emulator"
            $parameters = (Get-Command -Name $example).Parameters
            $arguments = @{}
            foreach ($name in 'Path', 'OutputPath', 'Destination', 'Folder') {
                if ($parameters.ContainsKey($name)) { $arguments[$name] = $folder; break }
            }
            if ($parameters.ContainsKey('StartDate')) { $arguments['StartDate'] = $start.LocalDateTime }
            if ($parameters.ContainsKey('EndDate')) { $arguments['EndDate'] = $end.LocalDateTime }
            if ($parameters.ContainsKey('Issuer')) { $arguments['Issuer'] = $emulator.Issuer }
            Import-Module (Join-Path $root 'CXone.psd1') -Force
            & $example @arguments
        }
        else {
            Write-Host 'examples/Export-CXoneRecordings.ps1 is not in this tree (another issue): running the inline equivalent'
            Import-Module (Join-Path $root 'CXone.psd1') -Force
            Connect-CXone -Verbose
            Get-CXoneContact -StartDate $start -EndDate $end |
                Get-CXoneRecording -ErrorAction SilentlyContinue |
                Save-CXoneRecording -Path $folder -ManifestPath (Join-Path $folder 'manifest.jsonl') |
                Format-Table | Out-String | Write-Host
            Disconnect-CXone
        }

        Write-Host "Saved in ${folder}:"
        Get-ChildItem -LiteralPath $folder -File -Recurse | Format-Table Name, Length -AutoSize | Out-String | Write-Host
        $stats = Invoke-RestMethod -Uri "$($emulator.Issuer)/_emulator/stats"
        Write-Host "Emulator: $($stats.grants.password) password grant(s), $($stats.storageRequests) storage request(s), $($stats.storageBytesServed) bytes served."
    }
    finally {
        foreach ($n in $names) { [Environment]::SetEnvironmentVariable($n, $saved[$n]) }
        Stop-CXoneEmulator -Emulator $emulator
        Write-Host 'Emulator stopped.'
    }
}

function Invoke-Bench {
    if (-not $NoBuild) { Invoke-Build }
    Invoke-Native dotnet @('run', '-c', $Configuration, '--no-build', '--project', (Join-Path $root 'bench/CXone.Benchmarks'))
    & (Get-Process -Id $PID).Path -NoProfile -NonInteractive -File (Join-Path $root 'bench/pwsh/Invoke-CXoneBench.ps1') -Configuration $Configuration
    if ($LASTEXITCODE -ne 0) {
        throw "bench/pwsh/Invoke-CXoneBench.ps1 exited with code $LASTEXITCODE (a row did not run)"
    }
}

foreach ($t in $Task) {
    switch ($t) {
        'Build' { Invoke-Build }
        'Test' { Invoke-Test }
        'Pester' { Invoke-PesterTask }
        'Package' { Invoke-Package }
        'Demo' { Invoke-Demo }
        'Bench' { Invoke-Bench }
    }
}
