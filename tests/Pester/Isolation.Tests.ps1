#Requires -Version 7.2
# Dependency isolation on PowerShell 7: the module's Polly.Core (and CXone.Core) load into the module's own
# AssemblyLoadContext from dependencies/, so another module's Polly.Core of another version, loaded first or
# afterwards, neither breaks the module nor is replaced by ours. Each case runs in a fresh pwsh.

BeforeAll {
    $script:repo = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:manifest = Join-Path $repo 'CXone.psd1'
    . (Join-Path $PSScriptRoot 'Emulator.ps1')
    $script:emulator = Start-CXoneEmulator -RepoRoot $repo
    $script:info = Invoke-RestMethod -Uri "$($emulator.Issuer)/_emulator/info"
    $ourPolly = Join-Path $repo 'src/CXone.PowerShell/bin/Release/netstandard2.0/dependencies/Polly.Core.dll'
    $script:ourVersion = [Diagnostics.FileVersionInfo]::GetVersionInfo($ourPolly).FileVersion

    # "Another module": Polly.Core 8.4.2 (restored by tests/CXone.NetFx.Probe's PackageDownload) copied to a
    # throwaway folder, so it has a path of its own like a module's file would.
    $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
    $lib = Join-Path $packages 'polly.core/8.4.2/lib/net8.0/Polly.Core.dll'
    if (-not (Test-Path -LiteralPath $lib)) { throw "Polly.Core 8.4.2 is not in the NuGet cache ($lib): run dotnet restore CXonePS.sln first." }
    $script:otherFolder = Join-Path ([IO.Path]::GetTempPath()) ("cxone-other-module-" + [Guid]::NewGuid().ToString('n'))
    $null = New-Item -ItemType Directory -Path $otherFolder
    $script:otherPolly = Join-Path $otherFolder 'Polly.Core.dll'
    Copy-Item -LiteralPath $lib -Destination $otherPolly
    $script:otherVersion = [Diagnostics.FileVersionInfo]::GetVersionInfo($otherPolly).FileVersion

    # Runs $Body in a fresh pwsh with $manifest, $issuer, $info, $otherPolly defined and helpers to connect and to
    # describe the loaded Polly.Core copies; returns the JSON object the script prints last.
    function script:Invoke-Fresh([string] $Body) {
        $prelude = @'
$ErrorActionPreference = 'Stop'
$manifest = $args[0]; $issuer = $args[1]; $info = $args[2] | ConvertFrom-Json; $otherPolly = $args[3]
function Connect-Emulator {
    $s = { param($t) ConvertTo-SecureString -String $t -AsPlainText -Force }
    Connect-CXone -Issuer $issuer -ClientId $info.clientId -ClientSecret (& $s $info.clientSecret) -AccessKeyId $info.accessKeyId -AccessKeySecret (& $s $info.accessKeySecret)
}
function Get-PollyCopies {
    @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'Polly.Core' } | ForEach-Object {
        [pscustomobject]@{ Location = $_.Location; Context = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($_).Name; FileVersion = [Diagnostics.FileVersionInfo]::GetVersionInfo($_.Location).FileVersion }
    })
}
function Test-TheirPolly([Reflection.Assembly] $Assembly) {
    # The other module's Polly still works: build and run a pipeline from its own types.
    $builder = [Activator]::CreateInstance($Assembly.GetType('Polly.ResiliencePipelineBuilder', $true))
    $pipeline = $builder.Build()
    $null -ne $pipeline -and $pipeline.GetType().Assembly -eq $Assembly
}
'@
        $script = Join-Path $otherFolder ("case-" + [Guid]::NewGuid().ToString('n') + '.ps1')
        Set-Content -LiteralPath $script -Value ($prelude + "`n" + $Body) -Encoding UTF8
        $output = & pwsh -NoProfile -NonInteractive -File $script $manifest $emulator.Issuer ($info | ConvertTo-Json -Compress) $otherPolly 2>&1
        if ($LASTEXITCODE -ne 0) { throw "fresh pwsh failed (exit $LASTEXITCODE): $($output -join [Environment]::NewLine)" }
        ($output | Select-Object -Last 1) | ConvertFrom-Json
    }
}

AfterAll {
    Stop-CXoneEmulator -Emulator $emulator
    if ($otherFolder -and (Test-Path -LiteralPath $otherFolder)) { Remove-Item -LiteralPath $otherFolder -Recurse -Force }
}

Describe 'Dependency isolation' {
    BeforeEach { Reset-CXoneEmulator -Issuer $emulator.Issuer }

    It 'uses its own Polly.Core when another module loaded a different version first' {
        $otherVersion | Should -Not -Be $ourVersion
        $r = Invoke-Fresh @'
$theirs = [Reflection.Assembly]::LoadFrom($otherPolly)
Import-Module $manifest
Connect-Emulator
$time = Invoke-CXoneRequest -Path 'inContactAPI/services/v30.0/server-time'
[pscustomobject]@{ ServerTime = [string]$time.ServerTime; Copies = Get-PollyCopies; TheirsWorks = Test-TheirPolly $theirs } | ConvertTo-Json -Depth 4 -Compress
'@
        $r.ServerTime | Should -Not -BeNullOrEmpty
        $r.TheirsWorks | Should -BeTrue
        $r.Copies.Count | Should -Be 2
        $ours = $r.Copies | Where-Object Context -eq 'CXone'
        $ours.Location | Should -BeLike '*dependencies*Polly.Core.dll'
        $ours.FileVersion | Should -Be $ourVersion
        ($r.Copies | Where-Object Location -eq $otherPolly).FileVersion | Should -Be $otherVersion
    }

    It 'leaves the default context to another module that loads a different version afterwards' {
        $r = Invoke-Fresh @'
Import-Module $manifest
Connect-Emulator
$null = Invoke-CXoneRequest -Path 'inContactAPI/services/v30.0/server-time'
$theirs = [Reflection.Assembly]::LoadFrom($otherPolly)
$time = Invoke-CXoneRequest -Path 'inContactAPI/services/v30.0/server-time'
[pscustomobject]@{ ServerTime = [string]$time.ServerTime; TheirLocation = $theirs.Location; Copies = Get-PollyCopies; TheirsWorks = Test-TheirPolly $theirs } | ConvertTo-Json -Depth 4 -Compress
'@
        $r.ServerTime | Should -Not -BeNullOrEmpty
        $r.TheirLocation | Should -Be $otherPolly
        $r.TheirsWorks | Should -BeTrue
        ($r.Copies | Where-Object Context -eq 'CXone').FileVersion | Should -Be $ourVersion
        ($r.Copies | Where-Object Context -ne 'CXone').Location | Should -Be $otherPolly
    }

    It 'answers only its own assemblies: a load by name from elsewhere does not get the module''s dependencies' {
        $r = Invoke-Fresh @'
Import-Module $manifest
Connect-Emulator
$found = try { [Reflection.Assembly]::Load('System.ComponentModel.Annotations, Version=4.2.1.0, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a').Location } catch { 'not found' }
$polly = try { [Reflection.Assembly]::Load('Polly.Core, Version=8.0.0.0, Culture=neutral, PublicKeyToken=c8a3ffc3f8f825cc').Location } catch { 'not found' }
[pscustomobject]@{ Annotations = $found; Polly = $polly } | ConvertTo-Json -Compress
'@
        $r.Polly | Should -Be 'not found'
        $r.Annotations | Should -Not -BeLike '*dependencies*'
    }
}
