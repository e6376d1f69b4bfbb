#Requires -Version 7.2
# Get-Help that teaches: every exported cmdlet's help passes the quality gate, the about topics load from the
# repository and from the packaged folder, and Tab completes what saves typing.

BeforeDiscovery {
    $manifestPath = Join-Path $PSScriptRoot '../../CXone.psd1'
    $script:cmdletNames = @((Import-PowerShellDataFile -LiteralPath $manifestPath).CmdletsToExport)
    $script:topics = 'about_CXone', 'about_CXone_Errors', 'about_CXone_RateLimits'
}

BeforeAll {
    $script:repo = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:manifest = Join-Path $repo 'CXone.psd1'
    $script:module = Import-Module $manifest -Force -PassThru | Where-Object Name -EQ 'CXone'
    $script:common = [Management.Automation.Cmdlet]::CommonParameters + [Management.Automation.Cmdlet]::OptionalCommonParameters

    function script:Get-Text($Node) {
        if ($null -eq $Node) { return '' }
        (@($Node) | ForEach-Object { if ($_ -is [string]) { $_ } elseif ($_.PSObject.Properties['Text']) { $_.Text } else { "$_" } }) -join ' '
    }
}

AfterAll {
    Get-Module CXone | Remove-Module -Force
}

Describe 'Help quality gate: <_>' -ForEach $cmdletNames {
    BeforeAll {
        $script:name = $_
        # One command even when another file of the run left a second CXone module loaded.
        $script:command = @(Get-Command -Name $name -Module CXone)[0]
        $script:help = Get-Help -Name $name -Full
    }

    It 'has a synopsis of its own (not the syntax)' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis.Trim() | Should -Not -Match ('^' + [regex]::Escape($name) + '(\s|$)')
    }

    It 'has a description' {
        (Get-Text $help.description).Trim() | Should -Not -BeNullOrEmpty
    }

    It 'describes every parameter' {
        $described = @{}
        foreach ($p in @($help.parameters.parameter)) { $described[$p.name] = (Get-Text $p.description).Trim() }
        foreach ($parameter in $command.Parameters.Keys | Where-Object { $common -notcontains $_ }) {
            $described[$parameter] | Should -Not -BeNullOrEmpty -Because "-$parameter of $name needs a description in docs/help/$name.md"
        }
    }

    It 'has at least two examples, each with code and an explanation' {
        # A command without examples has no examples property at all (an error under strict mode).
        $examples = @(if ($help.PSObject.Properties['examples'] -and $help.examples.PSObject.Properties['example']) { $help.examples.example })
        $examples.Count | Should -BeGreaterOrEqual 2
        foreach ($example in $examples) {
            $example.code | Should -Not -BeNullOrEmpty
            (Get-Text $example.remarks).Trim() | Should -Not -BeNullOrEmpty
        }
    }

    It 'documents every output type' {
        $documented = @{}
        foreach ($r in @($help.returnValues.returnValue)) { $documented[$r.type.name] = (Get-Text $r.description).Trim() }
        foreach ($type in $command.OutputType | Where-Object Name -NE 'System.Void') {
            $documented[$type.Name] | Should -Not -BeNullOrEmpty -Because "output $($type.Name) of $name needs a description under ## Outputs"
        }
    }
}

Describe 'About topics' {
    It '<_> loads after Import-Module ./CXone.psd1 with a short description' -ForEach $topics {
        $text = Get-Help -Name $_ | Out-String
        $text | Should -Match 'SHORT DESCRIPTION'
        $text | Should -Match ([regex]::Escape($_))
    }

    It 'loads from the packaged folder in a fresh pwsh (help for cmdlets too)' {
        & (Join-Path $repo 'build.ps1') -Task Package -NoBuild *> $null
        $version = (Import-PowerShellDataFile -LiteralPath $manifest).ModuleVersion
        $packaged = Join-Path $repo "out/CXone/$version/CXone.psd1"
        $out = & pwsh -NoProfile -NonInteractive -Command "Import-Module '$packaged'; (Get-Help about_CXone | Out-String).Length; (Get-Help Save-CXoneRecording).Synopsis" 2>&1 | Out-String
        $lines = @($out -split "`n" | Where-Object { $_.Trim() })
        [int]$lines[0] | Should -BeGreaterThan 500
        $lines[1] | Should -Match 'Downloads recordings'
    }

    It 'about_CXone_Errors names every ErrorId the README troubleshooting table names, and CXone.BadRequest' {
        $text = Get-Help -Name about_CXone_Errors | Out-String
        $readme = Get-Content -LiteralPath (Join-Path $repo 'README.md') -Raw
        $ids = @([regex]::Matches($readme, '`(CXone\.[A-Za-z]+)`') | ForEach-Object { $_.Groups[1].Value } | Where-Object { $_ -notmatch '^CXone\.(Core|PowerShell|Emulator|Format|Init|NetFx|Benchmarks)' } | Sort-Object -Unique)
        $ids.Count | Should -BeGreaterThan 10
        foreach ($id in $ids + 'CXone.BadRequest') { $text | Should -Match ([regex]::Escape($id)) -Because "$id needs an entry" }
    }

    It 'about_CXone_Errors names every kind of error Core can raise' {
        $text = Get-Help -Name about_CXone_Errors | Out-String
        # Core loads into the module's own load context: find its enum among the loaded assemblies by name.
        $core = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'CXone.Core' } | Select-Object -First 1
        $kinds = [Enum]::GetNames($core.GetType('CXone.Core.Errors.CXoneErrorKind', $true))
        $kinds.Count | Should -BeGreaterThan 10
        foreach ($kind in $kinds) { $text | Should -Match ([regex]::Escape("CXone.$kind")) -Because "CXone.$kind needs an entry" }
    }
}

Describe 'Tab completion' {
    It 'completes Invoke-CXoneRequest -Path with the known API paths and their versions' {
        $line = 'Invoke-CXoneRequest -Path skil'
        $found = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches
        # The version the skills client pins (docs/cxone-api.md section 7).
        $found.CompletionText | Should -Contain "'inContactAPI/services/v20.0/skills'"
        $found.CompletionText | Should -Not -Contain "'inContactAPI/services/v30.0/server-time'"
    }

    It 'completes -MediaType with its valid values' {
        $line = 'Get-CXoneRecording -ContactId 1 -MediaType voice'
        $found = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches
        @($found.CompletionText | Sort-Object) | Should -Be @('voice-and-screen', 'voice-only')
    }

    It 'completes Connect-CXone -Environment with the environments' {
        $line = 'Connect-CXone -Environment '
        $found = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches
        $found.CompletionText | Should -Contain 'Global'
        $found.CompletionText | Should -Contain 'FedRAMP'
    }
}
