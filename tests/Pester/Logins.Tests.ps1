#Requires -Version 7.2
# The access key alone, as a user types it: from parameters and from the environment, in a fresh non-interactive pwsh.

BeforeAll {
    $script:repo = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:manifest = Join-Path $repo 'CXone.psd1'
    . (Join-Path $PSScriptRoot 'Emulator.ps1')
    $script:emulator = Start-CXoneEmulator -RepoRoot $repo
    $script:issuer = $emulator.Issuer
    $script:info = Invoke-RestMethod -Uri "$issuer/_emulator/info"

    # A fresh pwsh with only the given CXONE_* variables: its output (errors included) and exit code.
    function script:Invoke-Fresh([hashtable] $Environment, [string] $Command) {
        $set = ($Environment.GetEnumerator() | ForEach-Object { "`$env:$($_.Key)='$($_.Value)'; " }) -join ''
        $clear = "Get-ChildItem env:CXONE_* | Remove-Item; "
        $output = & pwsh -NoProfile -NonInteractive -Command ($clear + $set + "Import-Module '$manifest'; " + $Command) 2>&1 | Out-String
        [pscustomobject]@{ Output = $output; ExitCode = $LASTEXITCODE }
    }
}

AfterAll {
    Stop-CXoneEmulator -Emulator $emulator
}

Describe 'Connect-CXone with an access key alone' {
    BeforeEach { Reset-CXoneEmulator -Issuer $issuer }

    It 'logs in from the environment without a client id, says which login ran and calls the API' {
        $run = Invoke-Fresh @{ CXONE_ISSUER = $issuer; CXONE_AUTH_ENDPOINT = $issuer; CXONE_ACCESS_KEY_ID = $info.accessKeyId; CXONE_ACCESS_KEY_SECRET = $info.accessKeySecret } `
            "Connect-CXone; 'login=' + (Get-CXoneSession).Login; (Invoke-CXoneRequest -Path 'inContactAPI/services/v30.0/server-time').ServerTime"

        $run.ExitCode | Should -Be 0
        $run.Output | Should -Match 'login=UserHubAccessKey'
        $run.Output | Should -Not -Match ([regex]::Escape($info.accessKeySecret))
        Get-CXoneEmulatorRequestCount -Issuer $issuer -Route 'POST /authentication/v1/token/access-key' | Should -Be 1
    }

    It 'without an area names every way to give one, sends nothing and shows no secret' {
        $secret = $info.accessKeySecret
        $run = Invoke-Fresh @{} "try { Connect-CXone -AccessKeyId '$($info.accessKeyId)' -AccessKeySecret (ConvertTo-SecureString '$secret' -AsPlainText -Force) -Issuer '$issuer' -ErrorAction Stop } catch { 'id=' + `$_.FullyQualifiedErrorId; `$_.Exception.Message; `$_.ErrorDetails.RecommendedAction }"

        $run.Output | Should -Match 'id=CXone\.AreaRequired'
        foreach ($way in '-Area', 'CXONE_AREA', '-AuthEndpoint', 'CXONE_AUTH_ENDPOINT') { $run.Output | Should -Match ([regex]::Escape($way)) }
        $run.Output | Should -Not -Match ([regex]::Escape($secret))
        Get-CXoneEmulatorRequestCount -Issuer $issuer -Route 'POST /authentication/v1/token/access-key' | Should -Be 0
    }

    It 'with a wrong secret fails with CXone.AuthenticationFailed and shows neither secret' {
        $wrong = 'Wr0ng+Secret/Value=='
        $run = Invoke-Fresh @{} "try { Connect-CXone -AccessKeyId '$($info.accessKeyId)' -AccessKeySecret (ConvertTo-SecureString '$wrong' -AsPlainText -Force) -AuthEndpoint '$issuer' -Issuer '$issuer' -ErrorAction Stop } catch { 'id=' + `$_.FullyQualifiedErrorId; `$_.Exception.Message }"

        $run.Output | Should -Match 'id=CXone\.AuthenticationFailed'
        $run.Output | Should -Not -Match ([regex]::Escape($wrong))
        $run.Output | Should -Not -Match ([regex]::Escape($info.accessKeySecret))
    }
}
