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
        $before = (Get-CXoneEmulatorRequestCount -Issuer $issuer -Route 'GET /inContactAPI/services/{version}/server-time')

        { Invoke-CXoneRequest -Path $serverTime -Headers @{ 'X-Test' = "a`r`nAuthorization: Bearer stolen" } -ErrorAction Stop } |
            Should -Throw -ErrorId 'CXone.InvalidArgument*'

        $after = (Get-CXoneEmulatorRequestCount -Issuer $issuer -Route 'GET /inContactAPI/services/{version}/server-time')
        $after | Should -Be $before
    }

    It 'connects although the token endpoint answers one 503 (a failed grant is sent again)' {
        Disconnect-CXone -ErrorAction SilentlyContinue
        Reset-CXoneEmulator -Issuer $issuer
        Set-Fault @{ route = 'POST /auth/token'; kind = '503'; count = 1; retryAfter = 'seconds'; retryAfterSeconds = 1 }

        Connect-Emulator

        (Get-CXoneSession).TenantId | Should -Be $info.tenantId
        (Get-CXoneEmulatorRequestCount -Issuer $issuer -Route 'POST /auth/token') | Should -Be 2
    }
}

Describe 'Redirects and certificates' {
    BeforeAll {
        # A second host (another port: another origin) that must never see a credential or an API call.
        $script:other = Start-CXoneEmulator -RepoRoot $repo
        . (Join-Path $PSScriptRoot 'TlsServer.ps1')
    }
    AfterAll { Stop-CXoneEmulator -Emulator $other }
    BeforeEach {
        Reset-CXoneEmulator -Issuer $issuer
        Reset-CXoneEmulator -Issuer $other.Issuer
    }
    AfterEach { try { Disconnect-CXone } catch { } }

    It 'refuses an API redirect to another host: CXone.InvalidResponse naming it, and that host sees nothing' {
        Connect-Emulator
        $before = (Get-CXoneEmulatorRequestCount -Issuer $issuer -Route 'GET /inContactAPI/services/{version}/server-time')
        Set-Fault @{ route = 'GET /inContactAPI/services/{version}/server-time'; kind = 'redirect'; target = "$($other.Issuer)/$serverTime"; count = 1 }

        $record = $null
        try { Invoke-CXoneRequest -Path $serverTime -ErrorAction Stop | Out-Null } catch { $record = $_ }

        $record | Should -Not -BeNullOrEmpty
        $record.FullyQualifiedErrorId | Should -BeLike 'CXone.InvalidResponse*'
        $record.Exception.Message | Should -BeLike "*answered 302 redirecting to $($other.Issuer);*"
        Get-CXoneEmulatorRequestCount -Issuer $other.Issuer -Route 'GET /inContactAPI/services/{version}/server-time' | Should -Be 0
        (Get-CXoneEmulatorRequestCount -Issuer $issuer -Route 'GET /inContactAPI/services/{version}/server-time') | Should -Be ($before + 1)
    }

    It 'refuses a token endpoint redirect at Connect-CXone: the secret is not posted to the other host' {
        Set-Fault @{ route = 'POST /auth/token'; kind = 'redirect'; redirectStatus = 307; target = "$($other.Issuer)/auth/token"; count = 1 }

        $record = $null
        try { Connect-Emulator } catch { $record = $_ }

        $record | Should -Not -BeNullOrEmpty
        $record.FullyQualifiedErrorId | Should -BeLike 'CXone.InvalidResponse*'
        $record.Exception.Message | Should -BeLike "*307 redirecting to $($other.Issuer);*never follow redirects*"
        Get-CXoneEmulatorRequestCount -Issuer $other.Issuer -Route 'POST /auth/token' | Should -Be 0
        (Get-CXoneEmulatorRequestCount -Issuer $issuer -Route 'POST /auth/token') | Should -Be 1
        ($record | Out-String) + $record.ErrorDetails.RecommendedAction | Should -Not -Match ([regex]::Escape($info.clientSecret))
    }

    It 'fails Connect-CXone at once on an untrusted certificate, naming UntrustedRoot (one attempt)' {
        $tls = Start-TlsTestServer
        try {
            $record = $null
            try {
                Connect-CXone -Issuer "https://127.0.0.1:$($tls.Port)" -ClientId $info.clientId -ClientSecret (New-Secure $info.clientSecret) `
                    -AccessKeyId $info.accessKeyId -AccessKeySecret (New-Secure $info.accessKeySecret) -ErrorAction Stop
            }
            catch { $record = $_ }

            $record | Should -Not -BeNullOrEmpty
            $record.FullyQualifiedErrorId | Should -BeLike 'CXone.NetworkFailure*'
            $record.Exception.Message | Should -Match 'UntrustedRoot'
            $record.ErrorDetails.RecommendedAction | Should -Match 'trusted root store'
            $record.ErrorDetails.RecommendedAction | Should -Not -Match 'DNS'
            $tls.Connections | Should -Be 1
        }
        finally { $tls.Dispose() }
    }
}
