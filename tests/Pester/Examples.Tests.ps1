#Requires -Version 7.2
# Every PowerShell example in README.md, docs/help and docs/about runs against the emulator (docs/examples.md has the
# convention: placeholders, the pre-connected session, not-run and allow-error marks). Prints the counts.

BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'Examples.ps1')
    $script:examples = @(Get-CXoneDocumentedExample -RepoRoot (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path)
}

BeforeAll {
    $script:repo = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:manifest = Join-Path $repo 'CXone.psd1'
    . (Join-Path $PSScriptRoot 'Emulator.ps1')
    . (Join-Path $PSScriptRoot 'Examples.ps1')
    # Examples share one emulator: its media playback limit is raised so that they do not wait on each other's
    # lookups (the client's own limiter still applies in each).
    $script:emulator = Start-CXoneEmulator -RepoRoot $repo -ArgumentList '--media-playback-limit', '100000'
    $info = Invoke-RestMethod -Uri "$($emulator.Issuer)/_emulator/info"
    $script:variables = @{
        CXONE_ISSUER = $emulator.Issuer; CXONE_CLIENT_ID = $info.clientId; CXONE_CLIENT_SECRET = $info.clientSecret
        CXONE_ACCESS_KEY_ID = $info.accessKeyId; CXONE_ACCESS_KEY_SECRET = $info.accessKeySecret
        CXONE_AREA = 'na1'; CXONE_AUTH_ENDPOINT = $emulator.Issuer
    }
    $script:saved = @{}
    foreach ($name in $variables.Keys) {
        $saved[$name] = [Environment]::GetEnvironmentVariable($name)
        [Environment]::SetEnvironmentVariable($name, $variables[$name])
    }
    $script:tempRoot = Join-Path ([IO.Path]::GetTempPath()) ('cxone-examples-' + [guid]::NewGuid().ToString('n').Substring(0, 8))
    $null = New-Item -ItemType Directory -Path $tempRoot
    # The module "installed" as a user has it: a CXone folder on PSModulePath (a link to this repository), so that
    # examples import it by name and ForEach-Object -Parallel runspaces load it by themselves.
    $modules = Join-Path $tempRoot 'modules'
    $null = New-Item -ItemType Directory -Path $modules
    $null = New-Item -ItemType SymbolicLink -Path (Join-Path $modules 'CXone') -Target $repo
    $saved['PSModulePath'] = $env:PSModulePath
    $env:PSModulePath = $modules + [IO.Path]::PathSeparator + $env:PSModulePath
    $script:ran = 0
}

AfterAll {
    foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
    Stop-CXoneEmulator -Emulator $emulator
    Remove-Item -LiteralPath $tempRoot -Recurse -Force -ErrorAction SilentlyContinue
    $all = @(Get-CXoneDocumentedExample -RepoRoot $repo)
    $notRun = @($all | Where-Object NotRun)
    Write-Host "examples: $ran run, $($notRun.Count) not-run (of $($all.Count) in README.md, docs/help, docs/about)"
    foreach ($e in $notRun) { Write-Host "  not-run $($e.File):$($e.Line): $($e.NotRun)" }
}

Describe 'Documented examples' {
    foreach ($example in $examples) {
        # A not-run example shows as skipped, with its reason in the summary printed at the end.
        It $example.Name -Skip:($null -ne $example.NotRun) -TestCases @{ Example = $example } {
            $result = Invoke-CXoneExample -Example $Example -Manifest 'CXone' -TempRoot $tempRoot
            $script:ran++
            $result.Errors -join "`n" | Should -BeNullOrEmpty -Because "the example at $($Example.File):$($Example.Line) must run as written"
        }
    }

    It 'finds the examples (README.md has some, and every help page has at least two)' {
        $examples.Count | Should -BeGreaterThan 5
        @($examples | Where-Object File -EQ 'README.md').Count | Should -BeGreaterThan 0
        foreach ($page in Get-ChildItem -LiteralPath (Join-Path $repo 'docs/help') -Filter '*.md') {
            @($examples | Where-Object File -EQ "docs/help/$($page.Name)").Count | Should -BeGreaterOrEqual 2 -Because $page.Name
        }
    }
}
