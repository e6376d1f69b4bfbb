# Starts and stops the CXone emulator (tests/CXone.Emulator) as a separate process, for tests/Pester and
# build.ps1 -Task Demo. Dot-source it: . ./tests/Pester/Emulator.ps1

function Start-CXoneEmulator {
    <#
    .SYNOPSIS
    Starts the emulator and waits for its "CXone emulator listening on <issuer>" line.
    .OUTPUTS
    An object with Process and Issuer (no trailing slash).
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $RepoRoot,
        # http://127.0.0.1:0 lets the emulator pick a free port.
        [string] $Url = 'http://127.0.0.1:0',
        [string] $Configuration = 'Release',
        # Use `dotnet run --project tests/CXone.Emulator` instead of the built dll.
        [switch] $DotnetRun,
        [int] $TimeoutSec = 180,
        # More emulator options, for example '--contacts', '100000' or '--media-playback-limit', '1000000'.
        [string[]] $ArgumentList = @()
    )

    if ($DotnetRun) {
        $arguments = @('run', '--project', (Join-Path $RepoRoot 'tests/CXone.Emulator'), '-c', $Configuration, '--', '--urls', $Url)
    }
    else {
        $dll = Join-Path $RepoRoot "tests/CXone.Emulator/bin/$Configuration/net10.0/CXone.Emulator.dll"
        if (-not (Test-Path -LiteralPath $dll)) {
            throw "The emulator is not built ($dll). Run ./build.ps1 -Task Build first."
        }
        $arguments = @($dll, '--urls', $Url)
    }
    $arguments += $ArgumentList

    $psi = New-Object System.Diagnostics.ProcessStartInfo
    $psi.FileName = 'dotnet'
    $psi.Arguments = ($arguments | ForEach-Object { '"' + $_ + '"' }) -join ' '
    $psi.UseShellExecute = $false
    $psi.RedirectStandardOutput = $true
    $psi.WorkingDirectory = $RepoRoot
    $process = [System.Diagnostics.Process]::Start($psi)

    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
    $seen = New-Object System.Collections.Generic.List[string]
    while ($true) {
        $read = $process.StandardOutput.ReadLineAsync()
        $remaining = [int][Math]::Max(0, ($deadline - [DateTime]::UtcNow).TotalMilliseconds)
        if (-not $read.Wait($remaining)) {
            Stop-CXoneEmulator -Emulator ([pscustomobject]@{ Process = $process; Issuer = $null })
            throw "The emulator did not say it was listening within $TimeoutSec s. Output so far: $($seen -join ' | ')"
        }

        $line = $read.Result
        if ($null -eq $line) {
            $process.WaitForExit()
            throw "The emulator exited with code $($process.ExitCode) before it was ready. Output: $($seen -join ' | ')"
        }

        $seen.Add($line)
        if ($line -match 'CXone emulator listening on (\S+)') {
            $issuer = $Matches[1].TrimEnd('/')
            # Keep draining its output so that it can never block on a full pipe.
            $null = $process.StandardOutput.BaseStream.CopyToAsync([System.IO.Stream]::Null)
            return [pscustomobject]@{ Process = $process; Issuer = $issuer }
        }
    }
}

function Stop-CXoneEmulator {
    <#
    .SYNOPSIS
    Stops an emulator started by Start-CXoneEmulator (with its child process when started with dotnet run).
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [AllowNull()] $Emulator)

    if ($null -eq $Emulator -or $null -eq $Emulator.Process -or $Emulator.Process.HasExited) {
        return
    }

    try {
        $Emulator.Process.Kill($true)   # the whole tree (.NET Core 3.0 and later)
    }
    catch {
        $Emulator.Process.Kill()        # Windows PowerShell 5.1 (.NET Framework)
    }
    $null = $Emulator.Process.WaitForExit(10000)
}

function Get-CXoneEmulatorStats {
    <# .SYNOPSIS What the emulator saw: GET /_emulator/stats. #>
    param([Parameter(Mandatory)] [string] $Issuer)
    Invoke-RestMethod -Uri "$Issuer/_emulator/stats"
}

function Get-CXoneEmulatorCount {
    <#
    .SYNOPSIS One count from stats already read, by its path of names ('grants', 'access_key' or 'routes',
    'GET /auth/...', 'statuses', '401'), 0 when any name is absent: what was never seen is absent from the stats, and
    reading an absent property is an error under Set-StrictMode.
    #>
    param([Parameter(Mandatory)] $Stats, [Parameter(Mandatory)] [string[]] $Path)
    $value = $Stats
    foreach ($name in $Path) {
        $property = $value.PSObject.Properties[$name]
        if ($null -eq $property) { return 0 }
        $value = $property.Value
    }
    return [long] $value
}

function Get-CXoneEmulatorRequestCount {
    <# .SYNOPSIS How many requests the emulator saw on one route ("GET /auth/..."), 0 when none. #>
    param([Parameter(Mandatory)] [string] $Issuer, [Parameter(Mandatory)] [string] $Route)
    Get-CXoneEmulatorCount -Stats (Get-CXoneEmulatorStats -Issuer $Issuer) -Path 'routes', $Route, 'total'
}

function Reset-CXoneEmulator {
    <# .SYNOPSIS Clears the emulator's faults, revocations and counters: POST /_emulator/reset. #>
    param([Parameter(Mandatory)] [string] $Issuer)
    $null = Invoke-RestMethod -Method Post -Uri "$Issuer/_emulator/reset"
}
