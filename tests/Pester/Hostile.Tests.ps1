#Requires -Version 7.2
# Pester 5: what a person sees when the server is hostile or the input is bad (the built module against the emulator).
# Run with ./build.ps1 -Task Pester (after a Release build).

BeforeAll {
    $script:repo = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    . (Join-Path $PSScriptRoot 'Emulator.ps1')
    $script:emulator = Start-CXoneEmulator -RepoRoot $repo
    $script:issuer = $emulator.Issuer
    $script:info = Invoke-RestMethod -Uri "$issuer/_emulator/info"
    Import-Module (Join-Path $repo 'CXone.psd1') -Force
    $script:serverTime = 'inContactAPI/services/v30.0/server-time'

    function script:New-Secure([string] $Text) { ConvertTo-SecureString -String $Text -AsPlainText -Force }
    function script:Connect-Emulator {
        Connect-CXone -Issuer $issuer -ClientId $info.clientId -ClientSecret (New-Secure $info.clientSecret) `
            -AccessKeyId $info.accessKeyId -AccessKeySecret (New-Secure $info.accessKeySecret)
    }
    function script:Set-Fault([hashtable] $Fault) {
        $null = Invoke-RestMethod -Method Post -Uri "$issuer/_emulator/faults" -Body ($Fault | ConvertTo-Json) -ContentType 'application/json'
    }
}

AfterAll {
    Get-Module CXone | Remove-Module -Force
    Stop-CXoneEmulator -Emulator $emulator
}

Describe 'Hostile answers and bad input' {
    BeforeEach {
        Reset-CXoneEmulator -Issuer $issuer
        Connect-Emulator
    }
    AfterEach { Disconnect-CXone -ErrorAction SilentlyContinue }

    It 'shows a server error text on one line, without escape sequences, cut to a documented length' {
        Set-Fault @{ route = "GET /inContactAPI/services/{version}/server-time"; kind = 'hostileText'; count = 1 }

        $record = $null
        try { Invoke-CXoneRequest -Path $serverTime -ErrorAction Stop | Out-Null } catch { $record = $_ }

        $record | Should -Not -BeNullOrEmpty
        $record.FullyQualifiedErrorId | Should -BeLike 'CXone.BadRequest*'
        $shown = ($record | Out-String) + $record.Exception.Message + $record.ErrorDetails.Message + $record.ErrorDetails.RecommendedAction
        $shown | Should -Match 'Bad skill WARNING: forged line'
        $record.Exception.Message | Should -Not -Match "[`r`n]"
        $shown | Should -Not -Match "[\u001b\u0007\u009b]"
        $record.Exception.Message.Length | Should -BeLessOrEqual 2003
        $record.Exception.ErrorDescription.Length | Should -BeLessOrEqual 503
    }

    It 'refuses a header value with CR/LF before anything is sent' {
        $before = (Get-CXoneEmulatorStats -Issuer $issuer).routes.'GET /inContactAPI/services/{version}/server-time'.total

        { Invoke-CXoneRequest -Path $serverTime -Headers @{ 'X-Test' = "a`r`nAuthorization: Bearer stolen" } -ErrorAction Stop } |
            Should -Throw -ErrorId 'CXone.InvalidArgument*'

        $after = (Get-CXoneEmulatorStats -Issuer $issuer).routes.'GET /inContactAPI/services/{version}/server-time'.total
        $after | Should -Be $before
    }

    It 'connects although the token endpoint answers one 503 (a failed grant is sent again)' {
        Disconnect-CXone -ErrorAction SilentlyContinue
        Reset-CXoneEmulator -Issuer $issuer
        Set-Fault @{ route = 'POST /auth/token'; kind = '503'; count = 1; retryAfter = 'seconds'; retryAfterSeconds = 1 }

        Connect-Emulator

        (Get-CXoneSession).TenantId | Should -Be $info.tenantId
        (Get-CXoneEmulatorStats -Issuer $issuer).routes.'POST /auth/token'.total | Should -Be 2
    }
}
