using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Tasks;
using static CXone.Emulator.Tests.TestSupport;

namespace CXone.Emulator.Tests;

/// <summary>Issue points 2 (tokens) and 3 (accounts).</summary>
public sealed class TokenTests
{
    [Fact]
    public async Task Access_token_is_an_rs256_jwt_with_the_cxone_claims()
    {
        var clock = new ManualTimeProvider();
        await using var emu = await StartAsync(clock);
        using var http = Client();
        var token = await AccessTokenAsync(http, emu);
        var p = JwtPayload(token);
        var o = emu.Options;
        Assert.Equal(o.TenantId, p.GetProperty("tenantId").GetString());
        Assert.Equal("user:" + o.UserId, p.GetProperty("sub").GetString());
        Assert.Equal(emu.IssuerUri.ToString().TrimEnd('/'), p.GetProperty("iss").GetString());
        Assert.True(p.TryGetProperty("aud", out _));
        Assert.Equal(clock.GetUtcNow().ToUnixTimeSeconds(), p.GetProperty("iat").GetInt64());
        Assert.Equal(clock.GetUtcNow().ToUnixTimeSeconds() + 3600, p.GetProperty("exp").GetInt64());
        Assert.Equal(o.BusinessUnitId, p.GetProperty("icBUId").GetInt32());
        Assert.Equal(o.Cluster, p.GetProperty("icClusterId").GetString());
        Assert.Equal(o.AgentId, p.GetProperty("icAgentId").GetString());
        Assert.Equal(o.TenantName, p.GetProperty("tenant").GetString());
        Assert.Equal(o.UserDisplayName, p.GetProperty("name").GetString());
        Assert.Equal(o.Role, p.GetProperty("role").GetString());
    }

    [Fact]
    public async Task Lifetimes_and_token_iss_claim_are_configurable()
    {
        var clock = new ManualTimeProvider();
        await using var emu = await StartAsync(clock, o =>
        {
            o.AccessTokenLifetime = TimeSpan.FromSeconds(600);
            o.AccessTokenIssuerClaim = "https://auth.elsewhere.test";
        });
        using var http = Client();
        var t = await AccessKeyTokenAsync(http, emu);
        Assert.Equal(600, t.GetProperty("expires_in").GetInt32());
        Assert.Equal("https://auth.elsewhere.test", JwtPayload(t.GetProperty("access_token").GetString()!).GetProperty("iss").GetString());
    }

    [Fact]
    public async Task Api_rejects_expired_token_after_the_clock_moves()
    {
        var clock = new ManualTimeProvider();
        await using var emu = await StartAsync(clock);
        using var http = Client();
        var token = await AccessTokenAsync(http, emu);
        var url = Api(emu, "inContactAPI/services/v30.0/server-time");
        using (var ok = await GetAsync(http, url, token))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        clock.Advance(TimeSpan.FromSeconds(3599));
        using (var still = await GetAsync(http, url, token))
        {
            Assert.Equal(HttpStatusCode.OK, still.StatusCode);
        }

        clock.Advance(TimeSpan.FromSeconds(1));
        using var expired = await GetAsync(http, url, token);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Contains("invalid_token", expired.Headers.WwwAuthenticate.ToString());
        Assert.Equal(1, emu.GetStats().Requests(ServerTimeRoute, 401));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-jwt")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.eyJ0ZW5hbnRJZCI6IngifQ.c2lnbmF0dXJl")]
    public async Task Api_rejects_missing_or_malformed_tokens(string? token)
    {
        await using var emu = await StartAsync();
        using var http = Client();
        using var r = await GetAsync(http, Api(emu, "inContactAPI/services/v30.0/server-time"), token);
        Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
    }

    [Fact]
    public async Task Api_rejects_a_token_issued_by_another_emulator()
    {
        await using var emu = await StartAsync();
        await using var other = await StartAsync();
        using var http = Client();
        var foreign = await AccessTokenAsync(http, other);
        using var r = await GetAsync(http, Api(emu, "inContactAPI/services/v30.0/server-time"), foreign);
        Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
    }

    [Fact]
    public async Task Api_rejects_altered_and_wrongly_signed_tokens()
    {
        await using var emu = await StartAsync();
        using var http = Client();
        var token = await AccessTokenAsync(http, emu);
        var parts = token.Split('.');
        var url = Api(emu, "inContactAPI/services/v30.0/server-time");

        // payload changed (a later exp), signature kept
        var payload = JwtPayload(token).GetRawText().Replace("\"exp\":", "\"exp\":9", StringComparison.Ordinal);
        var altered = parts[0] + "." + B64Url(Encoding.UTF8.GetBytes(payload)) + "." + parts[2];
        using (var r = await GetAsync(http, url, altered))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        }

        // same header (kid) and payload, signed with another key
        using var rsa = System.Security.Cryptography.RSA.Create(1024);
        var sig = rsa.SignData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        using (var r = await GetAsync(http, url, parts[0] + "." + parts[1] + "." + B64Url(sig)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        }

        using (var r = await GetAsync(http, url, token))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }

        Assert.Equal(2, emu.GetStats().Requests(ServerTimeRoute, 401));
    }

    private static string B64Url(byte[] b) => Convert.ToBase64String(b).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [Fact]
    public async Task Api_rejects_a_refresh_token_used_as_bearer()
    {
        await using var emu = await StartAsync();
        using var http = Client();
        var t = await AccessKeyTokenAsync(http, emu);
        using var r = await GetAsync(http, Api(emu, "inContactAPI/services/v30.0/server-time"), t.GetProperty("refresh_token").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
    }

    [Fact]
    public async Task Refresh_tokens_rotate_and_the_old_one_stops_working()
    {
        await using var emu = await StartAsync();
        using var http = Client();
        var first = await AccessKeyTokenAsync(http, emu);
        var rt1 = first.GetProperty("refresh_token").GetString()!;
        var form = new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = rt1, ["client_id"] = emu.Options.ClientId };

        var (s, second, _) = await TokenAsync(http, emu, form);
        Assert.Equal(HttpStatusCode.OK, s);
        var rt2 = second.GetProperty("refresh_token").GetString()!;
        Assert.NotEqual(rt1, rt2);
        using (var r = await GetAsync(http, Api(emu, "inContactAPI/services/v30.0/server-time"), second.GetProperty("access_token").GetString()))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }

        var (reuse, err, _) = await TokenAsync(http, emu, form);
        Assert.Equal(HttpStatusCode.BadRequest, reuse);
        Assert.Equal("invalid_grant", err.GetProperty("error").GetString());

        // the rotated one works, also with Basic client authentication
        var (s3, _, _) = await TokenAsync(http, emu, new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = rt2 }, Basic(emu.Options.ClientId, emu.Options.ClientSecret));
        Assert.Equal(HttpStatusCode.OK, s3);
        var st = emu.GetStats();
        Assert.Equal(2, st.Grants("refresh_token"));
        Assert.Equal(1, st.GrantFailures("refresh_token"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(900)]
    public async Task Refresh_token_expires_after_its_lifetime(int? lifetimeSeconds)
    {
        var clock = new ManualTimeProvider();
        await using var emu = await StartAsync(clock, o =>
        {
            if (lifetimeSeconds is { } l)
            {
                o.RefreshTokenLifetime = TimeSpan.FromSeconds(l);
            }
        });
        var lifetime = TimeSpan.FromSeconds(lifetimeSeconds ?? 7200); // default 7200 s: the emulator's token lifetime
        using var http = Client();
        Dictionary<string, string> Form(string rt) => new() { ["grant_type"] = "refresh_token", ["refresh_token"] = rt, ["client_id"] = emu.Options.ClientId };

        // one second before its end a refresh token still works (and rotates: the new one lives a full lifetime)
        var rt1 = (await AccessKeyTokenAsync(http, emu)).GetProperty("refresh_token").GetString()!;
        clock.Advance(lifetime - TimeSpan.FromSeconds(1));
        var (s1, t1, _) = await TokenAsync(http, emu, Form(rt1));
        Assert.Equal(HttpStatusCode.OK, s1);
        var rt2 = t1.GetProperty("refresh_token").GetString()!;

        // at the end of its lifetime it is refused
        clock.Advance(lifetime);
        var (s2, e2, _) = await TokenAsync(http, emu, Form(rt2));
        Assert.Equal(HttpStatusCode.BadRequest, s2);
        Assert.Equal("invalid_grant", e2.GetProperty("error").GetString());
        Assert.Contains("expired", e2.GetProperty("error_description").GetString());
        var st = emu.GetStats();
        Assert.Equal(1, st.Grants("refresh_token"));
        Assert.Equal(1, st.GrantFailures("refresh_token"));
    }

    [Fact]
    public async Task Default_accounts_have_secrets_that_need_url_encoding()
    {
        var o = new EmulatorOptions();
        Assert.EndsWith("==", o.AccessKeySecret);
        Assert.Contains('+', o.AccessKeySecret);
        Assert.Contains('/', o.AccessKeySecret);
        Assert.EndsWith("=", o.AccessKeyId);
        Assert.Contains('+', o.ClientSecret);

        await using var emu = await StartAsync();
        using var http = Client();
        // a client that forgets to url-encode the form body sends '+' which the server reads as a space
        var raw = $"grant_type=password&username={o.AccessKeyId}&password={o.AccessKeySecret}";
        var (s1, e1, _) = await TokenAsync(http, emu, new Dictionary<string, string>(), Basic(o.ClientId, o.ClientSecret), raw);
        Assert.Equal(HttpStatusCode.BadRequest, s1);
        Assert.Equal("invalid_grant", e1.GetProperty("error").GetString());

        // a client that forgets to url-encode Basic credentials fails client authentication
        var naiveBasic = Convert.ToBase64String(Encoding.UTF8.GetBytes(o.ClientId + ":" + o.ClientSecret));
        var (s2, e2, _) = await TokenAsync(http, emu, new Dictionary<string, string> { ["grant_type"] = "password", ["username"] = o.AccessKeyId, ["password"] = o.AccessKeySecret }, naiveBasic);
        Assert.Equal(HttpStatusCode.Unauthorized, s2);
        Assert.Equal("invalid_client", e2.GetProperty("error").GetString());

        // encoded properly, the same accounts work
        await AccessKeyTokenAsync(http, emu);
    }

    [Fact]
    public async Task Accounts_come_from_options()
    {
        await using var emu = await StartAsync(configure: o =>
        {
            o.ClientId = "my-client";
            o.ClientSecret = "my-secret";
            o.AccessKeyId = "AK=";
            o.AccessKeySecret = "SK==";
            o.TenantId = "tenant-x";
        });
        using var http = Client();
        var token = await AccessTokenAsync(http, emu);
        Assert.Equal("tenant-x", JwtPayload(token).GetProperty("tenantId").GetString());
    }

    [Fact]
    public async Task Wrong_scheme_on_the_api_is_rejected()
    {
        await using var emu = await StartAsync();
        using var http = Client();
        using var req = new HttpRequestMessage(HttpMethod.Get, Api(emu, "inContactAPI/services/v30.0/server-time"));
        req.Headers.Authorization = new AuthenticationHeaderValue("Basic", Basic(emu.Options.ClientId, emu.Options.ClientSecret));
        req.Headers.Accept.ParseAdd("application/json");
        using var r = await http.SendAsync(req);
        Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
    }
}
