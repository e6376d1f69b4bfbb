#Requires -Version 7.2
# Connect-CXone through a real squid (tests/Pester/Squid.ps1, configurations in tests/Pester/squid/): an open proxy
# given with -Proxy and found in the environment, an authenticating proxy with -ProxyCredential, and the 407 without
# credentials. Squid's access log is the evidence that the requests went through it. .NET does not bypass an
# explicit -Proxy or the environment's proxy for loopback targets, so the emulator stays on 127.0.0.1.

BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'Squid.ps1')
    $script:noSquid = $null -eq (Get-TestSquidPath)
    if ($noSquid -and $env:CI) { throw 'squid is not installed: .ci/run installs it (apt-get install squid).' }
}

BeforeAll {
    $script:repo = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:manifest = Join-Path $repo 'CXone.psd1'
    . (Join-Path $PSScriptRoot 'Emulator.ps1')
    . (Join-Path $PSScriptRoot 'Squid.ps1')
    if ($null -eq (Get-TestSquidPath)) { return }
    $script:emulator = Start-CXoneEmulator -RepoRoot $repo
    $script:issuer = $emulator.Issuer
    $script:info = Invoke-RestMethod -Uri "$issuer/_emulator/info"
    $script:open = Start-TestSquid -Name open
    $script:proxyUser = 'svc-cxone'
    $script:proxyPassword = 'Squid+Canary/Pass=' + [Guid]::NewGuid().ToString('n').Substring(0, 8)
    $script:auth = Start-TestSquid -Name auth -User $proxyUser -Password $proxyPassword
    Import-Module $manifest -Force

    function script:New-Secure([string] $Text) { ConvertTo-SecureString -String $Text -AsPlainText -Force }
    function script:Get-Login {
        @{ Issuer = $issuer; ClientId = $info.clientId; ClientSecret = (New-Secure $info.clientSecret); AccessKeyId = $info.accessKeyId; AccessKeySecret = (New-Secure $info.accessKeySecret) }
    }
    # Squid logs each request as "... TCP_MISS/200 665 GET http://host:port/path - HIER_DIRECT/..."; $Pattern is a -like pattern of "METHOD URL".
    function script:Get-Proxied($Squid, [string] $Pattern) {
        @(Get-TestSquidLog -Squid $Squid | Where-Object { ($_ -split '\s+', 8)[5..6] -join ' ' -like $Pattern })
    }
}

AfterAll {
    Get-Module CXone | Remove-Module -Force
    if ($auth) { Stop-TestSquid -Squid $auth }
    if ($open) { Stop-TestSquid -Squid $open }
    if ($emulator) { Stop-CXoneEmulator -Emulator $emulator }
}

Describe 'Connect-CXone through a proxy' -Skip:$noSquid {
    BeforeEach { Reset-CXoneEmulator -Issuer $issuer }

    It 'sends discovery, token, API and storage requests through -Proxy' {
        $login = Get-Login
        Connect-CXone @login -Proxy $open.Uri
        $recordings = @(Get-CXoneRecording -ContactId $info.recordedContactIds[0])
        $saved = @($recordings | Save-CXoneRecording -Path (Join-Path $TestDrive 'via-proxy'))
        Disconnect-CXone

        $saved[0].Status | Should -Be 'Saved'
        Get-Proxied $open "GET $issuer/.well-known/openid-configuration" | Should -Not -BeNullOrEmpty
        Get-Proxied $open "POST $issuer/auth/token" | Should -Not -BeNullOrEmpty
        Get-Proxied $open "GET $issuer/.well-known/cxone-configuration*" | Should -Not -BeNullOrEmpty
        Get-Proxied $open "GET */inContactAPI/services/v30.0/server-time" | Should -Not -BeNullOrEmpty
        Get-Proxied $open "GET */media-playback/v1/contacts*" | Should -Not -BeNullOrEmpty
        Get-Proxied $open "GET */storage/*" | Should -Not -BeNullOrEmpty
        @(Get-TestSquidLog -Squid $open | Where-Object { $_ -match 'TCP_\w+/(4|5)\d\d' }) | Should -BeNullOrEmpty
    }

    It 'uses the proxy from the environment (HTTP_PROXY for http, HTTPS_PROXY for https) with no proxy parameter' {
        # A fresh pwsh: .NET reads the variables once per process. The emulator speaks http, so HTTP_PROXY carries
        # the login; an https issuer then shows HTTPS_PROXY in use: squid logs its CONNECT tunnel (the emulator
        # speaks no TLS, so that login fails after the tunnel).
        $script = Join-Path $TestDrive 'env-proxy.ps1'
        Set-Content -LiteralPath $script -Value @'
$ErrorActionPreference = 'Stop'
Import-Module $args[0]
$i = $args[2] | ConvertFrom-Json
$s = { param($t) ConvertTo-SecureString -String $t -AsPlainText -Force }
Connect-CXone -Issuer $args[1] -ClientId $i.clientId -ClientSecret (& $s $i.clientSecret) -AccessKeyId $i.accessKeyId -AccessKeySecret (& $s $i.accessKeySecret)
$time = (Invoke-CXoneRequest -Path 'inContactAPI/services/v30.0/server-time').ServerTime
$https = $args[1] -replace '^http:', 'https:'
$tls = try { Connect-CXone -Issuer $https -ClientId $i.clientId -ClientSecret (& $s $i.clientSecret) -AccessKeyId $i.accessKeyId -AccessKeySecret (& $s $i.accessKeySecret) -ErrorAction Stop; 'connected' } catch { $_.FullyQualifiedErrorId }
[pscustomobject]@{ ServerTime = [string]$time; Https = $tls } | ConvertTo-Json -Compress
'@
        $saved = $env:HTTP_PROXY, $env:HTTPS_PROXY, $env:NO_PROXY
        try {
            $env:HTTP_PROXY = $open.Uri; $env:HTTPS_PROXY = $open.Uri; $env:NO_PROXY = $null
            $output = & pwsh -NoProfile -NonInteractive -File $script $manifest $issuer ($info | ConvertTo-Json -Compress) 2>&1
        }
        finally { $env:HTTP_PROXY, $env:HTTPS_PROXY, $env:NO_PROXY = $saved }
        $LASTEXITCODE | Should -Be 0 -Because ($output -join [Environment]::NewLine)
        $r = ($output | Select-Object -Last 1) | ConvertFrom-Json

        $r.ServerTime | Should -Not -BeNullOrEmpty
        $r.Https | Should -BeLike 'CXone.NetworkFailure*'
        Get-Proxied $open "POST $issuer/auth/token" | Should -Not -BeNullOrEmpty
        Get-Proxied $open "GET */inContactAPI/services/v30.0/server-time" | Should -Not -BeNullOrEmpty
        $hostPort = ([Uri]$issuer).Authority
        Get-Proxied $open "CONNECT $hostPort*" | Should -Not -BeNullOrEmpty
    }

    It 'logs in through an authenticating proxy with -ProxyCredential' {
        $login = Get-Login
        $credential = [pscredential]::new($proxyUser, (New-Secure $proxyPassword))
        Connect-CXone @login -Proxy $auth.Uri -ProxyCredential $credential
        (Invoke-CXoneRequest -Path 'inContactAPI/services/v30.0/server-time').ServerTime | Should -Not -BeNullOrEmpty
        Disconnect-CXone

        # Squid names the authenticated user in the log's user column.
        $lines = Get-Proxied $auth "POST $issuer/auth/token"
        @($lines | Where-Object { $_ -match "TCP_\w+/200 .* $proxyUser " }) | Should -Not -BeNullOrEmpty
        Get-Proxied $auth "GET */inContactAPI/services/v30.0/server-time" | Where-Object { $_ -match '/200 ' } | Should -Not -BeNullOrEmpty
    }

    It 'says which proxy asked for credentials and which parameter gives them, without retrying (407)' {
        $login = Get-Login
        $before = @(Get-TestSquidLog -Squid $auth).Count

        $e = { Connect-CXone @login -Proxy $auth.Uri -ErrorAction Stop } | Should -Throw -PassThru

        $e.FullyQualifiedErrorId | Should -BeLike 'CXone.ProxyAuthenticationRequired*'
        $e.Exception.Message | Should -BeLike "*The proxy $($auth.Uri) asked for credentials*"
        $e.Exception.Message | Should -BeLike '*none were given*'
        $e.ErrorDetails.RecommendedAction | Should -BeLike '*-ProxyCredential*'
        $e.CategoryInfo.Category | Should -Be 'AuthenticationError'
        ($e | Out-String) + $e.ErrorDetails.RecommendedAction + $e.Exception.InnerException | Should -Not -BeLike "*$proxyPassword*"
        $after = @(Get-TestSquidLog -Squid $auth | Select-Object -Skip $before)
        @($after | Where-Object { $_ -match 'TCP_DENIED/407' }).Count | Should -Be 1
        Get-CXoneEmulatorRequestCount -Issuer $issuer -Route 'GET /.well-known/openid-configuration' | Should -Be 0
    }

    It 'refuses a wrong proxy password with the same error, naming -ProxyCredential' {
        $login = Get-Login
        $credential = [pscredential]::new($proxyUser, (New-Secure ('wrong-' + $proxyPassword)))

        $e = { Connect-CXone @login -Proxy $auth.Uri -ProxyCredential $credential -ErrorAction Stop } | Should -Throw -PassThru

        $e.FullyQualifiedErrorId | Should -BeLike 'CXone.ProxyAuthenticationRequired*'
        $e.Exception.Message | Should -BeLike '*credentials given were refused*'
        ($e | Out-String) | Should -Not -BeLike "*wrong-$proxyPassword*"
    }

    It '-NoProxy sends every request directly' {
        $login = Get-Login
        $before = @(Get-TestSquidLog -Squid $open).Count
        Connect-CXone @login -NoProxy
        (Invoke-CXoneRequest -Path 'inContactAPI/services/v30.0/server-time').ServerTime | Should -Not -BeNullOrEmpty
        Disconnect-CXone

        @(Get-TestSquidLog -Squid $open).Count | Should -Be $before
    }
}
