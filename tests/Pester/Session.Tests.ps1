#Requires -Version 7.2
# Pester 5: what a session shows a person, and when a run of many items ends (the built module against the emulator).
# Run with ./build.ps1 -Task Pester (after a Release build).

BeforeAll {
    $script:repo = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    . (Join-Path $PSScriptRoot 'Emulator.ps1')
    $script:emulator = Start-CXoneEmulator -RepoRoot $repo
    $script:issuer = $emulator.Issuer
    $script:info = Invoke-RestMethod -Uri "$issuer/_emulator/info"
    Import-Module (Join-Path $repo 'CXone.psd1') -Force

    function script:New-Secure([string] $Text) { ConvertTo-SecureString -String $Text -AsPlainText -Force }
    function script:Connect-Emulator {
        Connect-CXone -Issuer $issuer -ClientId $info.clientId -ClientSecret (New-Secure $info.clientSecret) `
            -AccessKeyId $info.accessKeyId -AccessKeySecret (New-Secure $info.accessKeySecret) -PassThru
    }
    function script:Set-Fault([hashtable] $Fault) {
        $null = Invoke-RestMethod -Method Post -Uri "$issuer/_emulator/faults" -Body ($Fault | ConvertTo-Json) -ContentType 'application/json'
    }
    # Revoked: every token issued so far is refused, and the token endpoint refuses the access key as well.
    function script:Revoke-Credential {
        Set-Fault @{ revokeAllTokens = $true }
        Set-Fault @{ route = 'POST /auth/token'; kind = '401'; count = 1000 }
    }
    function script:Get-RouteCount([string] $Route) {
        $entry = (Get-CXoneEmulatorStats -Issuer $issuer).routes.PSObject.Properties[$Route]
        if ($null -eq $entry) { 0 } else { $entry.Value.total }
    }
}

AfterAll {
    Get-Module CXone | Remove-Module -Force
    Stop-CXoneEmulator -Emulator $emulator
}

Describe 'A revoked credential ends a run of many items at once' {
    BeforeEach { Reset-CXoneEmulator -Issuer $issuer }
    AfterEach { Reset-CXoneEmulator -Issuer $issuer }

    It '<Command> stops with one terminating error, not one error per contact' -ForEach @(
        @{ Command = 'Get-CXoneRecording'; Id = 'GetCXoneRecordingCommand' }
        @{ Command = 'Save-CXoneRecording'; Id = 'SaveCXoneRecordingCommand' }
    ) {
        $session = Connect-Emulator
        $ids = @($info.recordedContactIds | Select-Object -First 20)
        $folder = Join-Path $TestDrive "revoked-$Command"
        Revoke-Credential

        $err = $null
        $itemErrors = $null
        $out = $null
        try {
            if ($Command -eq 'Get-CXoneRecording') {
                $out = @(Get-CXoneRecording -Session $session -ContactId $ids -ErrorVariable itemErrors -ErrorAction SilentlyContinue)
            }
            else {
                $out = @(Save-CXoneRecording -Session $session -ContactId $ids -Path $folder -ThrottleLimit 2 -ErrorVariable itemErrors -ErrorAction SilentlyContinue)
            }
        }
        catch { $err = $_ }

        $err | Should -Not -BeNullOrEmpty -Because 'the session is gone: the command must end with a terminating error'
        $err.FullyQualifiedErrorId | Should -Match "^CXone\.(ReconnectRequired|AuthenticationFailed),CXone\.PowerShell\.Commands\.$Id$"
        $err.ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        # -ErrorVariable holds the terminating error (as the exception that carried it); an error written for one
        # contact would be an ErrorRecord of its own there.
        @($itemErrors | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }).Count | Should -Be 0
        @($itemErrors).Count | Should -BeLessOrEqual 1
        $out | Should -BeNullOrEmpty
        # It stopped early: far fewer lookups than contacts (at most the ones already running when the first failed).
        Get-RouteCount 'GET /media-playback/v1/contacts' | Should -BeLessThan ($ids.Count / 2)
        Disconnect-CXone -Session $session
    }

    It 'Get-CXoneRecording still goes on after a contact without a recording' {
        $session = Connect-Emulator
        $missing = $info.unrecordedContactIds[0]
        $found = $info.recordedContactIds[0]

        $out = @(Get-CXoneRecording -Session $session -ContactId $missing, $found -ErrorVariable itemErrors -ErrorAction SilentlyContinue)

        @($out.ContactId | Sort-Object -Unique) | Should -Be @("$found")
        $itemErrors.Count | Should -Be 1
        $itemErrors[0].FullyQualifiedErrorId | Should -Be 'CXone.RecordingNotFound,CXone.PowerShell.Commands.GetCXoneRecordingCommand'
        Disconnect-CXone -Session $session
    }
}

Describe 'A session shows facts, not plumbing' {
    BeforeAll {
        Reset-CXoneEmulator -Issuer $issuer
        $script:session = Connect-Emulator
    }
    AfterAll { Disconnect-CXone -Session $session -ErrorAction SilentlyContinue }

    It 'Get-CXoneSession | Format-List shows tenant, endpoints, user, credential kind and token expiry, and no type name' {
        $text = Get-CXoneSession | Format-List | Out-String

        $text | Should -Not -Match 'CXone\.Core\.'
        $text | Should -Not -Match 'System\.'
        foreach ($label in 'Tenant', 'TenantId', 'Area', 'Cluster', 'Issuer', 'TokenEndpoint', 'ApiEndpoint', 'UserId', 'AgentId', 'BusinessUnitId', 'CredentialKind', 'Login', 'CanRefresh', 'TokenExpiresOn') {
            $text | Should -Match "(?m)^$label\s*:"
        }
        $text | Should -Match ([regex]::Escape($info.tenantId))
        $text | Should -Match ([regex]::Escape($info.apiEndpoint))
        $text | Should -Match '(?m)^CredentialKind\s*: AccessKey\s*$'
        $text | Should -Match '(?m)^Login\s*: PasswordGrant\s*$'
        $text | Should -Match '(?m)^CanRefresh\s*: True\s*$'
        $text | Should -Match '(?m)^TokenExpiresOn\s*: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ\s*$'
        # Nothing else: one line per field.
        @($text -split "`r?`n" | Where-Object { $_ -match '^\S.*:' }).Count | Should -Be 14
    }

    It 'has no HTTP client, token cache, clock, mutable options or token to reach' {
        foreach ($name in 'ApiHttp', 'StorageHttp', 'Tokens', 'TokenCache', 'TimeProvider', 'HttpOptions', 'Authenticator') {
            $session.PSObject.Properties[$name] | Should -BeNullOrEmpty -Because "$name is plumbing"
        }
        $session.PSObject.Methods['GetTokenAsync'] | Should -BeNullOrEmpty
        & { Set-StrictMode -Off; $session.ApiHttp } | Should -BeNullOrEmpty
        & { Set-StrictMode -Off; $session.Tokens } | Should -BeNullOrEmpty

        # Core loads into the module's own load context, where a type literal in a script does not look: check by name.
        $session.CredentialKind.GetType().IsEnum | Should -BeTrue
        $session.CredentialKind.GetType().FullName | Should -Be 'CXone.Core.Auth.CXoneCredentialKind'
        $session.CredentialKind | Should -Be 'AccessKey'
        $session.HttpSettings.MaxRetries | Should -BeGreaterOrEqual 0
        { $session.HttpSettings.MaxRetries = 0 } | Should -Throw
        $everything = ($session | Format-List * | Out-String) + ($session | ConvertTo-Json -Depth 3 -WarningAction SilentlyContinue)
        $everything | Should -Not -Match 'HttpClient|TokenCache|HttpMessageHandler'
        $everything | Should -Not -Match 'eyJ[A-Za-z0-9_-]+\.eyJ'
        # Reading every property twice built nothing new: the same clients come back.
        [object]::ReferenceEquals($session.Recordings, $session.Recordings) | Should -BeTrue
        # And the session still works for the cmdlets.
        Invoke-CXoneRequest -Session $session -Path 'inContactAPI/services/v30.0/server-time' | Should -Not -BeNullOrEmpty
    }
}
