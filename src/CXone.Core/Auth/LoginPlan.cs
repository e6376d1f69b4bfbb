using System;
using System.Collections.Generic;
using System.Linq;
using CXone.Core.Diagnostics;
using CXone.Core.Errors;

namespace CXone.Core.Auth
{
    /// <summary>
    /// What a connect will do, decided from the options before any request: which login (docs/cxone-api.md sections 2,
    /// 6 and 9), which token endpoint (or discovery), which authorize and API endpoints were fixed, and which scopes.
    /// Every refusal of the options happens here, so a bad combination never reaches the network.
    /// </summary>
    internal sealed class LoginPlan
    {
        private LoginPlan(CXoneCredential credential, Uri issuer)
        {
            Credential = credential;
            Issuer = issuer;
        }

        public CXoneCredential Credential { get; }

        public CXoneLogin Login { get; private set; }

        /// <summary>The issuer discovery (OIDC document, cxone-configuration) starts from, with a trailing slash.</summary>
        public Uri Issuer { get; private set; }

        /// <summary>The token endpoint when it is known without discovery; null means the OIDC document names it.</summary>
        public Uri? TokenEndpoint { get; private set; }

        /// <summary>The authorize endpoint when it is known without discovery.</summary>
        public Uri? AuthorizationEndpoint { get; private set; }

        /// <summary>The API endpoint when it is known without discovery (override or Genesys Cloud).</summary>
        public Uri? ApiEndpoint { get; private set; }

        /// <summary>True for Genesys Cloud: no tenant discovery, no CXone connection check.</summary>
        public bool IsGenesysCloud { get; private set; }

        /// <summary>The scopes the user asked for, or null (the grants then send none; the authorize URL asks for <c>openid</c>).</summary>
        public IReadOnlyList<string>? Scopes { get; private set; }

        /// <summary>The <c>prompt</c> of the authorize URL: the user's, else <c>consent</c> when <c>offline_access</c> is asked for (OpenID Connect Core section 11).</summary>
        public string? Prompt { get; private set; }

        /// <summary>Decides the login from <paramref name="o"/> (already cloned).</summary>
        /// <exception cref="CXoneException">InvalidArgument (no credential, missing client, insecure URI, unknown region, bad area),
        /// AreaRequired, InteractiveLoginUnavailable.</exception>
        public static LoginPlan Create(CXoneSessionOptions o)
        {
            var credential = o.Credential ?? throw new CXoneException(
                CXoneErrorKind.InvalidArgument,
                "No credential was given for the CXone session.",
                "Pass an access key (UserHubAccessKeyCredential or AccessKeyCredential), a username and password, a browser login, a refresh token or an access token.");
            var plan = new LoginPlan(credential, Discovery.WithTrailingSlash(Discovery.RequireSecure(o.ResolveIssuer(), "issuer")));
            plan.TokenEndpoint = o.TokenEndpoint is null ? null : Discovery.RequireSecure(o.TokenEndpoint, "token endpoint override");
            plan.ApiEndpoint = o.ApiEndpoint is null ? null : Discovery.WithTrailingSlash(Discovery.RequireSecure(o.ApiEndpoint, "API endpoint override"));
            plan.Scopes = o.Scopes is null || o.Scopes.Count == 0 ? null : o.Scopes.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim()).ToArray();
            plan.Prompt = !string.IsNullOrWhiteSpace(o.Prompt) ? o.Prompt!.Trim()
                : plan.Scopes != null && plan.Scopes.Contains("offline_access", StringComparer.Ordinal) ? "consent" : null;
            Redactor.AddSecret(o.ClientSecret);
            if (!string.IsNullOrWhiteSpace(o.GenesysCloudRegion))
            {
                plan.ForGenesysCloud(o);
            }
            else if (credential is UserHubAccessKeyCredential)
            {
                plan.Login = CXoneLogin.UserHubAccessKey;
                plan.TokenEndpoint ??= UserHubAccessKeyCredential.ResolveEndpoint(o.AuthEndpoint, o.Area);
            }
            else
            {
                plan.Login = LoginOf(credential);
                RequireClient(o, credential);
            }

            if (credential is AuthorizationCodeCredential code)
            {
                LoopbackAuthorization.EnsureInteractive(code.Options);
            }

            return plan;
        }

        /// <summary>The scope text of the authorize URL: the user's scopes, or <c>openid</c>.</summary>
        public string AuthorizeScope => Scopes is null ? "openid" : string.Join(" ", Scopes);

        private void ForGenesysCloud(CXoneSessionOptions o)
        {
            var host = GenesysCloudRegions.ResolveHost(o.GenesysCloudRegion!);
            IsGenesysCloud = true;
            TokenEndpoint ??= GenesysCloudRegions.TokenEndpoint(host);
            ApiEndpoint ??= GenesysCloudRegions.ApiEndpoint(host);

            // https://login.{host}/oauth/token -> https://login.{host}/oauth/authorize (docs/cxone-api.md section 9).
            AuthorizationEndpoint = new Uri(TokenEndpoint, "authorize");
            Issuer = Discovery.WithTrailingSlash(new Uri(TokenEndpoint.GetLeftPart(UriPartial.Authority)));
            switch (Credential)
            {
                case ClientCredentialsCredential _:
                    Login = CXoneLogin.GenesysCloudClientCredentials;
                    break;
                case AuthorizationCodeCredential _:
                    Login = CXoneLogin.GenesysCloudAuthorizationCode;
                    break;
                default:
                    throw new CXoneException(
                        CXoneErrorKind.InvalidArgument,
                        "A Genesys Cloud login is client credentials or a browser login; a " + Credential.Kind + " credential cannot be used there.",
                        "Use Connect-CXone -GenesysCloudRegion <region> -ClientCredentialsGrant -ClientId <id> -ClientSecret <secret>, or -Interactive -ClientId <id>.");
            }

            RequireClient(o, Credential);
        }

        private static CXoneLogin LoginOf(CXoneCredential credential)
        {
            switch (credential)
            {
                case ClientCredentialsCredential _: return CXoneLogin.ClientCredentials;
                case AuthorizationCodeCredential _: return CXoneLogin.AuthorizationCode;
                case RefreshTokenCredential _: return CXoneLogin.RefreshToken;
                case StaticAccessTokenCredential _: return CXoneLogin.AccessToken;
                default: return CXoneLogin.PasswordGrant;
            }
        }

        private static void RequireClient(CXoneSessionOptions o, CXoneCredential credential)
        {
            if (credential is StaticAccessTokenCredential)
            {
                return;
            }

            if (string.IsNullOrEmpty(o.ClientId))
            {
                throw new CXoneException(
                    CXoneErrorKind.InvalidArgument,
                    "No client id was given; the " + credential.Kind + " login needs the app registration's client id.",
                    credential is AccessKeyCredential
                        ? "Pass the client id (and client secret) of the CXone app registration, or log in with the access key alone (UserHubAccessKeyCredential; Connect-CXone -AccessKeyId -AccessKeySecret -Area)."
                        : "Pass the client id (and client secret) of the CXone app registration.");
            }

            if (credential.CanReauthenticateSilently && string.IsNullOrEmpty(o.ClientSecret))
            {
                throw new CXoneException(
                    CXoneErrorKind.InvalidArgument,
                    "No client secret was given; the " + credential.Kind + " login needs the app registration's client secret.",
                    "Pass the client secret of the app registration.");
            }
        }
    }
}
