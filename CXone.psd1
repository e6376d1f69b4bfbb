# Module manifest for CXone (CXonePS): compiled cmdlets for NICE CXone administrators.
# This manifest loads the module from the build output: run `dotnet build CXonePS.sln -c Release`, then
# `Import-Module ./CXone.psd1` from the repository root. `./build.ps1 -Task Package` writes a gallery-ready
# copy to out/CXone/<version>/ whose manifest points at the files beside it.
@{
    RootModule           = 'src/CXone.PowerShell/bin/Release/netstandard2.0/CXone.PowerShell.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '851e0d56-764c-430f-a562-797fad8ccdee'
    Author               = 'CXonePS contributors'
    CompanyName          = 'CXonePS contributors'
    Copyright            = '(c) CXonePS contributors'
    Description          = 'NICE CXone for administrators: log in once (access key, browser, client credentials or a token you bring), share one self-refreshing token across cmdlets and parallel runspaces, query completed contacts, download call recordings, read agents, skills and teams, and assign skills to agents in bulk.'
    PowerShellVersion    = '5.1'
    # Windows PowerShell 5.1: older .NET Framework releases (4.6.2 is Windows Server 2016's default) cannot load
    # netstandard 2.0 assemblies; the module initializer refuses them too, naming the installed release.
    DotNetFrameworkVersion = '4.7.2'
    CompatiblePSEditions = @('Desktop', 'Core')
    FormatsToProcess     = @('src/CXone.PowerShell/bin/Release/netstandard2.0/CXone.Format.ps1xml')
    # Installs the module's dependency resolver before the cmdlets are read (their parameter types are in dependencies/).
    ScriptsToProcess     = @('src/CXone.PowerShell/bin/Release/netstandard2.0/CXone.Init.ps1')
    CmdletsToExport      = @(
        'Connect-CXone',
        'Disconnect-CXone',
        'Get-CXoneSession',
        'Get-CXoneToken',
        'Invoke-CXoneRequest',
        'Get-CXoneContact',
        'Get-CXoneRecording',
        'Save-CXoneRecording',
        'Get-CXoneAgent',
        'Get-CXoneSkill',
        'Get-CXoneTeam',
        'Get-CXoneAgentSkill',
        'Add-CXoneAgentSkill',
        'Set-CXoneAgentSkill',
        'Remove-CXoneAgentSkill'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('CXone', 'NICE', 'inContact', 'ContactCenter', 'Recordings', 'OAuth', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            ProjectUri   = 'https://github.com/cxoneps/CXonePS'
            ReleaseNotes = '0.1.0: first release. Connect-CXone (access key, user and password, client credentials, browser, access token, environment variables), Get-CXoneToken with CI log masking, Invoke-CXoneRequest with paging, Get-CXoneContact, Get-CXoneRecording, Save-CXoneRecording with parallel downloads and a manifest, Get-CXoneAgent, Get-CXoneSkill, Get-CXoneTeam, Get-CXoneAgentSkill with Tab completion of skill and team ids, Add-/Set-/Remove-CXoneAgentSkill for bulk skill assignment from CSV files; logins with the access key alone, any OAuth2 issuer and Genesys Cloud.'
        }
    }
}
