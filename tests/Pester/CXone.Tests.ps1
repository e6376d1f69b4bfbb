#Requires -Version 7.2
# Pester 5 acceptance tests: the built module (Import-Module ./CXone.psd1) against the emulator in its own process.
# Run with ./build.ps1 -Task Pester (after a Release build).

BeforeAll {
    $script:repo = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:manifest = Join-Path $repo 'CXone.psd1'
    . (Join-Path $PSScriptRoot 'Emulator.ps1')
    $script:emulator = Start-CXoneEmulator -RepoRoot $repo
    $script:issuer = $emulator.Issuer
    $script:info = Invoke-RestMethod -Uri "$issuer/_emulator/info"
    Import-Module $manifest -Force

    $script:serverTime = 'inContactAPI/services/v30.0/server-time'
    $script:start = [DateTimeOffset]::Parse($info.dataSetStart, [Globalization.CultureInfo]::InvariantCulture)
    $script:end = [DateTimeOffset]::Parse($info.dataSetEnd, [Globalization.CultureInfo]::InvariantCulture)
    $script:envNames = 'CXONE_ISSUER', 'CXONE_CLIENT_ID', 'CXONE_CLIENT_SECRET', 'CXONE_ACCESS_KEY_ID', 'CXONE_ACCESS_KEY_SECRET'

    function script:New-Secure([string] $Text) { ConvertTo-SecureString -String $Text -AsPlainText -Force }

    function script:Connect-Emulator {
        [CmdletBinding()]
        param([switch] $PassThru)
        Connect-CXone -Issuer $issuer -ClientId $info.clientId -ClientSecret (New-Secure $info.clientSecret) `
            -AccessKeyId $info.accessKeyId -AccessKeySecret (New-Secure $info.accessKeySecret) -PassThru:$PassThru
    }

    function script:Set-CXoneEnvironment {
        $env:CXONE_ISSUER = $issuer
        $env:CXONE_CLIENT_ID = $info.clientId
        $env:CXONE_CLIENT_SECRET = $info.clientSecret
        $env:CXONE_ACCESS_KEY_ID = $info.accessKeyId
        $env:CXONE_ACCESS_KEY_SECRET = $info.accessKeySecret
    }

    function script:Clear-CXoneEnvironment {
        foreach ($name in $envNames) { [Environment]::SetEnvironmentVariable($name, $null) }
    }
}

AfterAll {
    Clear-CXoneEnvironment
    Get-Module CXone | Remove-Module -Force
    Stop-CXoneEmulator -Emulator $emulator
}

Describe 'Connect-CXone' {
    BeforeEach { Reset-CXoneEmulator -Issuer $issuer }

    It 'connects with an access key, makes the session the default and checks it with one cheap call' {
        $session = Connect-Emulator -PassThru

        $session.TenantId | Should -Be $info.tenantId
        $session.CredentialKind | Should -Be 'AccessKey'
        $session.ApiEndpoint.AbsoluteUri.TrimEnd('/') | Should -Be $info.apiEndpoint
        (Get-CXoneSession).TenantId | Should -Be $info.tenantId
        $stats = Get-CXoneEmulatorStats -Issuer $issuer
        $stats.grants.password | Should -Be 1
        $stats.routes.'GET /inContactAPI/services/{version}/server-time'.total | Should -Be 1
        Disconnect-CXone
    }

    It 'connects from CXONE_* environment variables when given no parameters' {
        Set-CXoneEnvironment
        try {
            Connect-CXone
            $session = Get-CXoneSession
            $session.CredentialKind | Should -Be 'AccessKey'
            $session.TenantId | Should -Be $info.tenantId
            (Get-CXoneEmulatorStats -Issuer $issuer).grants.password | Should -Be 1
        }
        finally {
            Clear-CXoneEnvironment
            Disconnect-CXone -ErrorAction SilentlyContinue
        }
    }

    It 'picks the parameter set from -Credential alone (user and password) or -Credential -AccessKey (access key)' {
        $clientSecret = New-Secure $info.clientSecret
        $user = [pscredential]::new($info.username, (New-Secure $info.password))
        $key = [pscredential]::new($info.accessKeyId, (New-Secure $info.accessKeySecret))

        $byUser = Connect-CXone -Issuer $issuer -ClientId $info.clientId -ClientSecret $clientSecret -Credential $user -PassThru
        $byKey = Connect-CXone -Issuer $issuer -ClientCredential ([pscredential]::new($info.clientId, $clientSecret)) -Credential $key -AccessKey -PassThru

        $byUser.CredentialKind | Should -Be 'UserPassword'
        $byKey.CredentialKind | Should -Be 'AccessKey'
        (Get-CXoneSession).CredentialKind | Should -Be 'AccessKey'   # the last Connect-CXone is the default
        (Get-CXoneEmulatorStats -Issuer $issuer).grants.password | Should -Be 2
        Disconnect-CXone -Session $byUser
        Disconnect-CXone -Session $byKey
    }

    It 'honours -ClientAuthentication and -ApiEndpoint' {
        # The same emulator under another name: a session that used discovery would have 127.0.0.1 instead.
        $alternative = $info.apiEndpoint -replace '127\.0\.0\.1', 'localhost'
        $post = Connect-CXone -Issuer $issuer -ClientId $info.clientId -ClientSecret (New-Secure $info.clientSecret) `
            -AccessKeyId $info.accessKeyId -AccessKeySecret (New-Secure $info.accessKeySecret) -ClientAuthentication Post -PassThru
        $direct = Connect-CXone -Issuer $issuer -ClientId $info.clientId -ClientSecret (New-Secure $info.clientSecret) `
            -AccessKeyId $info.accessKeyId -AccessKeySecret (New-Secure $info.accessKeySecret) -ApiEndpoint $alternative -TimeoutSec 30 -PassThru

        $post.ClientAuthentication | Should -Be 'Post'
        $post.ApiEndpoint.AbsoluteUri.TrimEnd('/') | Should -Be $info.apiEndpoint
        $direct.ApiEndpoint.AbsoluteUri.TrimEnd('/') | Should -Be $alternative
        (Invoke-CXoneRequest -Session $direct -Path $serverTime).ServerTime | Should -Not -BeNullOrEmpty
        Disconnect-CXone -Session $post
        Disconnect-CXone -Session $direct
    }

    It 'connects with a token you bring, which cannot refresh' {
        $donor = Connect-Emulator -PassThru
        $plain = (Get-CXoneToken -Session $donor -AsPlainText).Token
        Disconnect-CXone -Session $donor

        $session = Connect-CXone -Issuer $issuer -AccessToken (New-Secure $plain) -PassThru

        $session.CredentialKind | Should -Be 'AccessToken'
        $session.CanRefresh | Should -BeFalse
        (Invoke-CXoneRequest -Session $session -Path $serverTime).ServerTime | Should -Not -BeNullOrEmpty
        (Get-CXoneEmulatorStats -Issuer $issuer).grants.password | Should -Be 1   # the donor's only
        Disconnect-CXone -Session $session
    }

    It 'fails with CXone.AuthenticationFailed and a recommended action for a wrong secret, without echoing it' {
        $wrong = 'Wr0ng+Secret/Canary=='
        $err = $null
        try {
            Connect-CXone -Issuer $issuer -ClientId $info.clientId -ClientSecret (New-Secure $info.clientSecret) `
                -AccessKeyId $info.accessKeyId -AccessKeySecret (New-Secure $wrong)
        }
        catch { $err = $_ }

        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -BeLike 'CXone.AuthenticationFailed,*'
        $err.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $err.ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        ($err | Out-String) + $err.Exception.ToString() | Should -Not -Match ([regex]::Escape($wrong))
    }

    It 'ends every cmdlet with CXone.NotConnected and "Run Connect-CXone first" in a runspace without a session' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                    param($Manifest)
                    Import-Module $Manifest
                    try { Get-CXoneContact -StartDate (Get-Date).AddDays(-1) -EndDate (Get-Date) } catch { $_ }
                }).AddArgument($manifest)
            $err = $ps.Invoke() | Select-Object -First 1
        }
        finally { $ps.Dispose() }

        $err.FullyQualifiedErrorId | Should -BeLike 'CXone.NotConnected,*'
        $err.Exception.Message | Should -Match 'Run Connect-CXone first'
    }
}

Describe 'One session for every cmdlet' {
    BeforeAll {
        Reset-CXoneEmulator -Issuer $issuer
        $script:session = Connect-Emulator -PassThru
    }
    AfterAll { Disconnect-CXone -Session $session -ErrorAction SilentlyContinue }

    It 'shares one token grant across all cmdlets' {
        $token = Get-CXoneToken
        $null = Invoke-CXoneRequest -Path $serverTime
        $contacts = @(Get-CXoneContact -StartDate $start -EndDate $end -First 5)
        $recordings = @(Get-CXoneRecording -ContactId $info.recordedContactIds[0])
        $saved = @($recordings | Save-CXoneRecording -Path (Join-Path $TestDrive 'one-grant'))

        $token.Token | Should -BeOfType [securestring]
        $contacts.Count | Should -Be 5
        $recordings.Count | Should -BeGreaterThan 0
        $saved.Count | Should -Be $recordings.Count
        $stats = Get-CXoneEmulatorStats -Issuer $issuer
        $stats.grants.password | Should -Be 1
        $stats.grants.refresh_token | Should -Be 0
    }

    It 'returns the token as a SecureString with its type, UTC expiry, tenant and endpoint; -ForceRefresh renews' {
        $before = (Get-CXoneEmulatorStats -Issuer $issuer).grants.refresh_token
        $token = Get-CXoneToken
        $renewed = Get-CXoneToken -ForceRefresh -AsPlainText

        $token.PSObject.TypeNames[0] | Should -Be 'CXone.PowerShell.Models.CXoneTokenInfo'
        $token.Token | Should -BeOfType [securestring]
        $token.TokenType | Should -Be 'Bearer'
        $token.ExpiresOn.Offset | Should -Be ([TimeSpan]::Zero)
        $token.ExpiresOn | Should -BeGreaterThan ([DateTimeOffset]::UtcNow)
        $token.TenantId | Should -Be $info.tenantId
        $token.ApiEndpoint.AbsoluteUri.TrimEnd('/') | Should -Be $info.apiEndpoint
        $renewed.Token | Should -BeOfType [string]
        $renewed.Token | Should -Not -Be ([pscredential]::new('t', $token.Token).GetNetworkCredential().Password)
        (Get-CXoneEmulatorStats -Issuer $issuer).grants.refresh_token | Should -Be ($before + 1)
    }

    It 'writes typed objects that have table views, and never shows the token in them' {
        $token = Get-CXoneToken -AsPlainText
        $contact = Get-CXoneContact -StartDate $start -EndDate $end -First 1

        $contact.PSObject.TypeNames[0] | Should -Be 'CXone.Core.Api.CXoneContact'
        (Get-CXoneSession).PSObject.TypeNames[0] | Should -Be 'CXone.Core.CXoneSession'
        $table = $token | Format-Table | Out-String
        $table | Should -Match '\*\*\*'
        $table | Should -Not -Match ([regex]::Escape($token.Token))
        "$token" | Should -Not -Match ([regex]::Escape($token.Token))
    }

    It 'streams contacts -> recordings -> saved files, with hashes, a manifest and no token sent to storage' {
        $ids = @($info.recordedContactIds | Select-Object -First 3)
        $folder = Join-Path $TestDrive 'pipeline'
        $manifestFile = Join-Path $TestDrive 'pipeline.jsonl'

        $results = @(Get-CXoneContact -StartDate $start -EndDate $end |
                Where-Object { $ids -contains $_.ContactId } |
                Get-CXoneRecording |
                Save-CXoneRecording -Path $folder -ManifestPath $manifestFile -ThrottleLimit 2)

        $results.Count | Should -BeGreaterOrEqual 3
        @($results.ContactId | Sort-Object -Unique).Count | Should -Be 3
        foreach ($r in $results) {
            $r.Status | Should -Be 'Saved'
            Test-Path -LiteralPath $r.Path | Should -BeTrue
            (Get-Item -LiteralPath $r.Path).Length | Should -Be $r.Bytes
            (Get-FileHash -LiteralPath $r.Path -Algorithm SHA256).Hash | Should -Be $r.Sha256
        }
        @(Get-Content -LiteralPath $manifestFile).Count | Should -Be $results.Count
        (Get-CXoneEmulatorStats -Issuer $issuer).storageRequestsWithAuthorization | Should -Be 0

        $again = @($results | Select-Object -First 1 | ForEach-Object { Get-CXoneRecording -ContactId $_.ContactId } | Save-CXoneRecording -Path $folder)
        $again[0].Status | Should -Be 'Skipped'
    }

    It 'saves by -ContactId, overwrites only with -Force, and reports batch and file progress unless silenced' {
        $id = $info.recordedContactIds[4]
        $folder = Join-Path $TestDrive 'by-id'

        $first = @(Save-CXoneRecording -ContactId $id -Path $folder)
        $skipped = @(Save-CXoneRecording -ContactId $id -Path $folder)
        $forced = @(Save-CXoneRecording -ContactId $id -Path $folder -Force)

        $first.Count | Should -BeGreaterThan 0
        @($first.Status | Sort-Object -Unique) | Should -Be @('Saved')
        @($skipped.Status | Sort-Object -Unique) | Should -Be @('Skipped')
        @($forced.Status | Sort-Object -Unique) | Should -Be @('Saved')

        # Progress in a runspace of its own, where the Progress stream can be read.
        $progress = foreach ($preference in 'Continue', 'SilentlyContinue') {
            $ps = [powershell]::Create()
            try {
                $null = $ps.AddScript({
                        param($Manifest, $Session, $Id, $Folder, $Preference)
                        Import-Module $Manifest
                        $ProgressPreference = $Preference
                        Save-CXoneRecording -Session $Session -ContactId $Id -Path $Folder -Force
                    }).AddArgument($manifest).AddArgument($session).AddArgument($id).AddArgument((Join-Path $TestDrive "progress-$preference")).AddArgument($preference)
                $null = $ps.Invoke()
                , @($ps.Streams.Progress)
            }
            finally { $ps.Dispose() }
        }

        $shown = $progress[0]
        @($shown | Where-Object { $_.Activity -eq 'Saving recordings' -and $_.ParentActivityId -eq -1 }).Count | Should -BeGreaterThan 0
        @($shown | Where-Object { $_.Activity -like 'Saving recording *' -and $_.ParentActivityId -eq 0 }).Count | Should -BeGreaterThan 0
        @($shown | Where-Object { $_.RecordType -eq 'Completed' }).Count | Should -BeGreaterThan 0
        $progress[1].Count | Should -Be 0
    }

    It 'stops the downloads still running when the pipeline stops downstream (Select-Object -First)' {
        Reset-CXoneEmulator -Issuer $issuer
        $recordings = @($info.recordedContactIds[5..8] | Get-CXoneRecording)
        $folder = Join-Path $TestDrive 'first-only'
        $storage = 'GET /storage/{fileId}'
        function Set-StorageLatency([int] $Ms) {
            $body = @{ route = $storage; latencyMs = $Ms } | ConvertTo-Json
            $null = Invoke-RestMethod -Method Post -Uri "$issuer/_emulator/faults" -Body $body -ContentType 'application/json'
        }
        function Wait-StorageRequests([int] $Count) {
            $deadline = [DateTime]::UtcNow.AddSeconds(30)
            while ((Get-CXoneEmulatorStats -Issuer $issuer).storageRequests -lt $Count -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 20 }
        }

        # One download at a time. The first is held 1.5 s, the second (sent when the first is done) 60 s. Only when the
        # second has reached the server does a third recording arrive: its ProcessRecord writes the first result, and
        # Select-Object -First 1 stops the pipeline while the second download is in flight.
        Set-StorageLatency 1500
        $first = @(& {
                $recordings[0]
                $recordings[1]
                Wait-StorageRequests 1
                Set-StorageLatency 60000
                Wait-StorageRequests 2
                $recordings[2..($recordings.Count - 1)]
            } | Save-CXoneRecording -Path $folder -ThrottleLimit 1 | Select-Object -First 1)

        try {
            $first.Count | Should -Be 1
            # The held download is abandoned (the emulator counts it as 499) long before its 60 s hold would end.
            $deadline = [DateTime]::UtcNow.AddSeconds(20)
            do {
                $abandoned = (Get-CXoneEmulatorStats -Issuer $issuer).routes.$storage.statuses.PSObject.Properties['499']
                if ($null -ne $abandoned) { break }
                Start-Sleep -Milliseconds 100
            } while ([DateTime]::UtcNow -lt $deadline)
            $abandoned | Should -Not -BeNullOrEmpty
            @(Get-ChildItem -LiteralPath $folder -Filter '*.mp4').Count | Should -Be 1
        }
        finally { Reset-CXoneEmulator -Issuer $issuer }
    }

    It 'asks ShouldProcess before saving: -WhatIf saves nothing' {
        $folder = Join-Path $TestDrive 'whatif'
        $before = (Get-CXoneEmulatorStats -Issuer $issuer).storageRequests
        Get-CXoneRecording -ContactId $info.recordedContactIds[1] | Save-CXoneRecording -Path $folder -WhatIf
        (Get-CXoneEmulatorStats -Issuer $issuer).storageRequests | Should -Be $before
        Test-Path -LiteralPath $folder | Should -BeFalse
    }

    It 'goes on after a contact without a recording, with the non-terminating error CXone.RecordingNotFound' {
        $missing = $info.unrecordedContactIds[0]
        $found = $info.recordedContactIds[2]

        $recordings = @($missing, $found | Get-CXoneRecording -ErrorVariable notFound -ErrorAction SilentlyContinue)

        $recordings.Count | Should -BeGreaterThan 0
        (@($recordings.ContactId | Sort-Object -Unique) -join ',') | Should -Be "$found"
        $notFound.Count | Should -Be 1
        $notFound[0].FullyQualifiedErrorId | Should -Be 'CXone.RecordingNotFound,CXone.PowerShell.Commands.GetCXoneRecordingCommand'
        $notFound[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $notFound[0].Exception.Message | Should -Match 'no recording'
        $notFound[0].ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        $notFound[0].TargetObject | Should -BeOfType [string]
        $notFound[0].TargetObject | Should -Be "contact $missing"
    }

    It 'binds piped objects by ContactId, MasterContactId or AcdContactId' {
        $id = $info.recordedContactIds[3]
        $byContact = @([pscustomobject]@{ ContactId = $id } | Get-CXoneRecording)
        $byMaster = @([pscustomobject]@{ MasterContactId = $id } | Get-CXoneRecording)
        $byAcd = @([pscustomobject]@{ AcdContactId = "$id" } | Get-CXoneRecording)
        $byValue = @($id | Get-CXoneRecording)

        $byContact.Count | Should -BeGreaterThan 0
        foreach ($set in $byMaster, $byAcd, $byValue) {
            $set.Count | Should -Be $byContact.Count
            @($set.ContactId | Sort-Object -Unique) | Should -Be @("$id")
        }
    }

    It 'writes recordings whose signed file URL no view, conversion or export shows' {
        $recording = @(Get-CXoneRecording -ContactId $info.recordedContactIds[1])[0]
        $text = ($recording | ConvertTo-Json -Depth 5) + ($recording | Format-List * | Out-String) +
            ($recording | Format-Table | Out-String) + ($recording | ConvertTo-Csv | Out-String) + "$recording"

        $recording.GetFileUrl().Query | Should -Match 'signature='
        $recording.FileLocation | Should -Be $recording.GetFileUrl().GetLeftPart([UriPartial]::Path)
        $text | Should -Match ([regex]::Escape($recording.GetFileUrl().AbsolutePath))
        $text | Should -Not -Match 'signature='
        $text | Should -Not -Match 'expires='
    }

    It 'writes a session that holds no secret, even fully serialized' {
        $plain = (Get-CXoneToken -AsPlainText).Token
        $text = (Get-CXoneSession | ConvertTo-Json -Depth 8 -WarningAction SilentlyContinue) +
            (Get-CXoneSession | Format-List * | Out-String) + (Get-CXoneSession | Format-Custom -Depth 4 | Out-String)

        $text | Should -Match ([regex]::Escape($info.tenantId))
        foreach ($secret in @($info.clientSecret, $info.accessKeySecret, $plain)) {
            $text | Should -Not -Match ([regex]::Escape($secret))
        }
        $text | Should -Not -Match 'eyJ[A-Za-z0-9_-]+\.eyJ'
    }

    It 'returns JSON as PSCustomObjects, pages with -All and -First, and asks ShouldProcess for POST' {
        $time = Invoke-CXoneRequest -Path $serverTime -StatusCodeVariable status
        $status | Should -Be 200
        $time.ServerTime | Should -Not -BeNullOrEmpty
        $time | Should -BeOfType [pscustomobject]

        $agents = @(Invoke-CXoneRequest -Path 'inContactAPI/services/v30.0/agents' -All -First 7)
        $agents.Count | Should -Be 7
        $agents[0].agentId | Should -Not -BeNullOrEmpty

        $err = $null
        try { Invoke-CXoneRequest -Method POST -Path 'inContactAPI/services/v30.0/agents' -All } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -Be 'CXone.InvalidArgument,CXone.PowerShell.Commands.InvokeCXoneRequestCommand'
        (Get-CXoneEmulatorStats -Issuer $issuer).routes.PSObject.Properties['POST /inContactAPI/services/{version}/agents'] | Should -BeNullOrEmpty

        Invoke-CXoneRequest -Method POST -Path $serverTime -Body @{ a = 1 } -WhatIf
        # PSObject.Properties[...]: a missing route must read as null under Set-StrictMode (build.ps1 sets it).
        (Get-CXoneEmulatorStats -Issuer $issuer).routes.PSObject.Properties['POST /inContactAPI/services/{version}/server-time'] | Should -BeNullOrEmpty
    }

    It 'honours -Raw, -OutFile, -SkipHttpErrorCheck, -ResponseHeadersVariable, -Uri and -IncludeTotalCount' {
        $raw = Invoke-CXoneRequest -Path $serverTime -Raw
        $raw | Should -BeOfType [string]
        $raw | Should -Match '"ServerTime"'

        $file = Join-Path $TestDrive 'server-time.json'
        Invoke-CXoneRequest -Path $serverTime -OutFile $file | Should -BeNullOrEmpty
        (Get-Content -LiteralPath $file -Raw | ConvertFrom-Json).ServerTime | Should -Not -BeNullOrEmpty

        $missing = Invoke-CXoneRequest -Path 'inContactAPI/services/v30.0/no-such-resource' -SkipHttpErrorCheck -StatusCodeVariable code -ResponseHeadersVariable headers -ErrorVariable failed
        $failed.Count | Should -Be 0
        $code | Should -Be 404
        $headers['Content-Type'] | Should -Not -BeNullOrEmpty
        $null = $missing

        (Invoke-CXoneRequest -Uri "$($info.apiEndpoint)/$serverTime").ServerTime | Should -Not -BeNullOrEmpty

        $page = @(Get-CXoneContact -StartDate $start -EndDate $end -IncludeTotalCount -First 3)
        $total = @($page | Where-Object { $_.GetType().FullName -ne 'CXone.Core.Api.CXoneContact' })
        $total.Count | Should -Be 1
        "$($total[0])" | Should -Match "$($info.contactCount)"
        @($page | Where-Object { $_.GetType().FullName -eq 'CXone.Core.Api.CXoneContact' }).Count | Should -Be 3
    }

    It 'writes -Verbose and -Debug lines that contain no secret' {
        $plain = (Get-CXoneToken -AsPlainText).Token
        $lines = & {
            $s = Connect-Emulator -PassThru -Verbose -Debug
            Get-CXoneToken -Session $s -ForceRefresh -Verbose -Debug | Out-Null
            Invoke-CXoneRequest -Session $s -Path $serverTime -Verbose -Debug | Out-Null
            Get-CXoneRecording -Session $s -ContactId $info.unrecordedContactIds[1] -Verbose -Debug -ErrorAction SilentlyContinue
            Disconnect-CXone -Session $s -Verbose
        } *>&1 | Out-String

        $lines | Should -Match '/auth/token'
        $lines | Should -Match 'Connected to tenant .+, API endpoint .+, token expires'
        $lines | Should -Match 'GET /inContactAPI/services/v30.0/server-time 200 in \d+ ms'
        foreach ($secret in @($info.clientSecret, $info.accessKeySecret, $plain)) {
            $lines | Should -Not -Match ([regex]::Escape($secret))
        }
        $lines | Should -Not -Match 'eyJ[A-Za-z0-9_-]+\.eyJ'
    }
}

Describe 'Error records' {
    BeforeAll {
        Reset-CXoneEmulator -Issuer $issuer
        $script:errSession = Connect-Emulator -PassThru
        function script:Set-Fault([hashtable] $Fault) {
            $null = Invoke-RestMethod -Method Post -Uri "$issuer/_emulator/faults" -Body ($Fault | ConvertTo-Json) -ContentType 'application/json'
        }
    }
    AfterAll {
        Reset-CXoneEmulator -Issuer $issuer
        Disconnect-CXone -Session $errSession -ErrorAction SilentlyContinue
    }

    It 'goes on after one contact whose lookup fails after every retry, with a non-terminating error for it' {
        $failing = $info.recordedContactIds[5]
        $next = $info.recordedContactIds[6]
        # The six attempts of the first lookup (1 + 5 retries) are throttled; the second lookup is answered.
        Set-Fault @{ route = 'GET /media-playback/v1/contacts'; kind = '429'; count = 6; retryAfter = 'seconds'; retryAfterSeconds = 0 }

        $recordings = @($failing, $next | Get-CXoneRecording -Session $errSession -ErrorVariable lookupErrors -ErrorAction SilentlyContinue)
        Reset-CXoneEmulator -Issuer $issuer

        @($recordings.ContactId | Sort-Object -Unique) | Should -Be @("$next")
        $lookupErrors.Count | Should -Be 1
        $lookupErrors[0].FullyQualifiedErrorId | Should -Be 'CXone.RateLimited,CXone.PowerShell.Commands.GetCXoneRecordingCommand'
        $lookupErrors[0].TargetObject | Should -Be "contact $failing"
    }

    It 'maps <Kind> to ErrorId CXone.<Kind>, a specific category, a recommended action and a redacted target' -ForEach @(
        @{ Kind = 'UnsupportedGrant'; Command = 'ConnectCXoneCommand'; Category = 'NotEnabled' }
        @{ Kind = 'InvalidArgument'; Command = 'ConnectCXoneCommand'; Category = 'InvalidArgument' }
        @{ Kind = 'NotFound'; Command = 'InvokeCXoneRequestCommand'; Category = 'ObjectNotFound' }
        @{ Kind = 'BadRequest'; Command = 'InvokeCXoneRequestCommand'; Category = 'InvalidArgument' }
        @{ Kind = 'RateLimited'; Command = 'InvokeCXoneRequestCommand'; Category = 'LimitsExceeded' }
        @{ Kind = 'ServerError'; Command = 'InvokeCXoneRequestCommand'; Category = 'ResourceUnavailable' }
        @{ Kind = 'InvalidResponse'; Command = 'InvokeCXoneRequestCommand'; Category = 'InvalidResult' }
        @{ Kind = 'NotConnected'; Command = 'GetCXoneTokenCommand'; Category = 'InvalidOperation' }
        @{ Kind = 'InteractiveLoginUnavailable'; Command = 'ConnectCXoneCommand'; Category = 'InvalidOperation' }
    ) {
        $route = 'GET /inContactAPI/services/{version}/server-time'
        $canary = 'Qu3ry-Canary-Value'
        $err = $null
        try {
            switch ($Kind) {
                'UnsupportedGrant' { Connect-CXone -Issuer $issuer -ClientId $info.clientId -ClientSecret (New-Secure $info.clientSecret) -ClientCredentialsGrant }
                'InvalidArgument' { Connect-CXone -Issuer 'http://cxone.example.test' -ClientId 'id' -ClientSecret (New-Secure $canary) -AccessKeyId 'key' -AccessKeySecret (New-Secure $canary) }
                'NotFound' { Invoke-CXoneRequest -Session $errSession -Path "inContactAPI/services/v30.0/no-such-resource?sig=$canary" }
                'BadRequest' { Invoke-CXoneRequest -Session $errSession -Path 'inContactAPI/services/v30.0/contacts/completed' -Query @{ startDate = 'not a date'; endDate = $canary } }
                'RateLimited' { Set-Fault @{ route = $route; kind = '429'; count = 50; retryAfter = 'seconds'; retryAfterSeconds = 0 }; Invoke-CXoneRequest -Session $errSession -Path $serverTime }
                'ServerError' { Set-Fault @{ route = $route; kind = '503'; count = 50; retryAfter = 'seconds'; retryAfterSeconds = 0 }; Invoke-CXoneRequest -Session $errSession -Path $serverTime }
                'InvalidResponse' { Set-Fault @{ route = $route; kind = 'malformedJson'; count = 50 }; Invoke-CXoneRequest -Session $errSession -Path $serverTime }
                'NotConnected' { $gone = Connect-Emulator -PassThru; Disconnect-CXone -Session $gone; Get-CXoneToken -Session $gone }
                'InteractiveLoginUnavailable' {
                    $savedCi = $env:CI
                    try {
                        $env:CI = 'true'   # a CI run: no person can answer a browser
                        Connect-CXone -Interactive -Issuer $issuer -ClientId $info.clientId -ClientSecret (New-Secure $canary)
                    }
                    finally { $env:CI = $savedCi }
                }
            }
        }
        catch { $err = $_ }
        finally { Reset-CXoneEmulator -Issuer $issuer }

        $err | Should -Not -BeNullOrEmpty -Because 'the command must end with a terminating error'
        $err.FullyQualifiedErrorId | Should -Be "CXone.$Kind,CXone.PowerShell.Commands.$Command"
        $err.CategoryInfo.Category | Should -Be $Category
        $err.ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        $err.TargetObject | Should -BeOfType [string]
        $err.TargetObject | Should -Not -Match '\?'
        $text = ($err | Out-String) + $err.Exception.ToString() + $err.TargetObject
        foreach ($secret in @($canary, $info.clientSecret, $info.accessKeySecret)) {
            $text | Should -Not -Match ([regex]::Escape($secret))
        }
        $text | Should -Not -Match 'eyJ[A-Za-z0-9_-]+\.eyJ'
    }
}

Describe 'Parallel runspaces' {
    It 'share one session and one grant through $using:session' {
        Reset-CXoneEmulator -Issuer $issuer
        $session = Connect-Emulator -PassThru
        $path = $serverTime
        $module = $manifest

        $times = @(1..8 | ForEach-Object -ThrottleLimit 4 -Parallel {
                Import-Module $using:module
                Invoke-CXoneRequest -Session $using:session -Path $using:path
            })
        $orphan = 1 | ForEach-Object -Parallel {
            Import-Module $using:module
            try { Get-CXoneSession; 'connected' } catch { $_.FullyQualifiedErrorId }
        }

        $times.Count | Should -Be 8
        (Get-CXoneEmulatorStats -Issuer $issuer).grants.password | Should -Be 1
        $orphan | Should -BeLike 'CXone.NotConnected,*'
        Disconnect-CXone -Session $session
    }
}

Describe 'Parallel renewal' {
    It 'renews once for every worker when the server rejects the shared token' {
        Reset-CXoneEmulator -Issuer $issuer
        $session = Connect-Emulator -PassThru
        $path = $serverTime
        $module = $manifest
        # Every token issued so far (the access and the refresh token) is now refused: each worker's first attempt
        # is a 401, and the session must renew once for all of them (refresh refused, then the access key again).
        $revoke = @{ revokeAllTokens = $true } | ConvertTo-Json
        $null = Invoke-RestMethod -Method Post -Uri "$issuer/_emulator/faults" -Body $revoke -ContentType 'application/json'

        $times = @(1..16 | ForEach-Object -ThrottleLimit 8 -Parallel {
                Import-Module $using:module
                Invoke-CXoneRequest -Session $using:session -Path $using:path
            })

        $times.Count | Should -Be 16
        $stats = Get-CXoneEmulatorStats -Issuer $issuer
        $stats.grants.password | Should -Be 2          # Connect-CXone, then the one renewal
        $stats.grants.refresh_token | Should -Be 0
        $stats.routes.'GET /inContactAPI/services/{version}/server-time'.statuses.'200' | Should -Be 17
        Disconnect-CXone -Session $session
        Reset-CXoneEmulator -Issuer $issuer
    }
}

Describe 'Get-CXoneToken -AsPlainText in CI' {
    BeforeAll {
        $script:child = {
            param([string] $Ci, [string] $Value)
            $command = "Import-Module '$manifest'; Connect-CXone; `$t = Get-CXoneToken -AsPlainText; 'TOKEN=' + `$t.Token"
            Set-CXoneEnvironment
            $saved = [Environment]::GetEnvironmentVariable($Ci)
            try {
                if ($Ci) { [Environment]::SetEnvironmentVariable($Ci, $Value) }
                $out = @(& pwsh -NoProfile -NonInteractive -Command $command 2>&1 | ForEach-Object { "$_" })
            }
            finally {
                if ($Ci) { [Environment]::SetEnvironmentVariable($Ci, $saved) }
                Clear-CXoneEnvironment
            }
            $out
        }
    }

    It 'writes ::add-mask:: with the token before the token under GITHUB_ACTIONS=true' {
        $out = & $child 'GITHUB_ACTIONS' 'true'
        $tokenLine = [array]::FindIndex([string[]]$out, [Predicate[string]] { param($l) $l.StartsWith('TOKEN=') })
        $tokenLine | Should -BeGreaterOrEqual 0
        $token = $out[$tokenLine].Substring(6)
        $maskLine = [array]::IndexOf([string[]]$out, "::add-mask::$token")
        $maskLine | Should -BeGreaterOrEqual 0
        $maskLine | Should -BeLessThan $tokenLine
    }

    It 'writes the Azure DevOps secret command under TF_BUILD=True' {
        $out = & $child 'TF_BUILD' 'True'
        $token = ($out | Where-Object { $_.StartsWith('TOKEN=') } | Select-Object -First 1).Substring(6)
        $out | Should -Contain "##vso[task.setsecret]$token"
    }

    It 'writes no mask command outside CI' {
        $out = & $child 'GITHUB_ACTIONS' 'false'
        ($out -join "`n") | Should -Not -Match '::add-mask::'
        @($out | Where-Object { $_.StartsWith('TOKEN=') }).Count | Should -Be 1
    }
}

Describe 'The module' {
    It 'imports from the repository root and exports exactly the fifteen cmdlets' {
        Push-Location $repo
        try {
            # -PassThru also returns CXone.Init, the ScriptsToProcess script that installs the dependency resolver.
            $imported = @(Import-Module ./CXone.psd1 -Force -PassThru)
        }
        finally { Pop-Location }

        $module = @($imported | Where-Object Name -eq 'CXone')
        $module.Count | Should -Be 1
        $module = $module[0]
        @($module.ExportedCmdlets.Keys | Sort-Object) | Should -Be @(
            'Add-CXoneAgentSkill', 'Connect-CXone', 'Disconnect-CXone', 'Get-CXoneAgent', 'Get-CXoneAgentSkill',
            'Get-CXoneContact', 'Get-CXoneRecording', 'Get-CXoneSession', 'Get-CXoneSkill', 'Get-CXoneTeam', 'Get-CXoneToken',
            'Invoke-CXoneRequest', 'Remove-CXoneAgentSkill', 'Save-CXoneRecording', 'Set-CXoneAgentSkill')
        $module.ExportedFunctions.Count | Should -Be 0
        $module.ExportedAliases.Count | Should -Be 0
    }

    It 'packages a gallery layout under out/CXone/VERSION that imports on its own' {
        & (Join-Path $repo 'build.ps1') -Task Package -NoBuild *> $null
        $version = (Import-PowerShellDataFile -LiteralPath $manifest).ModuleVersion
        $packaged = Join-Path $repo "out/CXone/$version/CXone.psd1"

        (Test-ModuleManifest -Path $packaged).Version.ToString() | Should -Be $version
        Test-Path -LiteralPath (Join-Path $repo "out/CXone/$version/System.Management.Automation.dll") | Should -BeFalse
        $count = & pwsh -NoProfile -NonInteractive -Command "Import-Module '$packaged'; (Get-Command -Module CXone).Count"
        "$count".Trim() | Should -Be '15'
    }
}

Describe 'Ctrl+C' {
    It 'cancels a request that the server holds and returns long before the server would answer' {
        $session = Connect-Emulator -PassThru
        Reset-CXoneEmulator -Issuer $issuer
        $route = 'GET /inContactAPI/services/{version}/server-time'
        $fault = @{ route = $route; latencyMs = 60000 } | ConvertTo-Json
        $null = Invoke-RestMethod -Method Post -Uri "$issuer/_emulator/faults" -Body $fault -ContentType 'application/json'
        $signal = [hashtable]::Synchronized(@{ Started = $false })
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                    param($Manifest, $Session, $Path, $Signal)
                    Import-Module $Manifest
                    $Signal.Started = $true
                    Invoke-CXoneRequest -Session $Session -Path $Path
                }).AddArgument($manifest).AddArgument($session).AddArgument($serverTime).AddArgument($signal)
            $null = $ps.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            while (-not $signal.Started -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
            Start-Sleep -Seconds 3   # let the request reach the emulator, which holds it for 60 s

            $watch = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()   # what Ctrl+C does: StopProcessing cancels the cmdlet's token
            $watch.Stop()

            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            # Ctrl+C stops the request and the cmdlet returns within about a second (the pump's grace is 1 s).
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 2
            # The emulator counts a request whose client went away during the held answer as 499.
            $deadline = [DateTime]::UtcNow.AddSeconds(20)
            do {
                $statuses = (Get-CXoneEmulatorStats -Issuer $issuer).routes.$route.statuses
                if ($null -ne $statuses) { break }
                Start-Sleep -Milliseconds 100
            } while ([DateTime]::UtcNow -lt $deadline)
            $statuses.'499' | Should -Be 1
        }
        finally {
            $ps.Dispose()
            Reset-CXoneEmulator -Issuer $issuer
            Disconnect-CXone -Session $session
        }
    }
}
