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

Describe 'Connect-CXone with an access key alone, in both answer spellings' -ForEach @(
    @{ Spelling = 'oauth'; Fields = 'access_token, expires_in, refresh_token' },
    @{ Spelling = 'userhub'; Fields = 'token, tokenExpirationTimeSec, refreshToken' }
) {
    BeforeAll {
        # An emulator of its own that answers the access-key login in this spelling.
        $script:spelled = Start-CXoneEmulator -RepoRoot $repo -ArgumentList @('--access-key-answer', $Spelling)
        $script:spelledInfo = Invoke-RestMethod -Uri "$($spelled.Issuer)/_emulator/info"
    }

    AfterAll {
        Stop-CXoneEmulator -Emulator $spelled
    }

    It 'reads the <Spelling> answer (<Fields>) and calls the API with its token' {
        $secret = $spelledInfo.accessKeySecret
        $run = Invoke-Fresh @{} "Connect-CXone -AccessKeyId '$($spelledInfo.accessKeyId)' -AccessKeySecret (ConvertTo-SecureString '$secret' -AsPlainText -Force) -AuthEndpoint '$($spelled.Issuer)' -Issuer '$($spelled.Issuer)'; 'login=' + (Get-CXoneSession).Login; 'expires=' + ((Get-CXoneSession).TokenExpiresOn -gt [DateTimeOffset]::UtcNow); (Invoke-CXoneRequest -Path 'inContactAPI/services/v30.0/server-time').ServerTime"

        $run.ExitCode | Should -Be 0
        $run.Output | Should -Match 'login=UserHubAccessKey'
        $run.Output | Should -Match 'expires=True'
        $run.Output | Should -Not -Match ([regex]::Escape($secret))
        Get-CXoneEmulatorRequestCount -Issuer $spelled.Issuer -Route 'POST /authentication/v1/token/access-key' | Should -Be 1
        Get-CXoneEmulatorRequestCount -Issuer $spelled.Issuer -Route 'GET /inContactAPI/services/{version}/server-time' | Should -BeGreaterOrEqual 1
    }
}

Describe 'Connect-CXone to Genesys Cloud' {
    BeforeEach { Reset-CXoneEmulator -Issuer $issuer }

    # The region names the real hosts; the two endpoint overrides point them at the emulator's Genesys-shaped routes.
    It 'logs in with client credentials from GENESYSCLOUD_* and calls api/v2 without any CXone discovery' {
        $run = Invoke-Fresh @{ GENESYSCLOUD_REGION = 'us-east-1'; GENESYSCLOUD_OAUTHCLIENT_ID = $info.clientId; GENESYSCLOUD_OAUTHCLIENT_SECRET = $info.clientSecret; CXONE_TOKEN_ENDPOINT = $info.genesysTokenEndpoint; CXONE_API_ENDPOINT = $issuer } `
            "Connect-CXone; 'login=' + (Get-CXoneSession).Login; 'org=' + (Invoke-CXoneRequest -Path 'api/v2/organizations/me').name"

        $run.ExitCode | Should -Be 0
        $run.Output | Should -Match 'login=GenesysCloudClientCredentials'
        $run.Output | Should -Match 'org=\S'
        $run.Output | Should -Not -Match ([regex]::Escape($info.clientSecret))
        Get-CXoneEmulatorRequestCount -Issuer $issuer -Route 'POST /oauth/token' | Should -Be 1
        Get-CXoneEmulatorRequestCount -Issuer $issuer -Route 'GET /api/v2/organizations/me' | Should -Be 1
        Get-CXoneEmulatorRequestCount -Issuer $issuer -Route 'GET /.well-known/openid-configuration' | Should -Be 0
        Get-CXoneEmulatorRequestCount -Issuer $issuer -Route 'GET /inContactAPI/services/{version}/server-time' | Should -Be 0
    }

    It 'logs in with -GenesysCloudRegion -ClientCredentialsGrant as typed' {
        $run = Invoke-Fresh @{} "Connect-CXone -GenesysCloudRegion us-east-1 -ClientCredentialsGrant -ClientId '$($info.clientId)' -ClientSecret (ConvertTo-SecureString '$($info.clientSecret)' -AsPlainText -Force) -TokenEndpoint '$($info.genesysTokenEndpoint)' -ApiEndpoint '$issuer' -Verbose 4>&1; 'login=' + (Get-CXoneSession).Login"

        $run.ExitCode | Should -Be 0
        $run.Output | Should -Match 'login=GenesysCloudClientCredentials'
        $run.Output | Should -Match 'VERBOSE: .*login GenesysCloudClientCredentials'
        $run.Output | Should -Not -Match ([regex]::Escape($info.clientSecret))
        Get-CXoneEmulatorRequestCount -Issuer $issuer -Route 'POST /oauth/token' | Should -Be 1
    }

    It 'with a wrong client secret fails with CXone.AuthenticationFailed and shows no secret' {
        $wrong = 'Wr0ng+Client/Secret=='
        $run = Invoke-Fresh @{} "try { Connect-CXone -GenesysCloudRegion us-east-1 -ClientCredentialsGrant -ClientId '$($info.clientId)' -ClientSecret (ConvertTo-SecureString '$wrong' -AsPlainText -Force) -TokenEndpoint '$($info.genesysTokenEndpoint)' -ApiEndpoint '$issuer' -ErrorAction Stop } catch { 'id=' + `$_.FullyQualifiedErrorId; `$_.Exception.Message; `$_.ErrorDetails.RecommendedAction }"

        $run.Output | Should -Match 'id=CXone\.AuthenticationFailed'
        $run.Output | Should -Not -Match ([regex]::Escape($wrong))
        $run.Output | Should -Not -Match ([regex]::Escape($info.clientSecret))
    }

    It 'an unknown region is one clear error before any request' {
        $run = Invoke-Fresh @{} "try { Connect-CXone -GenesysCloudRegion moon-west-9 -ClientCredentialsGrant -ClientId '$($info.clientId)' -ClientSecret (ConvertTo-SecureString 'x' -AsPlainText -Force) -ErrorAction Stop } catch { 'id=' + `$_.FullyQualifiedErrorId; `$_.ErrorDetails.RecommendedAction }"

        $run.Output | Should -Match 'id=CXone\.InvalidArgument'
        $run.Output | Should -Match 'us-east-1'
        Get-CXoneEmulatorRequestCount -Issuer $issuer -Route 'POST /oauth/token' | Should -Be 0
    }
}

Describe 'Connect-CXone to any OAuth2 issuer' {
    BeforeEach { Reset-CXoneEmulator -Issuer $issuer }

    It 'with -TokenEndpoint and -ApiEndpoint skips discovery and checks the connection at -ConnectionCheckPath' {
        $run = Invoke-Fresh @{} "Connect-CXone -ClientCredentialsGrant -ClientId '$($info.clientId)' -ClientSecret (ConvertTo-SecureString '$($info.clientSecret)' -AsPlainText -Force) -Issuer '$issuer' -TokenEndpoint '$($info.genesysTokenEndpoint)' -ApiEndpoint '$issuer' -ConnectionCheckPath 'api/v2/organizations/me'; 'login=' + (Get-CXoneSession).Login"

        $run.ExitCode | Should -Be 0
        $run.Output | Should -Match 'login=ClientCredentials'
        Get-CXoneEmulatorRequestCount -Issuer $issuer -Route 'GET /.well-known/openid-configuration' | Should -Be 0
        Get-CXoneEmulatorRequestCount -Issuer $issuer -Route 'GET /.well-known/cxone-configuration' | Should -Be 0
        Get-CXoneEmulatorRequestCount -Issuer $issuer -Route 'GET /api/v2/organizations/me' | Should -Be 1
        Get-CXoneEmulatorRequestCount -Issuer $issuer -Route 'GET /inContactAPI/services/{version}/server-time' | Should -Be 0
    }

    It 'without an API endpoint for a token with no tenantId the error names -ApiEndpoint' {
        $run = Invoke-Fresh @{} "try { Connect-CXone -ClientCredentialsGrant -ClientId '$($info.clientId)' -ClientSecret (ConvertTo-SecureString '$($info.clientSecret)' -AsPlainText -Force) -Issuer '$issuer' -TokenEndpoint '$($info.genesysTokenEndpoint)' -ErrorAction Stop } catch { 'id=' + `$_.FullyQualifiedErrorId; `$_.ErrorDetails.RecommendedAction }"

        $run.Output | Should -Match 'id=CXone\.InvalidResponse'
        $run.Output | Should -Match '-ApiEndpoint'
        $run.Output | Should -Not -Match ([regex]::Escape($info.clientSecret))
    }
}

# An emulator whose tokens live 4 s: the client renews each one half-way (2 s after asking for it), so a run of a few
# seconds crosses renewals without any test waiting on a timer. The callers stop once the server has issued two
# renewals. With one renewal per window a token cannot be renewed sooner than 2 s after the one before it, so T
# seconds of calling allow at most T/2 + 1 renewals; 64 callers each renewing would issue dozens.
Describe 'Renewal ahead of expiry under 64 parallel callers' -ForEach @(
    @{ Login = 'UserHubAccessKey'; Grant = 'access_key'; Path = 'inContactAPI/services/v30.0/server-time'; Route = 'GET /inContactAPI/services/{version}/server-time' },
    @{ Login = 'PasswordGrant'; Grant = 'refresh_token'; Path = 'inContactAPI/services/v30.0/server-time'; Route = 'GET /inContactAPI/services/{version}/server-time' },
    @{ Login = 'GenesysCloudClientCredentials'; Grant = 'client_credentials'; Path = 'api/v2/organizations/me'; Route = 'GET /api/v2/organizations/me' }
) {
    BeforeAll {
        $script:brief = Start-CXoneEmulator -RepoRoot $repo -ArgumentList @('--token-lifetime', '4')
        $script:briefInfo = Invoke-RestMethod -Uri "$($brief.Issuer)/_emulator/info"
        Import-Module $manifest -Force
        $secure = { param($Text) ConvertTo-SecureString $Text -AsPlainText -Force }
        $script:connect = @{
            UserHubAccessKey              = { Connect-CXone -AccessKeyId $briefInfo.accessKeyId -AccessKeySecret (& $secure $briefInfo.accessKeySecret) -AuthEndpoint $brief.Issuer -Issuer $brief.Issuer -PassThru }
            PasswordGrant                 = { Connect-CXone -Issuer $brief.Issuer -ClientId $briefInfo.clientId -ClientSecret (& $secure $briefInfo.clientSecret) -AccessKeyId $briefInfo.accessKeyId -AccessKeySecret (& $secure $briefInfo.accessKeySecret) -PassThru }
            GenesysCloudClientCredentials = { Connect-CXone -GenesysCloudRegion us-east-1 -ClientCredentialsGrant -ClientId $briefInfo.clientId -ClientSecret (& $secure $briefInfo.clientSecret) -TokenEndpoint $briefInfo.genesysTokenEndpoint -ApiEndpoint $brief.Issuer -PassThru }
        }
    }

    AfterAll {
        Stop-CXoneEmulator -Emulator $brief
    }

    It 'renews the <Login> token before it expires, once per window for all callers' {
        $session = & $connect[$Login]
        $session.Login | Should -Be $Login
        $before = Get-CXoneEmulatorStats -Issuer $brief.Issuer
        $grantsAtStart = Get-CXoneEmulatorCount -Stats $before -Path 'grants', $Grant
        $okAtStart = Get-CXoneEmulatorCount -Stats $before -Path 'routes', $Route, 'statuses', '200'
        $stop = [System.Collections.Concurrent.ConcurrentDictionary[string, bool]]::new()
        $clock = [System.Diagnostics.Stopwatch]::StartNew()

        $done = @(1..64 | ForEach-Object -ThrottleLimit 64 -Parallel {
                Import-Module $using:manifest
                $stop = $using:stop
                $calls = 0
                # Bounded: a client that never renews ends here too, and fails the assertions below.
                for ($i = 0; $i -lt 2000 -and -not $stop.ContainsKey('stop'); $i++) {
                    $null = Invoke-CXoneRequest -Session $using:session -Path $using:Path
                    $calls++
                    if ($_ -eq 1 -and $i % 5 -eq 0) {
                        $issued = (Invoke-RestMethod -Uri "$(($using:brief).Issuer)/_emulator/stats").grants.($using:Grant)
                        if ([long]$issued -ge $using:grantsAtStart + 2) { $null = $stop.TryAdd('stop', $true) }
                    }
                }
                $calls
            })
        $clock.Stop()

        $after = Get-CXoneEmulatorStats -Issuer $brief.Issuer
        $renewals = (Get-CXoneEmulatorCount -Stats $after -Path 'grants', $Grant) - $grantsAtStart
        Write-Host "  ${Login}: $renewals renewals in $([math]::Round($clock.Elapsed.TotalSeconds, 1)) s, $(($done | Measure-Object -Sum).Sum) calls"
        $renewals | Should -BeGreaterOrEqual 2
        $renewals | Should -BeLessOrEqual ([math]::Floor($clock.Elapsed.TotalSeconds / 2) + 1)
        # Every call went out with a live token: none was refused, none renewed after a 401.
        Get-CXoneEmulatorCount -Stats $after -Path 'routes', $Route, 'statuses', '401' | Should -Be 0
        ((Get-CXoneEmulatorCount -Stats $after -Path 'routes', $Route, 'statuses', '200') - $okAtStart) | Should -Be ($done | Measure-Object -Sum).Sum
        $session.TokenExpiresOn | Should -BeGreaterThan ([DateTimeOffset]::UtcNow)
        Disconnect-CXone -Session $session
    }
}
