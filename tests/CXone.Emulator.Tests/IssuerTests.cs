using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using static CXone.Emulator.Tests.TestSupport;

namespace CXone.Emulator.Tests;

/// <summary>Issue point 1: the issuer (discovery, token endpoint grants, authorize, jwks, cxone-configuration, OAuth errors).</summary>
public sealed class IssuerTests
{
    [Fact]
    public async Task Discovery_document_has_the_cxone_fields_and_points_at_the_emulator()
    {
        await using var emu = await StartAsync();
        using var http = Client();
        using var r = await http.GetAsync(new Uri(emu.IssuerUri, ".well-known/openid-configuration"));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var d = await JsonAsync(r);
        var iss = emu.IssuerUri.ToString().TrimEnd('/');
        Assert.Equal(iss, d.GetProperty("issuer").GetString());
        Assert.Equal(iss + "/auth/token", d.GetProperty("token_endpoint").GetString());
        Assert.Equal(iss + "/auth/authorize", d.GetProperty("authorization_endpoint").GetString());
        Assert.Equal(iss + "/auth/jwks", d.GetProperty("jwks_uri").GetString());
        Assert.Equal(iss + "/auth/userinfo", d.GetProperty("userinfo_endpoint").GetString());
        Assert.Equal(iss + "/auth/logout", d.GetProperty("end_session_endpoint").GetString());
        Assert.Equal(new[] { "client_secret_basic" }, d.GetProperty("token_endpoint_auth_methods_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(new[] { "openid" }, d.GetProperty("scopes_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(new[] { "code" }, d.GetProperty("response_types_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(new[] { "S256" }, d.GetProperty("code_challenge_methods_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(new[] { "RS256" }, d.GetProperty("id_token_signing_alg_values_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.False(d.TryGetProperty("revocation_endpoint", out _)); // cxone-api.md section 1: there is none

        // every endpoint the document names is served by the emulator (401 for userinfo without a token)
        foreach (var (name, expected) in new[] { ("jwks_uri", HttpStatusCode.OK), ("userinfo_endpoint", HttpStatusCode.Unauthorized), ("end_session_endpoint", HttpStatusCode.OK) })
        {
            using var e = await http.GetAsync(d.GetProperty(name).GetString());
            Assert.Equal(expected, e.StatusCode);
        }
        Assert.Equal(1, emu.GetStats().Requests("GET /.well-known/openid-configuration", 200));
    }

    [Fact]
    public async Task Discovery_advertises_configured_client_auth_methods()
    {
        await using var emu = await StartAsync(configure: o => o.ClientAuthMethodsAdvertised = new List<string> { "client_secret_basic", "client_secret_post" });
        using var http = Client();
        var d = await JsonAsync(await http.GetAsync(new Uri(emu.IssuerUri, ".well-known/openid-configuration")));
        Assert.Equal(new[] { "client_secret_basic", "client_secret_post" }, d.GetProperty("token_endpoint_auth_methods_supported").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task CXone_configuration_returns_the_emulators_api_endpoint_for_the_tenant()
    {
        await using var emu = await StartAsync();
        using var http = Client();
        var token = await AccessTokenAsync(http, emu);
        var tenantId = JwtPayload(token).GetProperty("tenantId").GetString();
        using var r = await http.GetAsync(new Uri(emu.IssuerUri, ".well-known/cxone-configuration?tenantId=" + tenantId));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var c = await JsonAsync(r);
        Assert.Equal(emu.ApiBaseUri.ToString().TrimEnd('/'), c.GetProperty("api_endpoint").GetString());
        Assert.Equal(emu.Options.TenantId, c.GetProperty("tenantId").GetString());
        Assert.Equal("na1", c.GetProperty("area").GetString());
        Assert.Equal("B32", c.GetProperty("cluster").GetString());
        Assert.False(c.GetProperty("private").GetBoolean());

        using var unknown = await http.GetAsync(new Uri(emu.IssuerUri, ".well-known/cxone-configuration?tenantId=nope"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var missing = await http.GetAsync(new Uri(emu.IssuerUri, ".well-known/cxone-configuration"));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
    }

    [Fact]
    public async Task Password_grant_with_access_key_and_basic_auth_returns_the_cxone_token_shape()
    {
        await using var emu = await StartAsync();
        using var http = Client();
        var t = await AccessKeyTokenAsync(http, emu);
        Assert.Equal("Bearer", t.GetProperty("token_type").GetString());
        Assert.Equal(3600, t.GetProperty("expires_in").GetInt32());
        Assert.StartsWith("eyJ", t.GetProperty("access_token").GetString());
        Assert.StartsWith("eyJ", t.GetProperty("refresh_token").GetString());
        Assert.StartsWith("eyJ", t.GetProperty("id_token").GetString());
        Assert.Equal("urn:ietf:params:oauth:token-type:access_token", t.GetProperty("issued_token_type").GetString());
        Assert.False(t.TryGetProperty("scope", out _));
        Assert.Equal(1, emu.GetStats().Grants("password"));
    }

    [Fact]
    public async Task Password_grant_with_username_password_and_client_secret_in_the_body()
    {
        await using var emu = await StartAsync();
        using var http = Client();
        var o = emu.Options;
        var (status, json, _) = await TokenAsync(http, emu, new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["username"] = o.Username, ["password"] = o.Password, ["client_id"] = o.ClientId, ["client_secret"] = o.ClientSecret,
        });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(json.TryGetProperty("access_token", out _));
    }

    [Fact]
    public async Task Per_client_auth_methods_are_enforced()
    {
        await using var emu = await StartAsync(configure: o =>
        {
            o.ClientAuthMethods = ClientAuthMethods.Basic;
            o.AdditionalClients.Add(new EmulatorClient { ClientId = "post-only", ClientSecret = "p+o/st==", AuthMethods = ClientAuthMethods.Post });
        });
        using var http = Client();
        var o = emu.Options;
        var creds = new Dictionary<string, string> { ["grant_type"] = "password", ["username"] = o.AccessKeyId, ["password"] = o.AccessKeySecret };

        var bodyForBasicOnly = new Dictionary<string, string>(creds) { ["client_id"] = o.ClientId, ["client_secret"] = o.ClientSecret };
        var (s1, e1, _) = await TokenAsync(http, emu, bodyForBasicOnly);
        Assert.Equal(HttpStatusCode.Unauthorized, s1);
        Assert.Equal("invalid_client", e1.GetProperty("error").GetString());

        var (s2, _, _) = await TokenAsync(http, emu, creds, Basic("post-only", "p+o/st=="));
        Assert.Equal(HttpStatusCode.Unauthorized, s2);

        var (s3, _, _) = await TokenAsync(http, emu, new Dictionary<string, string>(creds) { ["client_id"] = "post-only", ["client_secret"] = "p+o/st==" });
        Assert.Equal(HttpStatusCode.OK, s3);
        var (s4, _, _) = await TokenAsync(http, emu, creds, Basic(o.ClientId, o.ClientSecret));
        Assert.Equal(HttpStatusCode.OK, s4);
        var st = emu.GetStats();
        Assert.Equal(2, st.Grants("password"));
        Assert.Equal(2, st.GrantFailures("password"));
        Assert.Equal(2, st.Requests(TokenRoute, 401));
    }

    [Fact]
    public async Task Oauth_errors_have_the_right_status_and_shape()
    {
        await using var emu = await StartAsync();
        using var http = Client();
        var o = emu.Options;
        var basic = Basic(o.ClientId, o.ClientSecret);

        var (s1, e1, r1) = await TokenAsync(http, emu, new Dictionary<string, string> { ["grant_type"] = "password", ["username"] = o.AccessKeyId, ["password"] = "wrong" }, basic);
        Assert.Equal(HttpStatusCode.BadRequest, s1);
        Assert.Equal("invalid_grant", e1.GetProperty("error").GetString());
        Assert.False(string.IsNullOrEmpty(e1.GetProperty("error_description").GetString()));
        Assert.Equal("application/json", r1.Content.Headers.ContentType!.MediaType);

        var (s2, e2, _) = await TokenAsync(http, emu, new Dictionary<string, string> { ["grant_type"] = "password", ["username"] = o.AccessKeyId, ["password"] = o.AccessKeySecret }, Basic(o.ClientId, "bad secret"));
        Assert.Equal(HttpStatusCode.Unauthorized, s2);
        Assert.Equal("invalid_client", e2.GetProperty("error").GetString());

        var (s3, e3, _) = await TokenAsync(http, emu, new Dictionary<string, string> { ["grant_type"] = "urn:made:up" }, basic);
        Assert.Equal(HttpStatusCode.BadRequest, s3);
        Assert.Equal("unsupported_grant_type", e3.GetProperty("error").GetString());

        var (s4, e4, _) = await TokenAsync(http, emu, new Dictionary<string, string> { ["grant_type"] = "client_credentials" }, basic);
        Assert.Equal(HttpStatusCode.BadRequest, s4);
        Assert.Equal("unsupported_grant_type", e4.GetProperty("error").GetString());

        var st = emu.GetStats();
        Assert.Equal(4, st.Requests(TokenRoute));
        Assert.Equal(3, st.Requests(TokenRoute, 400));
        Assert.Equal(1, st.GrantFailures("client_credentials"));
        Assert.Equal(0, st.Grants("client_credentials"));
    }

    [Fact]
    public async Task Error_description_can_be_spelled_errorDescription()
    {
        await using var emu = await StartAsync(configure: o => o.UseCamelCaseErrorDescription = true);
        using var http = Client();
        var (s, e, _) = await TokenAsync(http, emu, new Dictionary<string, string> { ["grant_type"] = "password", ["username"] = "x", ["password"] = "y" }, Basic(emu.Options.ClientId, emu.Options.ClientSecret));
        Assert.Equal(HttpStatusCode.BadRequest, s);
        Assert.True(e.TryGetProperty("errorDescription", out _));
        Assert.False(e.TryGetProperty("error_description", out _));
    }

    [Fact]
    public async Task Client_credentials_works_when_switched_on_and_gives_no_refresh_token()
    {
        await using var emu = await StartAsync(configure: o => o.AllowClientCredentials = true);
        using var http = Client();
        var (s, t, _) = await TokenAsync(http, emu, new Dictionary<string, string> { ["grant_type"] = "client_credentials" }, Basic(emu.Options.ClientId, emu.Options.ClientSecret));
        Assert.Equal(HttpStatusCode.OK, s);
        Assert.False(t.TryGetProperty("refresh_token", out _));
        using var r = await GetAsync(http, Api(emu, "inContactAPI/services/v30.0/server-time"), t.GetProperty("access_token").GetString());
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal(1, emu.GetStats().Grants("client_credentials"));
    }

    [Fact]
    public async Task Wrong_content_type_is_invalid_request()
    {
        await using var emu = await StartAsync();
        using var http = Client();
        using var r = await http.PostAsync(new Uri(emu.IssuerUri, "auth/token"), new StringContent("{\"grant_type\":\"password\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("invalid_request", (await JsonAsync(r)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Authorize_redirects_with_code_and_state_and_the_code_grant_verifies_pkce_once()
    {
        var clock = new ManualTimeProvider();
        await using var emu = await StartAsync(clock);
        using var http = Client(allowRedirect: false);
        var verifier = "dBjftJeZ4CVP-mJ92K9qF4pxyzTYUVWXYZabcdefghijkl";
        var challenge = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        const string redirect = "http://127.0.0.1:49152/callback";
        var code = await AuthorizeAsync(http, emu, redirect, challenge, "st+ate/1");

        var form = new Dictionary<string, string> { ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = redirect, ["client_id"] = emu.Options.ClientId, ["code_verifier"] = "wrong-verifier-wrong-verifier-wrong-verifier" };
        var (bad, badJson, _) = await TokenAsync(http, emu, form);
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.Equal("invalid_grant", badJson.GetProperty("error").GetString());

        // a failed redemption consumes the code too: a fresh one, with the right verifier, works once
        code = await AuthorizeAsync(http, emu, redirect, challenge, "s2");
        form["code"] = code;
        form["code_verifier"] = verifier;
        var (ok, tok, _) = await TokenAsync(http, emu, form);
        Assert.Equal(HttpStatusCode.OK, ok);
        Assert.True(tok.TryGetProperty("refresh_token", out _));
        var (again, againJson, _) = await TokenAsync(http, emu, form);
        Assert.Equal(HttpStatusCode.BadRequest, again);
        Assert.Equal("invalid_grant", againJson.GetProperty("error").GetString());

        // codes expire after 60 s on the emulator's clock: one still works at 59 s, another fails at 60 s
        form["code"] = await AuthorizeAsync(http, emu, redirect, challenge, "s3");
        clock.Advance(TimeSpan.FromSeconds(59));
        var (inTime, _, _) = await TokenAsync(http, emu, form);
        Assert.Equal(HttpStatusCode.OK, inTime);

        form["code"] = await AuthorizeAsync(http, emu, redirect, challenge, "s4");
        clock.Advance(TimeSpan.FromSeconds(60));
        var (late, lateJson, _) = await TokenAsync(http, emu, form);
        Assert.Equal(HttpStatusCode.BadRequest, late);
        Assert.Equal("invalid_grant", lateJson.GetProperty("error").GetString());
        Assert.Contains("expired", lateJson.GetProperty("error_description").GetString());

        var st = emu.GetStats();
        Assert.Equal(2, st.Grants("authorization_code"));
        Assert.Equal(3, st.GrantFailures("authorization_code"));
        Assert.Equal(4, st.Requests("GET /auth/authorize", 302));
    }

    [Fact]
    public async Task Authorize_without_pkce_redirects_with_an_error()
    {
        await using var emu = await StartAsync();
        using var http = Client(allowRedirect: false);
        using var r = await http.GetAsync(new Uri(emu.IssuerUri, $"auth/authorize?client_id={Enc(emu.Options.ClientId)}&redirect_uri={Enc("http://127.0.0.1:1/cb")}&response_type=code&state=x"));
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Contains("error=invalid_request", r.Headers.Location!.Query);
        Assert.Contains("state=x", r.Headers.Location!.Query);
    }

    [Fact]
    public async Task Jwks_publishes_the_key_that_verifies_access_tokens()
    {
        await using var emu = await StartAsync();
        using var http = Client();
        var token = await AccessTokenAsync(http, emu);
        var jwks = await JsonAsync(await http.GetAsync(new Uri(emu.IssuerUri, "auth/jwks")));
        var key = jwks.GetProperty("keys")[0];
        Assert.Equal("RS256", key.GetProperty("alg").GetString());
        using var rsa = RSA.Create(new RSAParameters { Modulus = B64(key.GetProperty("n").GetString()!), Exponent = B64(key.GetProperty("e").GetString()!) });
        var parts = token.Split('.');
        Assert.True(rsa.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), B64(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        var header = JwtPayload("x." + parts[0] + ".y");
        Assert.Equal("RS256", header.GetProperty("alg").GetString());
        Assert.Equal(key.GetProperty("kid").GetString(), header.GetProperty("kid").GetString());
    }

    internal static async Task<string> AuthorizeAsync(HttpClient http, CXoneEmulator emu, string redirect, string challenge, string state)
    {
        var url = $"auth/authorize?client_id={Enc(emu.Options.ClientId)}&redirect_uri={Enc(redirect)}&response_type=code&scope=openid&state={Enc(state)}&code_challenge={challenge}&code_challenge_method=S256";
        using var r = await http.GetAsync(new Uri(emu.IssuerUri, url));
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var loc = r.Headers.Location!;
        Assert.StartsWith(redirect + "?", loc.ToString());
        var q = System.Web.HttpUtility.ParseQueryString(loc.Query);
        Assert.Equal(state, q["state"]);
        return q["code"]!;
    }

    private static byte[] B64(string s)
    {
        s = s.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + (4 - s.Length % 4) % 4, '='));
    }
}

/// <summary>The rest of the OIDC document's endpoints answer too.</summary>
public sealed class IssuerExtrasTests
{
    [Fact]
    public async Task Userinfo_needs_a_valid_token()
    {
        await using var emu = await StartAsync();
        using var http = Client();
        using (var anon = await GetAsync(http, new Uri(emu.IssuerUri, "auth/userinfo"), null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anon.StatusCode);
        }

        using var r = await GetAsync(http, new Uri(emu.IssuerUri, "auth/userinfo"), await AccessTokenAsync(http, emu));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("user:" + emu.Options.UserId, (await JsonAsync(r)).GetProperty("sub").GetString());
    }
}
