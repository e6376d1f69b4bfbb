# Starts and stops a real squid for tests/Pester/Proxy.Tests.ps1 on a free loopback port, with a configuration of
# our own (tests/Pester/squid/*.conf) in a temporary folder that also holds its access log.

function Get-TestSquidPath {
    <# .SYNOPSIS The squid binary, or $null when squid is not installed (apt-get install squid). #>
    # Under Set-StrictMode, .Source of a command that is not found is an error: ask for it only when there is one.
    $found = @(Get-Command squid -CommandType Application -ErrorAction SilentlyContinue | ForEach-Object Source)
    foreach ($candidate in $found + @('/usr/sbin/squid')) {
        if ($candidate -and (Test-Path -LiteralPath $candidate)) { return $candidate }
    }
    return $null
}

function Start-TestSquid {
    <#
    .SYNOPSIS
    Starts squid with squid/<Name>.conf; -User/-Password add an htpasswd (made with openssl) for basic_ncsa_auth.
    .OUTPUTS
    An object with Process, Port, Uri, Folder and AccessLog.
    #>
    param(
        [Parameter(Mandatory)] [ValidateSet('open', 'auth')] [string] $Name,
        [string] $User,
        [string] $Password,
        [int] $TimeoutSec = 60
    )

    $squid = Get-TestSquidPath
    $folder = Join-Path ([IO.Path]::GetTempPath()) ("cxone-squid-$Name-" + [Guid]::NewGuid().ToString('n'))
    $null = New-Item -ItemType Directory -Path $folder
    # Started as root, squid drops to its own user: the folder must be writable and the htpasswd readable by it.
    [IO.File]::SetUnixFileMode($folder, [IO.UnixFileMode]'UserRead, UserWrite, UserExecute, GroupRead, GroupWrite, GroupExecute, OtherRead, OtherWrite, OtherExecute')
    $listener = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
    $listener.Start()
    $port = $listener.LocalEndpoint.Port
    $listener.Stop()

    $helper = @('/usr/lib/squid/basic_ncsa_auth', '/usr/lib/squid3/basic_ncsa_auth') | Where-Object { Test-Path -LiteralPath $_ } | Select-Object -First 1
    if ($User) {
        $hash = & openssl passwd -apr1 $Password
        if ($LASTEXITCODE -ne 0) { throw 'openssl passwd failed' }
        Set-Content -LiteralPath (Join-Path $folder 'htpasswd') -Value "${User}:$hash" -NoNewline
    }

    $template = Get-Content -LiteralPath (Join-Path $PSScriptRoot "squid/$Name.conf") -Raw
    $config = Join-Path $folder 'squid.conf'
    Set-Content -LiteralPath $config -Value $template.Replace('@PORT@', "$port").Replace('@DIR@', $folder).Replace('@HELPER@', "$helper")
    $psi = [Diagnostics.ProcessStartInfo]::new($squid, "-N -f `"$config`"")
    $psi.UseShellExecute = $false
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $process = [Diagnostics.Process]::Start($psi)
    $null = $process.StandardOutput.BaseStream.CopyToAsync([IO.Stream]::Null)
    $null = $process.StandardError.BaseStream.CopyToAsync([IO.Stream]::Null)

    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
    while ($true) {
        if ($process.HasExited) {
            $log = Get-Content -LiteralPath (Join-Path $folder 'cache.log') -Raw -ErrorAction SilentlyContinue
            throw "squid exited with code $($process.ExitCode): $log"
        }
        $client = [Net.Sockets.TcpClient]::new()
        try {
            if ($client.ConnectAsync([Net.IPAddress]::Loopback, $port).Wait(500) -and $client.Connected) { break }
        }
        catch { }
        finally { $client.Dispose() }
        if ([DateTime]::UtcNow -gt $deadline) {
            Stop-TestSquid -Squid ([pscustomobject]@{ Process = $process; Folder = $null })
            throw "squid did not listen on 127.0.0.1:$port within $TimeoutSec s"
        }
        Start-Sleep -Milliseconds 200
    }

    [pscustomobject]@{ Process = $process; Port = $port; Uri = "http://127.0.0.1:$port"; Folder = $folder; AccessLog = (Join-Path $folder 'access.log') }
}

function Get-TestSquidLog {
    <# .SYNOPSIS The access log lines so far (method, URL and status of every request squid handled). #>
    param([Parameter(Mandatory)] $Squid)
    if (Test-Path -LiteralPath $Squid.AccessLog) { @(Get-Content -LiteralPath $Squid.AccessLog) } else { @() }
}

function Stop-TestSquid {
    param($Squid)
    if ($null -eq $Squid) { return }
    if ($Squid.Process -and -not $Squid.Process.HasExited) {
        $Squid.Process.Kill($true)
        $null = $Squid.Process.WaitForExit(10000)
    }
    if ($Squid.Folder -and (Test-Path -LiteralPath $Squid.Folder)) { Remove-Item -LiteralPath $Squid.Folder -Recurse -Force -ErrorAction SilentlyContinue }
}
