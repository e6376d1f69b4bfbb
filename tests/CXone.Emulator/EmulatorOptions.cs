using System;
using System.Collections.Generic;

namespace CXone.Emulator;

/// <summary>How a 429 answer carries <c>Retry-After</c> (cxone-api.md section 4: unconfirmed whether it is always sent).</summary>
public enum RetryAfterMode
{
    /// <summary><c>Retry-After: 12</c> (delta seconds).</summary>
    Seconds,

    /// <summary><c>Retry-After: Sat, 21 Nov 2026 10:00:12 GMT</c> (HTTP date, on the emulator's clock).</summary>
    HttpDate,

    /// <summary>No <c>Retry-After</c> header at all.</summary>
    None,
}

/// <summary>Client authentication methods a registered client accepts at the token endpoint.</summary>
[Flags]
public enum ClientAuthMethods
{
    /// <summary>None: the client is public (no secret), identified by <c>client_id</c> alone.</summary>
    None = 0,

    /// <summary>HTTP Basic <c>base64(urlencode(id) ":" urlencode(secret))</c> (<c>client_secret_basic</c>).</summary>
    Basic = 1,

    /// <summary><c>client_id</c>/<c>client_secret</c> in the form body (<c>client_secret_post</c>).</summary>
    Post = 2,
}

/// <summary>A registered OAuth client of the emulator's issuer.</summary>
public sealed class EmulatorClient
{
    /// <summary>The client id.</summary>
    public string ClientId { get; set; } = "";

    /// <summary>The client secret.</summary>
    public string ClientSecret { get; set; } = "";

    /// <summary>Which client authentication methods this client may use (default both).</summary>
    public ClientAuthMethods AuthMethods { get; set; } = ClientAuthMethods.Basic | ClientAuthMethods.Post;
}

/// <summary>How the UserHub access-key route spells its answer (docs/cxone-api.md section 6).</summary>
public enum AccessKeyAnswerSpelling
{
    /// <summary><c>access_token</c>, <c>expires_in</c>, <c>refresh_token</c>, <c>token_type</c>, <c>id_token</c>.</summary>
    OAuth,

    /// <summary>The older UserHub names <c>token</c>, <c>tokenExpirationTimeSec</c>, <c>refreshToken</c>, <c>refreshTokenExpirationTimeSec</c>.</summary>
    UserHub,
}

/// <summary>Shape of the media playback answer (cxone-api.md section 4 marks a wrapped variant).</summary>
public enum MediaPlaybackShape
{
    /// <summary><c>{"contactId":..,"interactions":[..]}</c>.</summary>
    Plain,

    /// <summary><c>{"value":{"contactId":..,"Interactions":[..]}}</c>, as one official sample shows.</summary>
    WrappedValue,
}

/// <summary>
/// Accounts, lifetimes, limits and data-set shape of an emulator instance. Every default is usable as is;
/// the defaults are listed in docs/architecture.md ("Emulator contract").
/// </summary>
public sealed class EmulatorOptions
{
    /// <summary>The clock for everything time-based (tokens, codes, storage URLs, rate limit, data set dates). Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Port of the issuer + API listener on 127.0.0.1 (0 = a free port).</summary>
    public int ApiPort { get; set; }

    /// <summary>Port of the storage listener on 127.0.0.1 (0 = a free port).</summary>
    public int StoragePort { get; set; }

    // ---- accounts ----

    /// <summary>The default registered client id.</summary>
    public string ClientId { get; set; } = "cxoneps-emulator-client";

    /// <summary>The default client's secret (contains '+' and '/': a client that does not url-encode Basic credentials fails).</summary>
    public string ClientSecret { get; set; } = "Cl1ent+Secret/Emu==";

    /// <summary>Client authentication methods the default client accepts (default Basic and Post).</summary>
    public ClientAuthMethods ClientAuthMethods { get; set; } = ClientAuthMethods.Basic | ClientAuthMethods.Post;

    /// <summary>More registered clients (for example one that accepts only <see cref="Emulator.ClientAuthMethods.Post"/>).</summary>
    public IList<EmulatorClient> AdditionalClients { get; } = new List<EmulatorClient>();

    /// <summary>Access key id (used as <c>username</c> of the password grant). Ends in '=' like real ones.</summary>
    public string AccessKeyId { get; set; } = "QUtJRU1VTEFUT1JLRVkwMQ=";

    /// <summary>Access key secret (used as <c>password</c>): contains '+' and '/' and ends in "==", so a client that does not url-encode the form body fails.</summary>
    public string AccessKeySecret { get; set; } = "c2VjcmV0+Zm9y/ZW11bGF0b3Ir==";

    /// <summary>Classic username.</summary>
    public string Username { get; set; } = "admin@emulator.cxone.test";

    /// <summary>Classic password (contains '&amp;', '+' and a space).</summary>
    public string Password { get; set; } = "P@ss w0rd&more+";

    /// <summary>Tenant id (the <c>tenantId</c> claim).</summary>
    public string TenantId { get; set; } = "11eb0d6a-0c4a-4b3e-9a2f-5e2c0c1e0001";

    /// <summary>Tenant name (the <c>tenant</c> claim).</summary>
    public string TenantName { get; set; } = "Emulator Tenant";

    /// <summary>Business unit id (the <c>icBUId</c> claim; <c>businessUnitId</c> in contacts answers).</summary>
    public int BusinessUnitId { get; set; } = 4600001;

    /// <summary>Cluster (the <c>icClusterId</c> claim; <c>cluster</c> in cxone-configuration).</summary>
    public string Cluster { get; set; } = "B32";

    /// <summary>Area in cxone-configuration.</summary>
    public string Area { get; set; } = "na1";

    /// <summary>User id (the <c>sub</c> claim is <c>user:&lt;UserId&gt;</c>).</summary>
    public string UserId { get; set; } = "11eb0d6a-7e1c-4a6b-8c11-000000000042";

    /// <summary>Agent id of the user (the <c>icAgentId</c> claim).</summary>
    public string AgentId { get; set; } = "30000042";

    /// <summary>Display name (the <c>name</c> claim).</summary>
    public string UserDisplayName { get; set; } = "Emulator Admin";

    /// <summary>Role (the <c>role</c> claim).</summary>
    public string Role { get; set; } = "Administrator";

    /// <summary>The <c>iss</c> claim of access tokens; null = the issuer URI (cxone-api.md: it may differ from the issuer called).</summary>
    public string? AccessTokenIssuerClaim { get; set; }

    // ---- switches ----

    /// <summary>Accept the <c>client_credentials</c> grant (default false: <c>unsupported_grant_type</c>).</summary>
    public bool AllowClientCredentials { get; set; }

    /// <summary><c>token_endpoint_auth_methods_supported</c> in discovery (default <c>client_secret_basic</c>).</summary>
    public IList<string> ClientAuthMethodsAdvertised { get; set; } = new List<string> { "client_secret_basic" };

    /// <summary>Spell OAuth errors <c>errorDescription</c> instead of <c>error_description</c> (cxone-api.md section 2 [?]).</summary>
    public bool UseCamelCaseErrorDescription { get; set; }

    /// <summary>Access token lifetime (default 3600 s).</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromSeconds(3600);

    /// <summary>How <c>POST /authentication/v1/token/access-key</c> spells its answer (default <see cref="AccessKeyAnswerSpelling.OAuth"/>).</summary>
    public AccessKeyAnswerSpelling AccessKeyAnswer { get; set; } = AccessKeyAnswerSpelling.OAuth;

    /// <summary>Lifetime of the Genesys-shaped opaque tokens of <c>POST /oauth/token</c> (default 86,399 s, as Genesys Cloud answers).</summary>
    public TimeSpan GenesysTokenLifetime { get; set; } = TimeSpan.FromSeconds(86399);

    /// <summary>Refresh token lifetime (default 7200 s).</summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromSeconds(7200);

    /// <summary>Authorization code lifetime (default 60 s).</summary>
    public TimeSpan AuthorizationCodeLifetime { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Media playback requests allowed per <see cref="MediaPlaybackWindow"/> per tenant (default 150).</summary>
    public int MediaPlaybackLimit { get; set; } = 150;

    /// <summary>Media playback rate-limit window (default 5 minutes, sliding, on the emulator's clock).</summary>
    public TimeSpan MediaPlaybackWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// When set, the media playback limit counts in fixed windows of <see cref="MediaPlaybackWindow"/> that start at
    /// this instant (and every window length before and after it), and a throttled answer's <c>Retry-After</c> is the
    /// time to the next window. Null (default): a sliding window. Whether CXone's window slides or is fixed is not
    /// documented (cxone-api.md section 4): a fixed window whose start differs from the client's first call is the
    /// case a client-side fixed window gets wrong.
    /// </summary>
    public DateTimeOffset? MediaPlaybackWindowOrigin { get; set; }

    /// <summary>How throttled (429) answers carry <c>Retry-After</c> (default seconds).</summary>
    public RetryAfterMode RetryAfterMode { get; set; } = RetryAfterMode.Seconds;

    /// <summary>Media playback answer shape (default plain).</summary>
    public MediaPlaybackShape MediaPlaybackShape { get; set; } = MediaPlaybackShape.Plain;

    /// <summary>
    /// Faults switched on at start, each exactly as one <c>POST /_emulator/faults</c> body (applied in order; empty by
    /// default). Afterwards they behave like faults posted at run time: served, then gone; <c>reset</c> clears them.
    /// </summary>
    public IList<FaultRequest> InitialFaults { get; } = new List<FaultRequest>();

    /// <summary>Lifetime of signed storage URLs (default 15 minutes).</summary>
    public TimeSpan StorageUrlLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Include <c>_links</c> (self/next/previous) in contacts answers (default true; false forces skip/top paging).</summary>
    public bool IncludeLinks { get; set; } = true;

    /// <summary>Answer 406 "No known way to render data" on admin API calls without an <c>Accept</c> that allows JSON (default true).</summary>
    public bool RequireAcceptJson { get; set; } = true;

    /// <summary>Most rows in one contacts/agents page (default 10,000).</summary>
    public int MaxPageSize { get; set; } = 10_000;

    // ---- data set ----

    /// <summary>Seed of the data set (default 42).</summary>
    public int DataSeed { get; set; } = 42;

    /// <summary>Completed contacts (default 2,000).</summary>
    public int ContactCount { get; set; } = 2000;

    /// <summary>Days the contacts span, ending at the clock's time when the emulator starts (default 30).</summary>
    public int ContactDays { get; set; } = 30;

    /// <summary>Share of contacts that are recorded (default 0.6).</summary>
    public double RecordedFraction { get; set; } = 0.6;

    /// <summary>Share of recorded contacts that have two interactions (voice-only + voice-and-screen; default 0.2).</summary>
    public double MultiInteractionFraction { get; set; } = 0.2;

    /// <summary>Agents (default 50).</summary>
    public int AgentCount { get; set; } = 50;

    /// <summary>Skills (default 10).</summary>
    public int SkillCount { get; set; } = 10;

    /// <summary>Teams (default 5).</summary>
    public int TeamCount { get; set; } = 5;

    /// <summary>Size of each recording file (default 256 KiB).</summary>
    public long DefaultRecordingBytes { get; set; } = 256 * 1024;

    /// <summary>Size of the one large recording (<see cref="EmulatorData.LargeRecordingContactId"/>; default 1 GiB).</summary>
    public long LargeRecordingBytes { get; set; } = 1L << 30;

    internal IEnumerable<EmulatorClient> AllClients()
    {
        yield return new EmulatorClient { ClientId = ClientId, ClientSecret = ClientSecret, AuthMethods = ClientAuthMethods };
        foreach (var c in AdditionalClients)
        {
            yield return c;
        }
    }
}
