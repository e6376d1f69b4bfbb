using System;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace CXone.Emulator;

/// <summary>
/// The logins without an app registration and of the second platform (docs/cxone-api.md sections 6 and 9): the UserHub
/// access-key route, and a Genesys Cloud-shaped token endpoint with an <c>api/v2</c> route.
/// </summary>
public sealed partial class CXoneEmulator
{
    /// <summary><c>POST /authentication/v1/token/access-key</c>: JSON <c>{accessKeyId, accessKeySecret}</c>, no client; 401 for a wrong key.</summary>
    private async Task AccessKeyLogin(HttpContext ctx)
    {
        ctx.Response.Headers.CacheControl = "no-store";
        string? id = null;
        string? secret = null;
        try
        {
            using var doc = await JsonDocument.ParseAsync(ctx.Request.Body, cancellationToken: ctx.RequestAborted).ConfigureAwait(false);
            if (doc.RootElement.ValueKind == JsonValueKind.Object)
            {
                id = doc.RootElement.TryGetProperty("accessKeyId", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString() : null;
                secret = doc.RootElement.TryGetProperty("accessKeySecret", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            }
        }
        catch (JsonException)
        {
        }

        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(secret))
        {
            await Fail(ctx, AccessKeyGrant, 400, "invalid_request", "A JSON body with accessKeyId and accessKeySecret is required.").ConfigureAwait(false);
            return;
        }

        if (id != Options.AccessKeyId || secret != Options.AccessKeySecret)
        {
            await Fail(ctx, AccessKeyGrant, 401, "invalid_grant", "The access key is invalid.").ConfigureAwait(false);
            return;
        }

        _stats.Grant(AccessKeyGrant);
        var issued = _tokens.Issue(Options.ClientId, withRefresh: true);
        if (Options.AccessKeyAnswer == AccessKeyAnswerSpelling.UserHub)
        {
            // The older UserHub spelling (docs/cxone-api.md section 6 [?]).
            issued = new JsonObject
            {
                ["token"] = issued["access_token"]!.GetValue<string>(),
                ["tokenExpirationTimeSec"] = issued["expires_in"]!.GetValue<long>(),
                ["refreshToken"] = issued["refresh_token"]!.GetValue<string>(),
                ["refreshTokenExpirationTimeSec"] = (long)Options.RefreshTokenLifetime.TotalSeconds,
            };
        }

        await WriteJson(ctx, 200, issued).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>POST /oauth/token</c> as Genesys Cloud answers it: HTTP Basic client authentication only; client credentials
    /// (no refresh token), authorization code with PKCE and refresh token; opaque tokens living
    /// <see cref="EmulatorOptions.GenesysTokenLifetime"/>.
    /// </summary>
    private async Task GenesysToken(HttpContext ctx)
    {
        ctx.Response.Headers.CacheControl = "no-store";
        if (!ctx.Request.HasFormContentType)
        {
            await WriteOAuthError(ctx, 400, "invalid_request", "Content-Type must be application/x-www-form-urlencoded.").ConfigureAwait(false);
            return;
        }

        var form = await ctx.Request.ReadFormAsync(ctx.RequestAborted).ConfigureAwait(false);
        string? F(string n) => form.TryGetValue(n, out var v) && v.Count > 0 && !string.IsNullOrEmpty(v[0]) ? v[0] : null;
        var grant = F("grant_type") ?? "(none)";
        var clientId = BasicClient(ctx);
        if (clientId is null)
        {
            await Fail(ctx, grant, 401, "invalid_client", "HTTP Basic client authentication is required and must be right.").ConfigureAwait(false);
            return;
        }

        string? problem = grant switch
        {
            "client_credentials" => null,
            "authorization_code" => F("code") is { } code ? _tokens.RedeemCode(code, clientId, F("redirect_uri"), F("code_verifier")) : "code is required.",
            "refresh_token" => F("refresh_token") is { } rt ? _tokens.RedeemOpaqueRefresh(rt) : "refresh_token is required.",
            _ => "unsupported",
        };
        if (problem == "unsupported")
        {
            await Fail(ctx, grant, 400, "unsupported_grant_type", "Unsupported grant_type.").ConfigureAwait(false);
            return;
        }

        if (problem != null)
        {
            await Fail(ctx, grant, 400, "invalid_grant", problem).ConfigureAwait(false);
            return;
        }

        _stats.Grant(grant);
        await WriteJson(ctx, 200, _tokens.IssueOpaque(withRefresh: grant != "client_credentials")).ConfigureAwait(false);
    }

    /// <summary><c>GET /api/v2/organizations/me</c>: the organization of a Genesys-shaped bearer token.</summary>
    private Task GenesysOrganization(HttpContext ctx)
    {
        var auth = ctx.Request.Headers.Authorization.ToString();
        if (!auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || !_tokens.TryValidateOpaque(auth.Substring(7).Trim(), out var reason))
        {
            return WriteJson(ctx, 401, new JsonObject { ["message"] = "Invalid login credentials.", ["code"] = "bad.credentials", ["status"] = 401 });
        }

        return WriteJson(ctx, 200, new JsonObject { ["id"] = Options.TenantId, ["name"] = Options.TenantName, ["state"] = "active" });
    }

    /// <summary>The client id of right Basic credentials, else null.</summary>
    private string? BasicClient(HttpContext ctx)
    {
        var auth = ctx.Request.Headers.Authorization.ToString();
        if (!auth.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(auth.Substring(6).Trim()));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                return null;
            }

            var id = WebUtility.UrlDecode(decoded.Substring(0, colon));
            var secret = WebUtility.UrlDecode(decoded.Substring(colon + 1));
            return FindClient(id) is { } client && client.ClientSecret == secret ? id : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private const string AccessKeyGrant = "access_key";
}
