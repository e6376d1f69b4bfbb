#Requires -Version 7.2
# Pester 5: Add-, Set- and Remove-CXoneAgentSkill as an administrator runs them (CSV re-skilling, piped assignments,
# -WhatIf, -Force, a non-interactive shell), the built module against the emulator. What the server saw is read from
# its stats (agentSkillWrites, agentSkillAssignments, requests per route) and its GET /agents/{agentId}/skills.
# Run with ./build.ps1 -Task Pester (after a Release build).

BeforeAll {
    $script:repo = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:manifest = Join-Path $repo 'CXone.psd1'
    . (Join-Path $PSScriptRoot 'Emulator.ps1')
    $script:emulator = Start-CXoneEmulator -RepoRoot $repo
    $script:issuer = $emulator.Issuer
    $script:info = Invoke-RestMethod -Uri "$issuer/_emulator/info"
    Import-Module $manifest -Force

    $script:routes = @{
        Add    = 'POST /inContactAPI/services/{version}/agents/{agentId}/skills'
        Set    = 'PUT /inContactAPI/services/{version}/agents/{agentId}/skills'
        Remove = 'DELETE /inContactAPI/services/{version}/agents/{agentId}/skills'
    }
    # The emulator's seed (EmulatorAssignments.Reset): agent i (0-based, id 30000001 + i) holds skills
    # 2001 + (i mod 10) and 2001 + ((i + 3) mod 10); 100 assignments in all.
    $script:seeded = 100

    function script:New-Secure([string] $Text) { ConvertTo-SecureString -String $Text -AsPlainText -Force }
    function script:Connect-Emulator {
        $null = Connect-CXone -Issuer $issuer -ClientId $info.clientId -ClientSecret (New-Secure $info.clientSecret) `
            -AccessKeyId $info.accessKeyId -AccessKeySecret (New-Secure $info.accessKeySecret)
    }
    function script:Get-Stats { Get-CXoneEmulatorStats -Issuer $issuer }
    function script:Get-Writes([string] $Operation) { Get-CXoneEmulatorRequestCount -Issuer $issuer -Route $routes[$Operation] }
    # Assignments read back through the API; an answer without any (204) gives none.
    function script:Get-Assignments([string] $Rest) {
        $answer = Invoke-CXoneRequest -Path "inContactAPI/services/v20.0/$Rest"
        if ($null -eq $answer -or $null -eq $answer.PSObject.Properties['agentSkillAssignments']) { return @() }
        @($answer.agentSkillAssignments)
    }
    # What the server holds for one agent (GET /agents/{agentId}/skills).
    function script:Get-Held([long] $AgentId) { Get-Assignments "agents/$AgentId/skills" }
    # Four skills agent i does not hold yet: offsets 1, 2, 4 and 5 from its first seeded skill.
    function script:New-ReskillCsv([string] $Path) {
        $rows = foreach ($i in 0..49) {
            foreach ($k in 1, 2, 4, 5) {
                [pscustomobject]@{ AgentId = 30000001 + $i; SkillId = 2001 + (($i + $k) % 10); Proficiency = ($i + $k) % 20 + 1 }
            }
        }
        $rows | Export-Csv -LiteralPath $Path -NoTypeInformation
        $Path
    }
    # A fresh non-interactive pwsh, logged in from the environment like a scheduled task: what it prints and its exit code.
    function script:Invoke-Fresh([string] $Command) {
        $login = "`$env:CXONE_ISSUER='$issuer'; `$env:CXONE_CLIENT_ID='$($info.clientId)'; `$env:CXONE_CLIENT_SECRET='$($info.clientSecret)'; " +
            "`$env:CXONE_ACCESS_KEY_ID='$($info.accessKeyId)'; `$env:CXONE_ACCESS_KEY_SECRET='$($info.accessKeySecret)'; " +
            "Set-StrictMode -Version Latest; Import-Module '$manifest'; `$null = Connect-CXone; "
        $output = & pwsh -NoProfile -NonInteractive -Command ($login + $Command) 2>&1 | Out-String
        [pscustomobject]@{ Output = $output; ExitCode = $LASTEXITCODE }
    }
}

AfterAll {
    Get-Module CXone | Remove-Module -Force
    Stop-CXoneEmulator -Emulator $emulator
}

Describe 'Add-CXoneAgentSkill from a CSV' {
    BeforeEach {
        Reset-CXoneEmulator -Issuer $issuer
        Connect-Emulator
        $script:csv = New-ReskillCsv (Join-Path $TestDrive 're-skill.csv')
    }

    It 'with -WhatIf sends nothing for 200 rows' {
        $out = @(Import-Csv -LiteralPath $csv | Add-CXoneAgentSkill -WhatIf)

        $out.Count | Should -Be 0
        (Get-Stats).agentSkillWrites | Should -Be 0
        (Get-Stats).agentSkillAssignments | Should -Be $seeded
        Get-Writes Add | Should -Be 0
    }

    It 'assigns 200 pairs in 50 requests (one per agent, 4 skills each), writes nothing without -PassThru' {
        $out = @(Import-Csv -LiteralPath $csv | Add-CXoneAgentSkill -ErrorVariable failed)

        $out.Count | Should -Be 0
        $failed.Count | Should -Be 0
        $stats = Get-Stats
        $stats.agentSkillWrites | Should -Be 200
        $stats.agentSkillAssignments | Should -Be ($seeded + 200)
        Get-Writes Add | Should -Be 50
        # The CSV's proficiency arrived as a number: agent index 7 got skill 2001 + (8 mod 10) at 7 + 1 + 1.
        $held = Get-Held 30000008 | Where-Object skillId -EQ 2009
        $held.agentProficiencyValue | Should -Be 9
        $held.isActive | Should -BeTrue
    }

    It 'with -PassThru writes one result per applied pair' {
        $out = @(Import-Csv -LiteralPath $csv | Add-CXoneAgentSkill -PassThru)

        $out.Count | Should -Be 200
        @($out | ForEach-Object { $_.GetType().FullName } | Sort-Object -Unique) | Should -Be 'CXone.Core.Api.AgentSkillResult'
        @($out | Where-Object { -not $_.Success }).Count | Should -Be 0
        @($out | ForEach-Object { $_.Operation.ToString() } | Sort-Object -Unique) | Should -Be 'Add'
        $first = $out | Where-Object { $_.AgentId -eq 30000001 -and $_.SkillId -eq 2002 }
        $first.Proficiency | Should -Be 2
        $first.IsActive | Should -BeTrue
        ($out | Format-Table | Out-String) | Should -Match 'Operation\s+AgentId\s+SkillId\s+Proficiency\s+IsActive\s+Success'
    }

    It 'one unknown skill among good rows is exactly one CXone.AgentSkillFailed error; the other rows apply' {
        $rows = @(Import-Csv -LiteralPath $csv | Select-Object -First 8)
        $rows[5].SkillId = '2999'

        $out = @($rows | Add-CXoneAgentSkill -PassThru -ErrorVariable failed -ErrorAction SilentlyContinue)

        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -Be 'CXone.AgentSkillFailed,CXone.PowerShell.Commands.AddCXoneAgentSkillCommand'
        $failed[0].TargetObject | Should -Be "agent $($rows[5].AgentId) skill 2999"
        $failed[0].Exception.Message | Should -Match 'Skill not found'
        $failed[0].ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        $out.Count | Should -Be 7
        (Get-Stats).agentSkillWrites | Should -Be 7
        # Rows 0-3 are one agent, 4-7 the next: one request each, the bad pair inside the second.
        Get-Writes Add | Should -Be 2
    }

    It 'an empty Proficiency cell leaves the proficiency out (the API default), not 0' {
        $rows = @(Import-Csv -LiteralPath $csv | Select-Object -First 2)
        $rows[0].Proficiency = ''

        $out = @($rows | Add-CXoneAgentSkill -PassThru -ErrorVariable failed)

        $failed.Count | Should -Be 0
        $out.Count | Should -Be 2
        $out[0].Proficiency | Should -BeNullOrEmpty
        # The emulator gives 1 when an add leaves it out; a 0 sent would have been refused.
        (Get-Held 30000001 | Where-Object skillId -EQ $rows[0].SkillId).agentProficiencyValue | Should -Be 1
    }

    It 'an unknown agent is CXone.NotFound for each of its pairs, a proficiency outside 1..20 CXone.InvalidArgument (not sent)' {
        $rows = @(
            [pscustomobject]@{ AgentId = '39999999'; SkillId = '2001'; Proficiency = '3' }
            [pscustomobject]@{ AgentId = '39999999'; SkillId = '2002'; Proficiency = '3' }
            [pscustomobject]@{ AgentId = '30000001'; SkillId = '2002'; Proficiency = '25' }
            [pscustomobject]@{ AgentId = '30000001'; SkillId = '2003'; Proficiency = '4' }
        )

        $out = @($rows | Add-CXoneAgentSkill -PassThru -ErrorVariable failed -ErrorAction SilentlyContinue)

        $ids = @($failed | ForEach-Object { ($_.FullyQualifiedErrorId -split ',')[0] })
        $ids | Should -Be @('CXone.InvalidArgument', 'CXone.NotFound', 'CXone.NotFound')
        @($failed | ForEach-Object TargetObject) | Should -Be @('agent 30000001 skill 2002', 'agent 39999999 skill 2001', 'agent 39999999 skill 2002')
        @($out | ForEach-Object { "$($_.AgentId)/$($_.SkillId)" }) | Should -Be '30000001/2003'
        # The unknown agent's request and the good one; the proficiency 25 was never sent.
        Get-Writes Add | Should -Be 2
        (Get-Stats).agentSkillWrites | Should -Be 1
    }
}

Describe 'Set-CXoneAgentSkill' {
    BeforeEach {
        Reset-CXoneEmulator -Issuer $issuer
        Connect-Emulator
    }

    It 'changes the proficiency of held skills, read back from the server' {
        # Agent 30000003 (index 2) holds 2003 and 2006.
        $out = @(Set-CXoneAgentSkill -AgentId 30000003 -SkillId 2003, 2006 -Proficiency 12 -PassThru)

        $out.Count | Should -Be 2
        @(Get-Held 30000003 | Where-Object { $_.skillId -in 2003, 2006 } | ForEach-Object agentProficiencyValue) | Should -Be @(12, 12)
        Get-Writes Set | Should -Be 1
        (Get-Stats).agentSkillAssignments | Should -Be $seeded
    }

    It 'takes IsActive and Proficiency from CSV text; an empty cell keeps the current value' {
        $rows = @(
            [pscustomobject]@{ AgentId = '30000003'; SkillId = '2003'; Proficiency = ''; IsActive = 'false' }
            [pscustomobject]@{ AgentId = '30000003'; SkillId = '2006'; Proficiency = '4'; IsActive = '' }
        )
        $before = Get-Held 30000003

        $out = @($rows | Set-CXoneAgentSkill -PassThru -ErrorVariable failed)

        $failed.Count | Should -Be 0
        $out.Count | Should -Be 2
        $held = Get-Held 30000003
        $a = $held | Where-Object skillId -EQ 2003
        $a.isActive | Should -BeFalse
        $a.agentProficiencyValue | Should -Be ($before | Where-Object skillId -EQ 2003).agentProficiencyValue
        $b = $held | Where-Object skillId -EQ 2006
        $b.isActive | Should -BeTrue
        $b.agentProficiencyValue | Should -Be 4
    }

    It 'a cell that is no yes/no value fails its row only, saying what to write' {
        $rows = @(
            [pscustomobject]@{ AgentId = '30000003'; SkillId = '2003'; IsActive = 'maybe' }
            [pscustomobject]@{ AgentId = '30000003'; SkillId = '2006'; IsActive = 'no' }
        )

        $out = @($rows | Set-CXoneAgentSkill -PassThru -ErrorVariable failed -ErrorAction SilentlyContinue)

        $failed.Count | Should -Be 1
        "$($failed[0])" | Should -Match "'maybe' is not a yes/no value: write true or false"
        @($out | ForEach-Object SkillId) | Should -Be 2006
        (Get-Held 30000003 | Where-Object skillId -EQ 2006).isActive | Should -BeFalse
        (Get-Held 30000003 | Where-Object skillId -EQ 2003).isActive | Should -BeTrue
    }

    It 'a skill the agent does not hold is one CXone.AgentSkillFailed error' {
        Set-CXoneAgentSkill -AgentId 30000003 -SkillId 2003, 2010 -Proficiency 2 -ErrorVariable failed -ErrorAction SilentlyContinue

        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -Be 'CXone.AgentSkillFailed,CXone.PowerShell.Commands.SetCXoneAgentSkillCommand'
        $failed[0].TargetObject | Should -Be 'agent 30000003 skill 2010'
        (Get-Held 30000003 | Where-Object skillId -EQ 2003).agentProficiencyValue | Should -Be 2
    }
}

Describe 'Remove-CXoneAgentSkill' {
    BeforeEach {
        Reset-CXoneEmulator -Issuer $issuer
        Connect-Emulator
    }

    It 'with -Force removes the assignments piped from the API (AgentId and SkillId by property name)' {
        # Every agent holding skill 2001 (indexes 0, 10, ... and 7, 17, ...): 10 agents.
        $assigned = @(Get-Assignments 'skills/2001/agents')
        $assigned.Count | Should -Be 10

        $out = @($assigned | Remove-CXoneAgentSkill -Force -PassThru)

        $out.Count | Should -Be 10
        @(Get-Assignments 'skills/2001/agents').Count | Should -Be 0
        (Get-Stats).agentSkillAssignments | Should -Be ($seeded - 10)
        Get-Writes Remove | Should -Be 10
    }

    It 'with -Force -WhatIf sends nothing' {
        Remove-CXoneAgentSkill -AgentId 30000001 -SkillId 2001, 2004 -Force -WhatIf

        Get-Writes Remove | Should -Be 0
        @(Get-Held 30000001).Count | Should -Be 2
    }

    It 'without -Force in a non-interactive pwsh ends with one error naming -Force and -Confirm:$false, and sends nothing' {
        $run = Invoke-Fresh "Remove-CXoneAgentSkill -AgentId 30000001 -SkillId 2001, 2004 -ErrorVariable seen; 'errors=' + @(`$seen).Count; try { Remove-CXoneAgentSkill -AgentId 30000001 -SkillId 2001 -ErrorAction Stop } catch { 'id=' + `$_.FullyQualifiedErrorId; 'action=' + `$_.ErrorDetails.RecommendedAction }"

        $run.Output | Should -Match 'errors=1'
        $run.Output | Should -Match 'id=CXone\.ConfirmationRequired,CXone\.PowerShell\.Commands\.RemoveCXoneAgentSkillCommand'
        $run.Output | Should -Match 'action=Add -Force \(or -Confirm:\$false\)'
        $run.Output | Should -Not -Match 'NonInteractive mode|Read and Prompt'
        Get-Writes Remove | Should -Be 0
        @(Get-Held 30000001).Count | Should -Be 2
    }

    It 'without -Force in a runspace without a host ends the same way, not with the host''s prompt error' {
        $ps = [powershell]::Create()
        try {
            $script = 'param($m, $i, $id, $s, $k, $ks) Import-Module $m
                $null = Connect-CXone -Issuer $i -ClientId $id -ClientSecret (ConvertTo-SecureString $s -AsPlainText -Force) -AccessKeyId $k -AccessKeySecret (ConvertTo-SecureString $ks -AsPlainText -Force)
                Remove-CXoneAgentSkill -AgentId 30000001 -SkillId 2001, 2004
                try { Remove-CXoneAgentSkill -AgentId 30000001 -SkillId 2001 -ErrorAction Stop } catch { "id=" + $_.FullyQualifiedErrorId }'
            $null = $ps.AddScript($script).AddArgument($manifest).AddArgument($issuer).AddArgument($info.clientId).AddArgument($info.clientSecret).AddArgument($info.accessKeyId).AddArgument($info.accessKeySecret)
            $out = @($ps.Invoke())
            $records = @($ps.Streams.Error)
        }
        finally { $ps.Dispose() }

        $out | Should -Be 'id=CXone.ConfirmationRequired,CXone.PowerShell.Commands.RemoveCXoneAgentSkillCommand'
        $records.Count | Should -Be 1
        $records[0].FullyQualifiedErrorId | Should -Be 'CXone.ConfirmationRequired,CXone.PowerShell.Commands.RemoveCXoneAgentSkillCommand'
        $records[0].ErrorDetails.RecommendedAction | Should -Match '-Force \(or -Confirm:\$false\)'
        Get-Writes Remove | Should -Be 0
        @(Get-Held 30000001).Count | Should -Be 2
    }

    It 'with -Confirm:$false removes without -Force' {
        $out = @(Remove-CXoneAgentSkill -AgentId 30000001 -SkillId 2004 -Confirm:$false -PassThru)

        $out.Count | Should -Be 1
        @(Get-Held 30000001 | ForEach-Object skillId) | Should -Be 2001
    }
}

Describe 'Runs that end, and the API version' {
    BeforeEach {
        Reset-CXoneEmulator -Issuer $issuer
        Connect-Emulator
    }
    AfterEach { Reset-CXoneEmulator -Issuer $issuer }

    It 'a revoked credential ends a 200-row run with one terminating error, not one error per row' {
        $csv = New-ReskillCsv (Join-Path $TestDrive 'revoked.csv')
        # Every token issued so far is refused, and the token endpoint refuses the access key as well.
        $null = Invoke-RestMethod -Method Post -Uri "$issuer/_emulator/faults" -Body (@{ revokeAllTokens = $true } | ConvertTo-Json) -ContentType 'application/json'
        $null = Invoke-RestMethod -Method Post -Uri "$issuer/_emulator/faults" -Body (@{ route = 'POST /auth/token'; kind = '401'; count = 1000 } | ConvertTo-Json) -ContentType 'application/json'

        $err = $null
        $out = $null
        try { $out = @(Import-Csv -LiteralPath $csv | Add-CXoneAgentSkill -PassThru -ErrorVariable itemErrors -ErrorAction SilentlyContinue) }
        catch { $err = $_ }

        $err | Should -Not -BeNullOrEmpty -Because 'the session is gone: the command must end with a terminating error'
        $err.FullyQualifiedErrorId | Should -Match '^CXone\.(ReconnectRequired|AuthenticationFailed),CXone\.PowerShell\.Commands\.AddCXoneAgentSkillCommand$'
        @($itemErrors | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }).Count | Should -Be 0
        $out | Should -BeNullOrEmpty
        # It stopped at the first agent's request instead of trying all 50.
        Get-Writes Add | Should -Be 1
        (Get-Stats).agentSkillWrites | Should -Be 0
    }

    It '-ApiVersion 21 sends to v21.0; a malformed version is CXone.InvalidArgument and sends nothing' {
        $verbose = @(Add-CXoneAgentSkill -AgentId 30000001 -SkillId 2002 -ApiVersion 21 -Verbose 4>&1 | ForEach-Object { "$_" })

        ($verbose -join "`n") | Should -Match '(?m)^POST /inContactAPI/services/v21\.0/agents/30000001/skills 200\b'
        { Add-CXoneAgentSkill -AgentId 30000001 -SkillId 2003 -ApiVersion 'v2x/../../auth' -ErrorAction Stop } |
            Should -Throw -ErrorId 'CXone.InvalidArgument,CXone.PowerShell.Commands.AddCXoneAgentSkillCommand'
        Get-Writes Add | Should -Be 1
    }
}

Describe 'No secret in any output' {
    BeforeAll { Reset-CXoneEmulator -Issuer $issuer }

    It 'results, errors, verbose and debug text of a run with a refused pair hold no secret or token' {
        $run = Invoke-Fresh "`$t = Get-CXoneToken -AsPlainText; 'token-length=' + `$t.Token.Length; `$rows = @([pscustomobject]@{AgentId='30000005';SkillId='2001';Proficiency='3'}, [pscustomobject]@{AgentId='30000005';SkillId='2999';Proficiency='3'}); `$rows | Add-CXoneAgentSkill -PassThru -Verbose -Debug *>&1 | Out-String -Width 300; `$rows | Remove-CXoneAgentSkill -Force -Verbose *>&1 | Out-String -Width 300; Remove-CXoneAgentSkill 30000005 2001 *>&1 | Out-String -Width 300; 'TOKEN=' + `$t.Token"

        $run.Output | Should -Match 'token-length=[1-9]'
        $token = ($run.Output -replace '(?s).*TOKEN=(\S+).*', '$1')
        $token.Length | Should -BeGreaterThan 10
        $body = $run.Output.Substring(0, $run.Output.LastIndexOf('TOKEN='))
        $body | Should -Match 'CXone refused to add agent 30000005 skill 2999'
        $body | Should -Match 'ConfirmationRequired|asks for confirmation'
        foreach ($secret in @($info.clientSecret, $info.accessKeySecret, $token)) {
            $body | Should -Not -Match ([regex]::Escape($secret))
        }
        $body | Should -Not -Match 'Authorization:|Bearer '
    }
}
