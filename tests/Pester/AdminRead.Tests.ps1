#Requires -Version 7.2
# Get-CXoneAgent, Get-CXoneSkill, Get-CXoneTeam and Get-CXoneAgentSkill against the emulator: paging and filters as
# the server sees them, ids from the pipeline with one error per unknown id, the team | agent | assignment chain,
# and Tab completion of skill and team ids from the session's cache.
# Emulator data (tests/CXone.Emulator/EmulatorData.cs): agents 30000001..30000050 (every 10th inactive, agent i in
# team 1001 + i % 5), skills 2001..2010 (every 5th media type 3, else 4), teams 1001..1005 (1005 inactive),
# two skills per agent after a reset.

BeforeAll {
    $script:repo = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:manifest = Join-Path $repo 'CXone.psd1'
    . (Join-Path $PSScriptRoot 'Emulator.ps1')
    $script:emulator = Start-CXoneEmulator -RepoRoot $repo
    $script:issuer = $emulator.Issuer
    $script:info = Invoke-RestMethod -Uri "$issuer/_emulator/info"
    Import-Module $manifest -Force

    $script:v = 'GET /inContactAPI/services/{version}'
    function script:New-Secure([string] $Text) { ConvertTo-SecureString -String $Text -AsPlainText -Force }
    function script:Connect-Emulator {
        Connect-CXone -Issuer $issuer -ClientId $info.clientId -ClientSecret (New-Secure $info.clientSecret) `
            -AccessKeyId $info.accessKeyId -AccessKeySecret (New-Secure $info.accessKeySecret)
    }
    function script:Count([string] $Route) { Get-CXoneEmulatorRequestCount -Issuer $issuer -Route ($v + $Route) }
    function script:Complete([string] $Line) {
        @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches)
    }
    function script:Set-Fault([hashtable] $Fault) {
        $null = Invoke-RestMethod -Method Post -Uri "$issuer/_emulator/faults" -Body ($Fault | ConvertTo-Json) -ContentType 'application/json'
    }
}

AfterAll {
    Get-Module CXone | Remove-Module -Force
    Stop-CXoneEmulator -Emulator $emulator
}

Describe 'Lists: paging and filters' {
    BeforeEach { Reset-CXoneEmulator -Issuer $issuer; Connect-Emulator }

    It 'lists every agent by default, and -First/-Skip/-IncludeTotalCount give the total then the page asked for' {
        @(Get-CXoneAgent).AgentId | Should -Be (30000001..30000050)

        $out = @(Get-CXoneAgent -First 5 -Skip 10 -IncludeTotalCount)

        $out.Count | Should -Be 6
        [long]$out[0] | Should -Be 50
        $out[1..5].AgentId | Should -Be (30000011..30000015)
        $out[1].GetType().FullName | Should -Be 'CXone.Core.Api.CXoneAgent'
    }

    It '-IsActive $false gives the 5 inactive agents; -SearchString matches names on the server' {
        $inactive = @(Get-CXoneAgent -IsActive $false)
        $inactive.AgentId | Should -Be @(30000010, 30000020, 30000030, 30000040, 30000050)
        $inactive.IsActive | Sort-Object -Unique | Should -Be $false

        $found = @(Get-CXoneAgent -SearchString 'LOVELACE')
        $found.AgentId | Should -Be @(30000001, 30000020, 30000029, 30000038, 30000047)
        $found.LastName | Sort-Object -Unique | Should -Be 'Lovelace'
    }

    It 'lists a team''s members with -TeamId, filtered and paged by the module' {
        $members = @(Get-CXoneAgent -TeamId 1005)
        $members.AgentId | Should -Be @(30000005, 30000010, 30000015, 30000020, 30000025, 30000030, 30000035, 30000040, 30000045, 30000050)
        @(Get-CXoneAgent -TeamId 1005 -IsActive $false).AgentId | Should -Be @(30000010, 30000020, 30000030, 30000040, 30000050)

        $page = @(Get-CXoneAgent -TeamId 1005 -First 2 -Skip 1 -IncludeTotalCount)
        [long]$page[0] | Should -Be 10
        $page[1..2].AgentId | Should -Be @(30000010, 30000015)

        # Filtered first, then paged: -Skip and -First count the members that match.
        $inactive = @(Get-CXoneAgent -TeamId 1005 -IsActive $false -Skip 1 -First 2 -IncludeTotalCount)
        [long]$inactive[0] | Should -Be 5
        $inactive[1..2].AgentId | Should -Be @(30000020, 30000030)
        Count '/teams/{teamId}/agents' | Should -Be 4
        Count '/agents' | Should -Be 0
    }

    It 'filters skills by -MediaTypeId, -SearchString and -IsActive, and pages them' {
        @(Get-CXoneSkill).SkillId | Should -Be (2001..2010)
        @(Get-CXoneSkill -MediaTypeId 3).SkillId | Should -Be @(2005, 2010)
        @(Get-CXoneSkill -MediaTypeId 4).Count | Should -Be 8
        @(Get-CXoneSkill -SearchString 'Skill 1').SkillId | Should -Be @(2001, 2010)
        @(Get-CXoneSkill -IsActive $false).Count | Should -Be 0

        $page = @(Get-CXoneSkill -MediaTypeId 4 -First 3 -Skip 4 -IncludeTotalCount)
        [long]$page[0] | Should -Be 8
        $page[1..3].SkillId | Should -Be @(2006, 2007, 2008)
        $page[1].MediaTypeName | Should -Be 'Phone Call'
    }

    It 'lists teams, the inactive one with -IsActive $false, and pages them' {
        @(Get-CXoneTeam).TeamId | Should -Be (1001..1005)
        @(Get-CXoneTeam -IsActive $false).TeamId | Should -Be 1005

        $page = @(Get-CXoneTeam -First 2 -Skip 1 -IncludeTotalCount)
        [long]$page[0] | Should -Be 5
        $page[1..2].TeamName | Should -Be @('Team 2', 'Team 3')
    }
}

Describe 'By id, from the pipeline' {
    BeforeEach { Reset-CXoneEmulator -Issuer $issuer; Connect-Emulator }

    It 'looks up agent ids piped by value; an unknown id is one CXone.NotFound error and the others are output' {
        $agents = @(30000001, 99, 30000003 | Get-CXoneAgent -ErrorVariable failed -ErrorAction SilentlyContinue)

        $agents.AgentId | Should -Be @(30000001, 30000003)
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'CXone.NotFound,*'
        $failed[0].TargetObject | Should -Be 'agent 99'
        Count '/agents/{id}' | Should -Be 3
    }

    It 'looks up skills and teams by id in the same way' {
        $skills = @(Get-CXoneSkill -SkillId 2001, 1, 2005 -ErrorVariable skillErrors -ErrorAction SilentlyContinue)
        $skills.SkillId | Should -Be @(2001, 2005)
        $skills[1].MediaTypeId | Should -Be 3
        @($skillErrors).Count | Should -Be 1
        $skillErrors[0].FullyQualifiedErrorId | Should -BeLike 'CXone.NotFound,*'
        $skillErrors[0].TargetObject | Should -Be 'skill 1'

        $teams = @(1002, 7, 1005 | Get-CXoneTeam -ErrorVariable teamErrors -ErrorAction SilentlyContinue)
        $teams.TeamId | Should -Be @(1002, 1005)
        $teams[1].IsActive | Should -Be $false
        $teamErrors[0].TargetObject | Should -Be 'team 7'
    }

    It 'binds an object with AgentId and TeamId (an assignment, an agent) to -AgentId, and a team to -TeamId' {
        @(Get-CXoneAgentSkill -AgentId 30000002 | Get-CXoneAgent).AgentId | Should -Be @(30000002, 30000002)
        @(Get-CXoneAgent -AgentId 30000003 | Get-CXoneAgent).AgentId | Should -Be 30000003
        Count '/teams/{teamId}/agents' | Should -Be 0

        @(Get-CXoneTeam -TeamId 1002 | Get-CXoneAgent).TeamId | Sort-Object -Unique | Should -Be 1002
        @(Get-CXoneAgent -AgentId 30000004 | Get-CXoneTeam).TeamId | Should -Be 1004
        Count '/teams/{teamId}/agents' | Should -Be 1
    }

    It 'chains Team | Agent | AgentSkill: two assignments per member, each of a member' {
        $members = @(Get-CXoneAgent -TeamId 1001)
        $assignments = @(Get-CXoneTeam -TeamId 1001 | Get-CXoneAgent | Get-CXoneAgentSkill)

        $members.Count | Should -Be 10
        $assignments.Count | Should -Be ($members.Count * 2)
        $assignments[0].GetType().FullName | Should -Be 'CXone.Core.Api.CXoneAgentSkill'
        ($assignments.AgentId | Sort-Object -Unique) | Should -Be ($members.AgentId | Sort-Object)
        Count '/agents/{agentId}/skills' | Should -Be 10
    }

    It 'reads a skill''s agents (-SkillId by property name from a skill) as the agents'' own assignments show them' {
        $fromSkill = @(Get-CXoneSkill -SkillId 2003 | Get-CXoneAgentSkill)
        $fromAgents = @(Get-CXoneAgent | Get-CXoneAgentSkill | Where-Object SkillId -EQ 2003)

        $fromSkill.Count | Should -BeGreaterThan 0
        $fromSkill.SkillId | Sort-Object -Unique | Should -Be 2003
        ($fromSkill.AgentId | Sort-Object) | Should -Be ($fromAgents.AgentId | Sort-Object)
        Count '/skills/{skillId}/agents' | Should -Be 1
    }

    It 'writes one CXone.NotFound per unknown agent or skill of Get-CXoneAgentSkill and reads the others' {
        $out = @(30000001, 5, 30000002 | Get-CXoneAgentSkill -ErrorVariable failed -ErrorAction SilentlyContinue)
        $out.Count | Should -Be 4
        $out.AgentId | Sort-Object -Unique | Should -Be @(30000001, 30000002)
        @($failed).Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'CXone.NotFound,*'
        $failed[0].TargetObject | Should -Be 'agent 5'

        $bySkill = @(Get-CXoneAgentSkill -SkillId 9, 2001 -ErrorVariable skillFailed -ErrorAction SilentlyContinue)
        $bySkill.SkillId | Sort-Object -Unique | Should -Be 2001
        $skillFailed[0].TargetObject | Should -Be 'skill 9'
    }
}

Describe 'A revoked credential ends a run of many ids at once' {
    BeforeEach { Reset-CXoneEmulator -Issuer $issuer; Connect-Emulator }
    AfterEach { Reset-CXoneEmulator -Issuer $issuer }

    It '<Command> stops with one terminating error, not one error per id' -ForEach @(
        @{ Command = 'Get-CXoneAgent'; Id = 'GetCXoneAgentCommand'; Route = '/agents/{id}' }
        @{ Command = 'Get-CXoneAgentSkill'; Id = 'GetCXoneAgentSkillCommand'; Route = '/agents/{agentId}/skills' }
    ) {
        Set-Fault @{ revokeAllTokens = $true }
        Set-Fault @{ route = 'POST /auth/token'; kind = '401'; count = 1000 }
        $err = $null
        $itemErrors = $null
        try {
            $null = & $Command -AgentId (30000001..30000020) -ErrorVariable itemErrors -ErrorAction SilentlyContinue
        }
        catch { $err = $_ }

        $err | Should -Not -BeNullOrEmpty -Because 'the session is gone: the command must end with a terminating error'
        $err.FullyQualifiedErrorId | Should -Match "^CXone\.(ReconnectRequired|AuthenticationFailed),CXone\.PowerShell\.Commands\.$Id$"
        @($itemErrors | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }).Count | Should -Be 0
        Count $Route | Should -BeLessThan 3
    }
}

Describe 'Tab completion of -SkillId and -TeamId' {
    BeforeEach { Reset-CXoneEmulator -Issuer $issuer; Connect-Emulator }

    It 'offers the skills as "id - name (media type)" and asks the server only once per session' {
        $line = 'Get-CXoneAgentSkill -SkillId '
        $first = Complete $line

        $first.CompletionText | Should -Be (2001..2010 | ForEach-Object { "$_" })
        $first[0].ListItemText | Should -Be '2001 - Skill 1 (Phone Call)'
        $first[4].ListItemText | Should -Be '2005 - Skill 5 (Chat)'
        Count '/skills' | Should -Be 1

        $second = Complete $line
        $second.Count | Should -Be 10
        Count '/skills' | Should -Be 1
    }

    It 'filters by what has been typed: an id prefix or a part of the name' {
        (Complete 'Get-CXoneSkill -SkillId 200').Count | Should -Be 9
        (Complete 'Get-CXoneSkill -SkillId 10').CompletionText | Should -Be '2010'
        (Complete 'Get-CXoneContact -StartDate (Get-Date) -SkillId 2005').ListItemText | Should -Be '2005 - Skill 5 (Chat)'
        (Complete 'Get-CXoneAgent -TeamId 5').ListItemText | Should -Be '1005 - Team 5'
        (Complete 'Get-CXoneTeam -TeamId 100').CompletionText | Should -Be @('1001', '1002', '1003', '1004', '1005')
        foreach ($verb in 'Add', 'Set', 'Remove') {
            (Complete "$verb-CXoneAgentSkill -AgentId 30000001 -SkillId 2001").ListItemText | Should -Be '2001 - Skill 1 (Phone Call)'
        }
        Count '/skills' | Should -Be 1
        Count '/teams' | Should -Be 1
    }

    It 'takes the list from a run of Get-CXoneSkill or Get-CXoneTeam that read it whole, not from a filtered one' {
        $null = Get-CXoneSkill -MediaTypeId 4
        $null = Get-CXoneTeam -First 2
        $null = Complete 'Get-CXoneSkill -SkillId '
        $null = Complete 'Get-CXoneTeam -TeamId '
        Count '/skills' | Should -Be 2
        Count '/teams' | Should -Be 2

        Connect-Emulator
        $null = Get-CXoneSkill
        $null = Get-CXoneTeam
        (Complete 'Get-CXoneSkill -SkillId ').Count | Should -Be 10
        (Complete 'Get-CXoneTeam -TeamId ').Count | Should -Be 5
        Count '/skills' | Should -Be 3
        Count '/teams' | Should -Be 3
    }

    It 'offers nothing, and writes no error, without a session or when the list cannot be read; a later Tab tries again' {
        Set-Fault @{ route = $v + '/teams'; kind = 'malformedJson'; count = 1 }
        $errorsBefore = $Error.Count

        Complete 'Get-CXoneTeam -TeamId ' | Should -BeNullOrEmpty
        $Error.Count | Should -Be $errorsBefore
        (Complete 'Get-CXoneTeam -TeamId ').Count | Should -Be 5

        Disconnect-CXone
        $before = Count '/skills'
        Complete 'Get-CXoneSkill -SkillId ' | Should -BeNullOrEmpty
        Count '/skills' | Should -Be $before
        $Error.Count | Should -Be $errorsBefore
    }
}
