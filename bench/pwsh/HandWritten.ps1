# The script a user would write instead of the module: discovery, a password grant with an access key, and
# Invoke-RestMethod / Invoke-WebRequest calls with a reused -WebSession and the bearer header
# (docs/cxone-api.md sections 1, 2 and 4). Dot-sourced by Invoke-CXoneBench.ps1 and BenchChild.ps1.

function Connect-HandWritten {
    <#
    .SYNOPSIS
    Discovery + password grant by hand. Returns ApiEndpoint (no trailing slash), Token and a WebSession that
    carries the bearer header and Accept: application/json.
    #>
    param(
        [Parameter(Mandatory)] [string] $Issuer,
        [Parameter(Mandatory)] $Info
    )
    $oidc = Invoke-RestMethod -Uri "$Issuer/.well-known/openid-configuration"
    $pair = [Uri]::EscapeDataString($Info.clientId) + ':' + [Uri]::EscapeDataString($Info.clientSecret)
    $basic = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($pair))
    $body = 'grant_type=password&username=' + [Uri]::EscapeDataString($Info.accessKeyId) + '&password=' + [Uri]::EscapeDataString($Info.accessKeySecret)
    $grant = Invoke-RestMethod -Method Post -Uri $oidc.token_endpoint -Body $body -ContentType 'application/x-www-form-urlencoded' `
        -Headers @{ Authorization = "Basic $basic"; Accept = 'application/json' }
    $token = $grant.access_token
    # The tenant is the tenantId claim of the JWT (base64url, padding restored).
    $part = $token.Split('.')[1].Replace('-', '+').Replace('_', '/')
    $part += '=' * ((4 - $part.Length % 4) % 4)
    $claims = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($part)) | ConvertFrom-Json
    $config = Invoke-RestMethod -Uri "$Issuer/.well-known/cxone-configuration?tenantId=$($claims.tenantId)"
    $session = New-Object Microsoft.PowerShell.Commands.WebRequestSession
    $session.Headers['Authorization'] = "Bearer $token"
    $session.Headers['Accept'] = 'application/json'
    [pscustomobject]@{ ApiEndpoint = $config.api_endpoint.TrimEnd('/'); Token = $token; WebSession = $session }
}

function Get-HandWrittenContact {
    <#
    .SYNOPSIS
    Completed contacts by hand: pages of up to 10,000 (top), following _links.next, rows written as they come.
    #>
    param(
        [Parameter(Mandatory)] $Connection,
        [Parameter(Mandatory)] [DateTimeOffset] $StartDate,
        [Parameter(Mandatory)] [DateTimeOffset] $EndDate,
        [int] $First = 0
    )
    $format = "yyyy-MM-dd'T'HH:mm:ss.fffzzz"
    $top = if ($First -gt 0 -and $First -lt 10000) { $First } else { 10000 }
    $uri = $Connection.ApiEndpoint + '/inContactAPI/services/v30.0/contacts/completed?startDate=' +
        [Uri]::EscapeDataString($StartDate.ToString($format, [Globalization.CultureInfo]::InvariantCulture)) + '&endDate=' +
        [Uri]::EscapeDataString($EndDate.ToString($format, [Globalization.CultureInfo]::InvariantCulture)) + "&skip=0&top=$top"
    $seen = 0
    while ($uri) {
        $page = Invoke-RestMethod -Uri $uri -WebSession $Connection.WebSession
        foreach ($row in $page.completedContacts) {
            $row
            $seen++
            if ($First -gt 0 -and $seen -ge $First) { return }
        }
        $uri = $page._links.next
    }
}

function Save-HandWrittenRecording {
    <#
    .SYNOPSIS
    One contact after the other: media playback lookup with Invoke-RestMethod, then each interaction's file with
    Invoke-WebRequest -OutFile, without the bearer token (the storage host must never see it). Returns files saved.
    #>
    param(
        [Parameter(Mandatory)] $Connection,
        [Parameter(Mandatory)] [long[]] $ContactId,
        [Parameter(Mandatory)] [string] $Path
    )
    $null = New-Item -ItemType Directory -Path $Path -Force
    $saved = 0
    foreach ($id in $ContactId) {
        $lookup = Invoke-RestMethod -WebSession $Connection.WebSession -Uri ($Connection.ApiEndpoint +
            "/media-playback/v1/contacts?acd-call-id=$id&media-type=all&exclude-waveforms=true&exclude-qm-categories=true")
        $index = 0
        foreach ($interaction in $lookup.interactions) {
            $file = Join-Path $Path ("{0}_{1}_{2}.mp4" -f $id, $index, $interaction.mediaType)
            Invoke-WebRequest -Uri $interaction.data.fileToPlayUrl -OutFile $file
            $saved++
            $index++
        }
    }
    $saved
}
