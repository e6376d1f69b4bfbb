using System;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;

namespace CXone.Emulator;

/// <summary>Issues and checks RS256 JWTs (hand-built), refresh tokens (rotating) and authorization codes.</summary>
internal sealed class TokenService : IDisposable
{
    private readonly EmulatorOptions _o;
    /// <summary>
    /// One 2048-bit key pair per process, made when the first emulator starts: generating one costs 0.3-0.9 s of
    /// CPU on the shared test machine, which every test would pay. Each instance imports it into its own RSA object
    /// and signs under its own random <c>kid</c>; tokens whose <c>kid</c> is not this instance's are refused, so a
    /// token from another emulator instance still gets 401.
    /// </summary>
    private static readonly Lazy<RSAParameters> ProcessKey = new(() =>
    {
        using var rsa = RSA.Create(2048);
        return rsa.ExportParameters(true);
    });

    private readonly Lazy<RSA> _rsaLazy = new(() => RSA.Create(ProcessKey.Value));
    private readonly object _rsaGate = new();
    private readonly string _kid;
    private readonly ConcurrentDictionary<string, RefreshRecord> _refresh = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CodeRecord> _codes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, OpaqueRecord> _opaque = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, OpaqueRecord> _opaqueRefresh = new(StringComparer.Ordinal);
    private long _seq;
    private long _revokedBelow;

    public TokenService(EmulatorOptions o)
    {
        _o = o;
        _kid = Base64Url(RandomNumberGenerator.GetBytes(9));
    }

    private TimeProvider Clock => _o.TimeProvider;

    /// <summary>Starts making the process key in the background, so that start-up does not wait for it (the first token does).</summary>
    public static void WarmUp()
    {
        if (!ProcessKey.IsValueCreated)
        {
            _ = System.Threading.Tasks.Task.Run(() => ProcessKey.Value);
        }
    }

    public string Issuer { get; set; } = "";

    public void RevokeAll() => Interlocked.Exchange(ref _revokedBelow, Interlocked.Read(ref _seq) + 1);

    public void ClearRevocations() => Interlocked.Exchange(ref _revokedBelow, 0);

    public JsonObject Jwks()
    {
        var p = ProcessKey.Value;
        return new JsonObject
        {
            ["keys"] = new JsonArray(new JsonObject
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["alg"] = "RS256",
                ["kid"] = _kid,
                ["n"] = Base64Url(p.Modulus!),
                ["e"] = Base64Url(p.Exponent!),
            }),
        };
    }

    /// <summary>Issues an access token (and refresh + id token when <paramref name="withRefresh"/>) as the token endpoint's JSON.</summary>
    public JsonObject Issue(string clientId, bool withRefresh)
    {
        var now = Clock.GetUtcNow();
        var seq = Interlocked.Increment(ref _seq);
        var iat = now.ToUnixTimeSeconds();
        var access = new JsonObject
        {
            ["tenantId"] = _o.TenantId,
            ["sub"] = "user:" + _o.UserId,
            ["iss"] = _o.AccessTokenIssuerClaim ?? Issuer,
            ["aud"] = "impersonation",
            ["exp"] = iat + (long)_o.AccessTokenLifetime.TotalSeconds,
            ["iat"] = iat,
            ["icBUId"] = _o.BusinessUnitId,
            ["icClusterId"] = _o.Cluster,
            ["icAgentId"] = _o.AgentId,
            ["tenant"] = _o.TenantName,
            ["name"] = _o.UserDisplayName,
            ["role"] = _o.Role,
            ["jti"] = "a-" + seq,
        };
        var result = new JsonObject
        {
            ["access_token"] = Sign(access),
            ["token_type"] = "Bearer",
            ["expires_in"] = (long)_o.AccessTokenLifetime.TotalSeconds,
        };
        if (withRefresh)
        {
            var refresh = Sign(new JsonObject
            {
                ["sub"] = "user:" + _o.UserId,
                ["iss"] = Issuer,
                ["exp"] = iat + (long)_o.RefreshTokenLifetime.TotalSeconds,
                ["iat"] = iat,
                ["jti"] = "r-" + seq,
            });
            _refresh[refresh] = new RefreshRecord(clientId, seq, now + _o.RefreshTokenLifetime);
            result["refresh_token"] = refresh;
            result["id_token"] = Sign(new JsonObject
            {
                ["sub"] = "user:" + _o.UserId,
                ["iss"] = Issuer,
                ["aud"] = clientId,
                ["exp"] = iat + (long)_o.AccessTokenLifetime.TotalSeconds,
                ["iat"] = iat,
                ["name"] = _o.UserDisplayName,
                ["tenantId"] = _o.TenantId,
            });
        }

        result["issued_token_type"] = "urn:ietf:params:oauth:token-type:access_token";
        return result;
    }

    /// <summary>Issues a Genesys-shaped opaque access token (and refresh token when <paramref name="withRefresh"/>).</summary>
    public JsonObject IssueOpaque(bool withRefresh)
    {
        var now = Clock.GetUtcNow();
        var seq = Interlocked.Increment(ref _seq);
        var token = Base64Url(RandomNumberGenerator.GetBytes(30));
        _opaque[token] = new OpaqueRecord(seq, now + _o.GenesysTokenLifetime);
        var result = new JsonObject
        {
            ["access_token"] = token,
            ["token_type"] = "bearer",
            ["expires_in"] = (long)_o.GenesysTokenLifetime.TotalSeconds,
        };
        if (withRefresh)
        {
            var refresh = Base64Url(RandomNumberGenerator.GetBytes(30));
            _opaqueRefresh[refresh] = new OpaqueRecord(seq, now + _o.RefreshTokenLifetime);
            result["refresh_token"] = refresh;
        }

        return result;
    }

    /// <summary>Checks an opaque access token: known, not expired, not revoked.</summary>
    public bool TryValidateOpaque(string token, out string reason)
    {
        reason = !_opaque.TryGetValue(token, out var rec) ? "unknown token"
            : rec.Seq < Interlocked.Read(ref _revokedBelow) ? "token revoked"
            : Clock.GetUtcNow() >= rec.ExpiresAt ? "token expired"
            : "";
        return reason.Length == 0;
    }

    /// <summary>Uses an opaque refresh token once. Returns null when valid, else the invalid_grant description.</summary>
    public string? RedeemOpaqueRefresh(string token) =>
        !_opaqueRefresh.TryRemove(token, out var rec) ? "The refresh token is invalid or was already used."
        : rec.Seq < Interlocked.Read(ref _revokedBelow) ? "The refresh token was revoked."
        : Clock.GetUtcNow() >= rec.ExpiresAt ? "The refresh token has expired."
        : null;

    /// <summary>Uses (and so consumes) a refresh token. Returns null when valid, else the invalid_grant description.</summary>
    public string? RedeemRefresh(string token, string? clientId)
    {
        if (!_refresh.TryRemove(token, out var rec))
        {
            return "The refresh token is invalid or was already used.";
        }

        if (rec.Seq < Interlocked.Read(ref _revokedBelow))
        {
            return "The refresh token was revoked.";
        }

        if (Clock.GetUtcNow() >= rec.ExpiresAt)
        {
            return "The refresh token has expired.";
        }

        if (clientId != null && !string.Equals(clientId, rec.ClientId, StringComparison.Ordinal))
        {
            _refresh[token] = rec; // not consumed by a wrong client
            return "The refresh token was issued to another client.";
        }

        return null;
    }

    public string? RefreshClient(string token) => _refresh.TryGetValue(token, out var r) ? r.ClientId : null;

    public string NewCode(string clientId, string redirectUri, string challenge)
    {
        var code = Base64Url(RandomNumberGenerator.GetBytes(24));
        _codes[code] = new CodeRecord(clientId, redirectUri, challenge, Clock.GetUtcNow() + _o.AuthorizationCodeLifetime);
        return code;
    }

    /// <summary>Redeems a code once. Returns null when valid, else the invalid_grant description.</summary>
    public string? RedeemCode(string code, string? clientId, string? redirectUri, string? verifier)
    {
        if (!_codes.TryRemove(code, out var rec))
        {
            return "The authorization code is invalid or was already used.";
        }

        if (Clock.GetUtcNow() >= rec.ExpiresAt)
        {
            return "The authorization code has expired.";
        }

        if (clientId != null && clientId != rec.ClientId)
        {
            return "The authorization code was issued to another client.";
        }

        if (redirectUri != rec.RedirectUri)
        {
            return "redirect_uri does not match the authorization request.";
        }

        if (string.IsNullOrEmpty(verifier))
        {
            return "code_verifier is required.";
        }

        var computed = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(computed), Encoding.ASCII.GetBytes(rec.Challenge)))
        {
            return "PKCE verification failed: code_verifier does not match code_challenge.";
        }

        return null;
    }

    public string? CodeClient(string code) => _codes.TryGetValue(code, out var r) ? r.ClientId : null;

    /// <summary>Checks a bearer access token: signature, shape, expiry, revocation. Returns the tenant id or null.</summary>
    public bool TryValidateAccess(string token, out string tenantId, out string reason)
    {
        tenantId = "";
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            reason = "malformed token";
            return false;
        }

        JsonElement payload;
        try
        {
            var header = JsonDocument.Parse(FromBase64Url(parts[0])).RootElement;
            if (!header.TryGetProperty("alg", out var alg) || alg.GetString() != "RS256")
            {
                reason = "unsupported alg";
                return false;
            }

            if (!header.TryGetProperty("kid", out var kid) || kid.GetString() != _kid)
            {
                reason = "unknown signing key";
                return false;
            }

            var sig = FromBase64Url(parts[2]);
            bool valid;
            lock (_rsaGate)
            {
                valid = _rsaLazy.Value.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), sig, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            }

            if (!valid)
            {
                reason = "invalid signature";
                return false;
            }

            payload = JsonDocument.Parse(FromBase64Url(parts[1])).RootElement;
        }
        catch (Exception e) when (e is FormatException or JsonException or CryptographicException or ArgumentException)
        {
            reason = "malformed token";
            return false;
        }

        if (!payload.TryGetProperty("jti", out var jti) || jti.GetString() is not { } j || !j.StartsWith("a-", StringComparison.Ordinal)
            || !long.TryParse(j.AsSpan(2), out var seq) || !payload.TryGetProperty("exp", out var exp) || !payload.TryGetProperty("tenantId", out var t))
        {
            reason = "not an access token";
            return false;
        }

        if (seq < Interlocked.Read(ref _revokedBelow))
        {
            reason = "token revoked";
            return false;
        }

        if (Clock.GetUtcNow().ToUnixTimeSeconds() >= exp.GetInt64())
        {
            reason = "token expired";
            return false;
        }

        tenantId = t.GetString() ?? "";
        reason = "";
        return true;
    }

    private string Sign(JsonObject payload)
    {
        var header = new JsonObject { ["alg"] = "RS256", ["typ"] = "JWT", ["kid"] = _kid };
        var signingInput = Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + Base64Url(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        byte[] sig;
        lock (_rsaGate)
        {
            sig = _rsaLazy.Value.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }

        return signingInput + "." + Base64Url(sig);
    }

    internal static string Base64Url(byte[] b) => Convert.ToBase64String(b).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    internal static byte[] FromBase64Url(string s)
    {
        s = s.Replace('-', '+').Replace('_', '/');
        s = (s.Length % 4) switch { 2 => s + "==", 3 => s + "=", 0 => s, _ => throw new FormatException("bad base64url") };
        return Convert.FromBase64String(s);
    }

    public void Dispose()
    {
        if (_rsaLazy.IsValueCreated)
        {
            _rsaLazy.Value.Dispose();
        }
    }

    private sealed record OpaqueRecord(long Seq, DateTimeOffset ExpiresAt);

    private sealed record RefreshRecord(string ClientId, long Seq, DateTimeOffset ExpiresAt);

    private sealed record CodeRecord(string ClientId, string RedirectUri, string Challenge, DateTimeOffset ExpiresAt);
}
