using System;
using System.Linq;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace CXone.Emulator;

public sealed partial class CXoneEmulator
{
    private string IssuerText => IssuerUri.ToString().TrimEnd('/');

    private Task Discovery(HttpContext ctx)
    {
        var iss = IssuerText;
        var grants = new JsonArray("authorization_code", "password", "refresh_token");
        if (Options.AllowClientCredentials)
        {
            grants.Add("client_credentials");
        }

        return WriteJson(ctx, 200, new JsonObject
        {
            ["issuer"] = iss,
            ["authorization_endpoint"] = iss + "/auth/authorize",
            ["token_endpoint"] = iss + "/auth/token",
            ["userinfo_endpoint"] = iss + "/auth/userinfo",
            ["jwks_uri"] = iss + "/auth/jwks",
            ["end_session_endpoint"] = iss + "/auth/logout",
            ["token_endpoint_auth_methods_supported"] = new JsonArray(Options.ClientAuthMethodsAdvertised.Select(m => (JsonNode)m!).ToArray()),
            ["scopes_supported"] = new JsonArray("openid"),
            ["response_types_supported"] = new JsonArray("code"),
            ["grant_types_supported"] = grants,
            ["subject_types_supported"] = new JsonArray("public"),
            ["code_challenge_methods_supported"] = new JsonArray("S256"),
            ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
        });
    }

    private Task UserInfo(HttpContext ctx)
    {
        if (!CheckBearer(ctx, out _, out var reason))
        {
            ctx.Response.Headers.WWWAuthenticate = $"Bearer error=\"invalid_token\", error_description=\"{reason}\"";
            return WriteJson(ctx, 401, new JsonObject { ["error"] = "invalid_token", ["error_description"] = reason });
        }

        return WriteJson(ctx, 200, new JsonObject
        {
            ["sub"] = "user:" + Options.UserId,
            ["name"] = Options.UserDisplayName,
            ["tenantId"] = Options.TenantId,
            ["icAgentId"] = Options.AgentId,
        });
    }

    /// <summary>Forgets nothing (CXone has no revocation endpoint): redirects to <c>post_logout_redirect_uri</c> or answers 200.</summary>
    private Task Logout(HttpContext ctx)
    {
        if (Query(ctx, "post_logout_redirect_uri") is { } back && Uri.TryCreate(back, UriKind.Absolute, out _))
        {
            ctx.Response.Redirect(back);
            return Task.CompletedTask;
        }

        return WriteText(ctx, 200, "text/html", "<html><body>Signed out.</body></html>");
    }

    private Task CXoneConfiguration(HttpContext ctx)
    {
        var tenantId = Query(ctx, "tenantId");
        if (tenantId == null)
        {
            return WriteJson(ctx, 400, new JsonObject { ["error"] = "invalid_request", ["message"] = "tenantId is required." });
        }

        if (!string.Equals(tenantId, Options.TenantId, StringComparison.OrdinalIgnoreCase))
        {
            return WriteJson(ctx, 404, new JsonObject { ["error"] = "not_found", ["message"] = "Unknown tenant." });
        }

        return WriteJson(ctx, 200, new JsonObject
        {
            ["private"] = false,
            ["area"] = Options.Area,
            ["cluster"] = Options.Cluster,
            ["domain"] = "127.0.0.1",
            ["acdDomain"] = "127.0.0.1",
            ["uhDomain"] = "127.0.0.1",
            ["ui_endpoint"] = IssuerText,
            ["auth_endpoint"] = IssuerText,
            ["api_endpoint"] = ApiBaseUri.ToString().TrimEnd('/'),
            ["tenantId"] = Options.TenantId,
        });
    }

    private Task Authorize(HttpContext ctx)
    {
        var clientId = Query(ctx, "client_id");
        var redirect = Query(ctx, "redirect_uri");
        if (clientId == null || FindClient(clientId) == null || redirect == null || !Uri.TryCreate(redirect, UriKind.Absolute, out _))
        {
            return WriteText(ctx, 400, "text/html", "<html><body><h1>Invalid request</h1><p>Unknown client_id or missing redirect_uri.</p></body></html>");
        }

        var state = Query(ctx, "state");
        string error;
        if (Query(ctx, "response_type") != "code")
        {
            error = "unsupported_response_type";
        }
        else if (Query(ctx, "code_challenge") is not { } challenge || Query(ctx, "code_challenge_method") != "S256")
        {
            error = "invalid_request";
        }
        else
        {
            var code = _tokens.NewCode(clientId, redirect, challenge);
            ctx.Response.Redirect(AppendQuery(redirect, "code", code, state));
            return Task.CompletedTask;
        }

        ctx.Response.Redirect(AppendQuery(redirect, "error", error, state));
        return Task.CompletedTask;
    }

    private static string AppendQuery(string uri, string name, string value, string? state)
    {
        var sb = new StringBuilder(uri).Append(uri.Contains('?', StringComparison.Ordinal) ? '&' : '?')
            .Append(name).Append('=').Append(Uri.EscapeDataString(value));
        if (state != null)
        {
            sb.Append("&state=").Append(Uri.EscapeDataString(state));
        }

        return sb.ToString();
    }

    private EmulatorClient? FindClient(string clientId) =>
        Options.AllClients().FirstOrDefault(c => string.Equals(c.ClientId, clientId, StringComparison.Ordinal));

    private async Task Token(HttpContext ctx)
    {
        ctx.Response.Headers.CacheControl = "no-store";
        if (!ctx.Request.HasFormContentType || ctx.Request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) != true)
        {
            await WriteOAuthError(ctx, 400, "invalid_request", "Content-Type must be application/x-www-form-urlencoded.").ConfigureAwait(false);
            return;
        }

        var form = await ctx.Request.ReadFormAsync(ctx.RequestAborted).ConfigureAwait(false);
        string? F(string n) => form.TryGetValue(n, out var v) && v.Count > 0 && !string.IsNullOrEmpty(v[0]) ? v[0] : null;
        var grant = F("grant_type");
        if (grant == null)
        {
            await WriteOAuthError(ctx, 400, "invalid_request", "grant_type is required.").ConfigureAwait(false);
            return;
        }

        // Client authentication: HTTP Basic (urlencoded id:secret) or client_id/client_secret in the body.
        string? clientId = null;
        string? secret = null;
        ClientAuthMethods used = ClientAuthMethods.None;
        var auth = ctx.Request.Headers.Authorization.ToString();
        if (auth.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(auth.Substring(6).Trim()));
            }
            catch (FormatException)
            {
                await Fail(ctx, grant, 401, "invalid_client", "Malformed Basic credentials.").ConfigureAwait(false);
                return;
            }

            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                await Fail(ctx, grant, 401, "invalid_client", "Malformed Basic credentials.").ConfigureAwait(false);
                return;
            }

            clientId = WebUtility.UrlDecode(decoded.Substring(0, colon));
            secret = WebUtility.UrlDecode(decoded.Substring(colon + 1));
            used = ClientAuthMethods.Basic;
            if (F("client_id") is { } bodyId && bodyId != clientId)
            {
                await Fail(ctx, grant, 400, "invalid_request", "client_id in the body differs from the Basic credentials.").ConfigureAwait(false);
                return;
            }
        }
        else
        {
            clientId = F("client_id");
            secret = F("client_secret");
            if (secret != null)
            {
                used = ClientAuthMethods.Post;
            }
        }

        if (clientId == null)
        {
            await Fail(ctx, grant, 401, "invalid_client", "Client authentication is required.").ConfigureAwait(false);
            return;
        }

        var client = FindClient(clientId);
        if (client == null)
        {
            await Fail(ctx, grant, 401, "invalid_client", "Unknown client.").ConfigureAwait(false);
            return;
        }

        if (used != ClientAuthMethods.None)
        {
            if ((client.AuthMethods & used) == 0)
            {
                await Fail(ctx, grant, 401, "invalid_client", used == ClientAuthMethods.Basic
                    ? "This client must authenticate with client_secret_post."
                    : "This client must authenticate with client_secret_basic.").ConfigureAwait(false);
                return;
            }

            if (!string.Equals(secret, client.ClientSecret, StringComparison.Ordinal))
            {
                await Fail(ctx, grant, 401, "invalid_client", "Client authentication failed.").ConfigureAwait(false);
                return;
            }
        }

        var confidential = used != ClientAuthMethods.None;
        switch (grant)
        {
            case "password":
            {
                if (!confidential)
                {
                    await Fail(ctx, grant, 401, "invalid_client", "Client authentication is required for the password grant.").ConfigureAwait(false);
                    return;
                }

                var user = F("username");
                var pass = F("password");
                var ok = (user == Options.AccessKeyId && pass == Options.AccessKeySecret) || (user == Options.Username && pass == Options.Password);
                if (!ok)
                {
                    await Fail(ctx, grant, 400, "invalid_grant", "Invalid username or password.").ConfigureAwait(false);
                    return;
                }

                break;
            }

            case "refresh_token":
            {
                var rt = F("refresh_token");
                var problem = rt == null ? "refresh_token is required." : _tokens.RedeemRefresh(rt, clientId);
                if (problem != null)
                {
                    await Fail(ctx, grant, 400, "invalid_grant", problem).ConfigureAwait(false);
                    return;
                }

                break;
            }

            case "authorization_code":
            {
                var code = F("code");
                var problem = code == null ? "code is required." : _tokens.RedeemCode(code, clientId, F("redirect_uri"), F("code_verifier"));
                if (problem != null)
                {
                    await Fail(ctx, grant, 400, "invalid_grant", problem).ConfigureAwait(false);
                    return;
                }

                break;
            }

            case "client_credentials":
                if (!Options.AllowClientCredentials)
                {
                    await Fail(ctx, grant, 400, "unsupported_grant_type", "The client_credentials grant is not supported.").ConfigureAwait(false);
                    return;
                }

                if (!confidential)
                {
                    await Fail(ctx, grant, 401, "invalid_client", "Client authentication is required for the client_credentials grant.").ConfigureAwait(false);
                    return;
                }

                _stats.Grant(grant);
                await WriteJson(ctx, 200, _tokens.Issue(clientId, withRefresh: false)).ConfigureAwait(false);
                return;
            default:
                await Fail(ctx, grant, 400, "unsupported_grant_type", "Unsupported grant_type.").ConfigureAwait(false);
                return;
        }

        _stats.Grant(grant);
        await WriteJson(ctx, 200, _tokens.Issue(clientId, withRefresh: true)).ConfigureAwait(false);
    }

    private Task Fail(HttpContext ctx, string grant, int status, string error, string description)
    {
        _stats.GrantFailure(grant);
        return WriteOAuthError(ctx, status, error, description);
    }
}
