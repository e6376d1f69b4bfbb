#Requires -Version 7.2
# Get-CXoneContact as a new user types it: the period's end is optional, and nothing prompts in a non-interactive host.

BeforeAll {
    $script:repo = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:manifest = Join-Path $repo 'CXone.psd1'
    . (Join-Path $PSScriptRoot 'Emulator.ps1')
    $script:emulator = Start-CXoneEmulator -RepoRoot $repo
    $script:issuer = $emulator.Issuer
    $script:info = Invoke-RestMethod -Uri "$issuer/_emulator/info"

    # A fresh non-interactive pwsh, logged in from the environment like a scheduled task: what it prints and its exit code.
    function script:Invoke-Fresh([string] $Command) {
        $login = "`$env:CXONE_ISSUER='$issuer'; `$env:CXONE_CLIENT_ID='$($info.clientId)'; `$env:CXONE_CLIENT_SECRET='$($info.clientSecret)'; " +
            "`$env:CXONE_ACCESS_KEY_ID='$($info.accessKeyId)'; `$env:CXONE_ACCESS_KEY_SECRET='$($info.accessKeySecret)'; " +
            "Import-Module '$manifest'; Connect-CXone; "
        $output = & pwsh -NoProfile -NonInteractive -Command ($login + $Command) 2>&1 | Out-String
        [pscustomobject]@{ Output = $output; ExitCode = $LASTEXITCODE }
    }
}

AfterAll {
    Stop-CXoneEmulator -Emulator $emulator
}

Describe 'Get-CXoneContact -EndDate' {
    BeforeEach { Reset-CXoneEmulator -Issuer $issuer }

    It 'defaults to now: the README first line runs as typed, finds the last day''s contacts and prompts for nothing' {
        $run = Invoke-Fresh "`$c = @(Get-CXoneContact -StartDate (Get-Date).AddDays(-1)); 'count=' + `$c.Count; 'newest=' + (`$c | Sort-Object ContactStartDate | Select-Object -Last 1).ContactStartDate.ToString('o')"

        $run.ExitCode | Should -Be 0
        $run.Output | Should -Not -Match 'missing mandatory|Supply values'
        [int]($run.Output -replace '(?s).*count=(\d+).*', '$1') | Should -BeGreaterThan 0
        $newest = [DateTimeOffset]::Parse(($run.Output -replace '(?s).*newest=(\S+).*', '$1'), [Globalization.CultureInfo]::InvariantCulture)
        $newest | Should -BeGreaterThan ([DateTimeOffset]::UtcNow.AddDays(-1))
        Get-CXoneEmulatorRequestCount -Issuer $issuer -Route 'GET /inContactAPI/services/{version}/contacts/completed' | Should -BeGreaterThan 0
    }

    It 'returns the same contacts as an explicit end of now' {
        $start = (Get-Date).AddDays(-2).ToString('o')
        $run = Invoke-Fresh "`$s = [DateTimeOffset]::Parse('$start'); `$a = @(Get-CXoneContact -StartDate `$s).Count; `$b = @(Get-CXoneContact -StartDate `$s -EndDate (Get-Date).AddMinutes(1)).Count; 'same=' + (`$a -eq `$b) + ' a=' + `$a"

        $run.ExitCode | Should -Be 0
        $run.Output | Should -Match 'same=True a=[1-9]'
    }

    It 'keeps a start later than the end an error that says so, with no server call' {
        $run = Invoke-Fresh "try { Get-CXoneContact -StartDate (Get-Date) -EndDate (Get-Date).AddDays(-1) -ErrorAction Stop } catch { 'id=' + `$_.FullyQualifiedErrorId; 'msg=' + `$_.Exception.Message }"

        $run.Output | Should -Match 'id=CXone\.InvalidArgument'
        $run.Output | Should -Match 'is not after the start date'
        Get-CXoneEmulatorRequestCount -Issuer $issuer -Route 'GET /inContactAPI/services/{version}/contacts/completed' | Should -Be 0
    }
}
