# Finds the PowerShell examples in the documentation and runs one in a fresh runspace against the emulator, by the
# convention in docs/examples.md. Dot-source it: . ./tests/Pester/Examples.ps1

function Get-CXoneDocumentedExample {
    <#
    .SYNOPSIS
    Every ```powershell block of README.md, docs/help/*.md and docs/about/*.md.
    .OUTPUTS
    Objects with File (relative to the repository), Line (of the block's first code line), Heading (the nearest
    heading above), Code, NotRun (the reason, or $null) and AllowedErrors (ErrorIds the example may write).
    #>
    param([Parameter(Mandatory)] [string] $RepoRoot)

    $files = @(Join-Path $RepoRoot 'README.md')
    foreach ($folder in 'docs/help', 'docs/about') {
        $path = Join-Path $RepoRoot $folder
        if (Test-Path -LiteralPath $path) {
            $files += @(Get-ChildItem -LiteralPath $path -Filter '*.md' | Sort-Object Name | ForEach-Object FullName)
        }
    }

    foreach ($file in $files) {
        $relative = [IO.Path]::GetRelativePath($RepoRoot, $file).Replace('\', '/')
        $lines = @(Get-Content -LiteralPath $file)
        $heading = ''; $marker = $null; $fence = $null; $start = 0
        $code = [Collections.Generic.List[string]]::new()
        for ($i = 0; $i -lt $lines.Count; $i++) {
            $line = $lines[$i]
            if ($null -eq $fence) {
                if ($line -match '^#{1,6}\s+(.+)$') { $heading = $Matches[1].Trim(); $marker = $null }
                elseif ($line -match '^\s*<!--\s*example:\s*(.+?)\s*-->\s*$') { $marker = $Matches[1] }
                elseif ($line -match '^(\s*)```powershell\s*$') { $fence = $Matches[1]; $start = $i + 2; $code.Clear() }
                continue
            }

            if ($line -match '^\s*```\s*$') {
                New-CXoneExample -File $relative -Line $start -Heading $heading -Code ($code -join "`n") -Marker $marker
                $fence = $null; $marker = $null
                continue
            }

            # A block indented under a list item: drop the fence's indentation.
            $code.Add($(if ($fence.Length -gt 0 -and $line.StartsWith($fence)) { $line.Substring($fence.Length) } else { $line }))
        }
    }
}

function New-CXoneExample {
    param([string] $File, [int] $Line, [string] $Heading, [string] $Code, [AllowNull()] [string] $Marker)

    $notRun = $null
    $allowed = @()
    $first = ($Code -split "`n" | Select-Object -First 1)
    if ($first -match '^\s*#\s*not-run:\s*(.+)$') { $notRun = $Matches[1].Trim() }
    if ($Marker -match '^not-run\s+(.+)$') { $notRun = $Matches[1].Trim() }
    if ($Marker -match '^allow-error\s+(.+)$') { $allowed = @($Matches[1] -split '[\s,]+' | Where-Object { $_ }) }
    [pscustomobject]@{
        File = $File; Line = $Line; Heading = $Heading; Code = $Code; NotRun = $notRun; AllowedErrors = $allowed
        Name = "${File}:$Line $Heading"
    }
}

function ConvertTo-CXoneExampleScript {
    <#
    .SYNOPSIS
    The example with its Windows placeholder paths (D:\rec, C:\temp\agents.csv) moved into -Folder.
    #>
    param([Parameter(Mandatory)] [string] $Code, [Parameter(Mandatory)] [string] $Folder)

    $base = $Folder.TrimEnd('/', '\')
    $Code -replace '(?<![\w$:])[CD]:\\([^\s''"`|;,(){}]*)', { $base + '/' + ($_.Groups[1].Value -replace '\\', '/') }
}

function Invoke-CXoneExample {
    <#
    .SYNOPSIS
    Runs one example in a new runspace with no host (so anything that prompts fails), after Import-Module and
    Connect-CXone from the CXONE_* environment, in its own temporary folder. -Manifest is a module name or path:
    the tests pass CXone, found through a PSModulePath entry as an installed module is, so that the runspaces of
    ForEach-Object -Parallel load it by themselves.
    .OUTPUTS
    An object with Output (the example's output as text), Errors (error texts other than the allowed ones) and Folder.
    #>
    param(
        [Parameter(Mandatory)] $Example,
        [Parameter(Mandatory)] [string] $Manifest,
        [Parameter(Mandatory)] [string] $TempRoot,
        [int] $TimeoutSec = 180
    )

    $folder = Join-Path $TempRoot ('ex' + [guid]::NewGuid().ToString('n').Substring(0, 8))
    $null = New-Item -ItemType Directory -Path $folder
    $script = ConvertTo-CXoneExampleScript -Code $Example.Code -Folder $folder
    $ps = [powershell]::Create()
    try {
        $null = $ps.AddScript('param($m, $d) Set-Location -LiteralPath $d; Import-Module $m; $null = Connect-CXone; $global:LASTEXITCODE = 0').AddArgument($Manifest).AddArgument($folder)
        $null = $ps.Invoke()
        $errors = @($ps.Streams.Error | ForEach-Object { 'setup: ' + $_.ToString() })
        $ps.Commands.Clear()
        $ps.Streams.Error.Clear()

        # A native command that fails writes no error record: its exit code is checked after the example.
        $null = $ps.AddScript($script + "`n" + 'if ($global:LASTEXITCODE) { throw "a native command exited with code $global:LASTEXITCODE" }').AddCommand('Out-String').AddParameter('Width', 160)
        $async = $ps.BeginInvoke()
        $output = ''
        if (-not $async.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds($TimeoutSec))) {
            $ps.Stop()
            $errors += "did not finish within $TimeoutSec s"
        }
        else {
            try { $output = ($ps.EndInvoke($async) | Out-String) }
            catch { $errors += 'threw: ' + $_.Exception.GetBaseException().Message }
        }

        foreach ($record in $ps.Streams.Error) {
            $id = ($record.FullyQualifiedErrorId -split ',')[0]
            if ($Example.AllowedErrors -notcontains $id) { $errors += "$($record.FullyQualifiedErrorId): $record" }
        }
        if ($errors.Count -gt 5) { $errors = @($errors[0..4]) + "... and $($errors.Count - 5) more" }

        [pscustomobject]@{ Output = $output; Errors = $errors; Folder = $folder }
    }
    finally {
        $ps.Dispose()
    }
}
