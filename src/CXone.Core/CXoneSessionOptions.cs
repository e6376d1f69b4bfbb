using System;
using System.Collections;
using System.Collections.Generic;
using System.Net.Http;
using CXone.Core.Auth;
using CXone.Core.Errors;
using CXone.Core.Http;

namespace CXone.Core
{
    /// <summary>
    /// Everything <see cref="CXoneSession.ConnectAsync"/> needs: where to log in (issuer or environment, optional
    /// token endpoint and API endpoint overrides), the client registration, the credential, and the token cache,
    /// HTTP and clock settings. Only the issuer is needed for discovery (docs/cxone-api.md section 1).
    /// </summary>
    public sealed class CXoneSessionOptions
    {
        /// <summary>The issuer <c>https://cxone.niceincontact.com</c> (<see cref="CXoneEnvironment.Global"/>).</summary>
        public static readonly Uri GlobalIssuer = new Uri("https://cxone.niceincontact.com/");

        /// <summary>The issuer <c>https://cxone-gov.niceincontact.com</c> (<see cref="CXoneEnvironment.FedRAMP"/>).</summary>
        public static readonly Uri FedRampIssuer = new Uri("https://cxone-gov.niceincontact.com/");

        /// <summary>
        /// The issuer to discover from; wins over <see cref="Environment"/>. Must be an absolute https URI; http is
        /// accepted only for loopback hosts (127.0.0.1, ::1, localhost). Null means the environment's issuer.
        /// </summary>
        public Uri? Issuer { get; set; }

        /// <summary>The well-known environment used when <see cref="Issuer"/> is null (default <see cref="CXoneEnvironment.Global"/>).</summary>
        public CXoneEnvironment Environment { get; set; } = CXoneEnvironment.Global;

        /// <summary>Token endpoint override: when set, the OIDC document is not fetched (same https rule as <see cref="Issuer"/>).</summary>
        public Uri? TokenEndpoint { get; set; }

        /// <summary>API endpoint override (for example <c>https://api-na1.niceincontact.com</c>): when set,
        /// <c>cxone-configuration</c> is not fetched (same https rule as <see cref="Issuer"/>).</summary>
        public Uri? ApiEndpoint { get; set; }

        /// <summary>The client id of the app registration. Needed by every credential except <see cref="StaticAccessTokenCredential"/>.</summary>
        public string? ClientId { get; set; }

        /// <summary>The client secret of the app registration (secret: registered with the redactor on connect).
        /// Needed for access key, username + password and client credentials; optional for the code flow and a refresh token.</summary>
        public string? ClientSecret { get; set; }

        /// <summary>How the client authenticates to the token endpoint (default <see cref="ClientAuthenticationMethod.Auto"/>).</summary>
        public ClientAuthenticationMethod ClientAuthentication { get; set; } = ClientAuthenticationMethod.Auto;

        /// <summary>Where tokens come from. Required.</summary>
        public CXoneCredential? Credential { get; set; }

        /// <summary>
        /// How long before expiry the token cache renews (default 300 s). Never more than half the token's
        /// lifetime: a 3600 s token is renewed 300 s early, a 400 s token 200 s early. Zero renews at expiry.
        /// </summary>
        public TimeSpan RefreshAhead { get; set; } = TimeSpan.FromSeconds(300);

        /// <summary>
        /// After a failed refresh-ahead renewal while the current token is still valid, the wait before the next
        /// attempt (default 30 s; doubles after each further failure, never beyond the token's expiry).
        /// </summary>
        public TimeSpan RefreshRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>
        /// The most time one discovery or token request may take (null: <see cref="CXoneHttpOptions.AttemptTimeout"/>
        /// of <see cref="Http"/>). On expiry the call fails with <see cref="CXoneErrorKind.Timeout"/> naming the host.
        /// </summary>
        public TimeSpan? TokenRequestTimeout { get; set; }

        /// <summary>Retry and timeout settings of the session's HTTP pipeline (copied on connect).</summary>
        public CXoneHttpOptions Http { get; set; } = new CXoneHttpOptions();

        /// <summary>The clock for token expiry, refresh-ahead, backoff and timeouts (default <see cref="System.TimeProvider.System"/>).</summary>
        public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

        /// <summary>
        /// The innermost HTTP handler. Null (default) creates an <see cref="HttpClientHandler"/> (redirects not
        /// followed by it) that the session owns and disposes. A handler given here is shared by the session's clients
        /// and is not disposed by it; it must not follow redirects itself (<c>AllowAutoRedirect = false</c>): the
        /// session decides which to follow, and refuses an answer that such a handler fetched from another origin.
        /// </summary>
        public HttpMessageHandler? Transport { get; set; }

        /// <summary>
        /// The proxy for every request of the session (discovery, token, API, storage); null: the system proxy and,
        /// on PowerShell 7, <c>HTTPS_PROXY</c>/<c>NO_PROXY</c>. Applies only when <see cref="Transport"/> is null.
        /// </summary>
        public CXoneProxyOptions? Proxy { get; set; }

        /// <summary>Where discovery results are remembered (null: <see cref="CXoneDiscoveryCache.Shared"/>).</summary>
        public CXoneDiscoveryCache? DiscoveryCache { get; set; }

        /// <summary>A shallow copy (the credential, transport, clock and cache are shared; <see cref="Http"/> is cloned).</summary>
        /// <returns>The copy.</returns>
        public CXoneSessionOptions Clone()
        {
            var copy = (CXoneSessionOptions)MemberwiseClone();
            copy.Http = (Http ?? new CXoneHttpOptions()).Clone();
            copy.Proxy = Proxy?.Clone();
            return copy;
        }

        /// <summary>The environment variables <see cref="FromEnvironment"/> reads.</summary>
        public static IReadOnlyList<string> EnvironmentVariableNames { get; } = new[]
        {
            "CXONE_ISSUER", "CXONE_ENVIRONMENT", "CXONE_CLIENT_ID", "CXONE_CLIENT_SECRET",
            "CXONE_ACCESS_KEY_ID", "CXONE_ACCESS_KEY_SECRET", "CXONE_USERNAME", "CXONE_PASSWORD",
            "CXONE_API_ENDPOINT", "CXONE_TOKEN_ENDPOINT",
        };

        /// <summary>
        /// Builds options for unattended login (CI) from <c>CXONE_*</c> variables, in this order:
        /// <list type="number">
        /// <item><description>Issuer: <c>CXONE_ISSUER</c> (an https URI; http only for loopback); otherwise
        /// <c>CXONE_ENVIRONMENT</c> (<c>Global</c> or <c>FedRAMP</c>, case-insensitive); otherwise Global.</description></item>
        /// <item><description>Client: <c>CXONE_CLIENT_ID</c> and <c>CXONE_CLIENT_SECRET</c> (both required).</description></item>
        /// <item><description>Credential: <c>CXONE_ACCESS_KEY_ID</c> + <c>CXONE_ACCESS_KEY_SECRET</c> (preferred,
        /// an <see cref="AccessKeyCredential"/>); otherwise <c>CXONE_USERNAME</c> + <c>CXONE_PASSWORD</c>
        /// (a <see cref="UsernamePasswordCredential"/>). When one variable of the access key pair is set, the pair is
        /// required.</description></item>
        /// <item><description>Optional overrides: <c>CXONE_API_ENDPOINT</c>, <c>CXONE_TOKEN_ENDPOINT</c>.</description></item>
        /// </list>
        /// Empty or whitespace values count as missing. Secret values are registered with the redactor.
        /// </summary>
        /// <param name="environment">The variables (name -> value); null reads the process environment.</param>
        /// <returns>Options ready for <see cref="CXoneSession.ConnectAsync"/>.</returns>
        /// <exception cref="CXoneException">Kind <see cref="CXoneErrorKind.InvalidArgument"/>: one exception naming
        /// every missing or unusable variable (never a value).</exception>
        public static CXoneSessionOptions FromEnvironment(IDictionary? environment = null)
        {
            var env = environment ?? System.Environment.GetEnvironmentVariables();
            string? Get(string name)
            {
                foreach (DictionaryEntry entry in env)
                {
                    if (entry.Key is string key && string.Equals(key, name, StringComparison.Ordinal))
                    {
                        var value = entry.Value as string;
                        return string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
                    }
                }

                return null;
            }

            var missing = new List<string>();
            var invalid = new List<string>();
            var options = new CXoneSessionOptions();

            var issuer = Get("CXONE_ISSUER");
            var environmentName = Get("CXONE_ENVIRONMENT");
            if (issuer != null)
            {
                if (Uri.TryCreate(issuer, UriKind.Absolute, out var issuerUri))
                {
                    options.Issuer = issuerUri;
                }
                else
                {
                    invalid.Add("CXONE_ISSUER (not an absolute URI)");
                }
            }
            else if (environmentName != null)
            {
                if (string.Equals(environmentName, "Global", StringComparison.OrdinalIgnoreCase))
                {
                    options.Environment = CXoneEnvironment.Global;
                }
                else if (string.Equals(environmentName, "FedRAMP", StringComparison.OrdinalIgnoreCase))
                {
                    options.Environment = CXoneEnvironment.FedRAMP;
                }
                else
                {
                    invalid.Add("CXONE_ENVIRONMENT (expected Global or FedRAMP)");
                }
            }

            options.ClientId = Get("CXONE_CLIENT_ID");
            options.ClientSecret = Get("CXONE_CLIENT_SECRET");
            if (options.ClientId is null)
            {
                missing.Add("CXONE_CLIENT_ID");
            }

            if (options.ClientSecret is null)
            {
                missing.Add("CXONE_CLIENT_SECRET");
            }
            else
            {
                Diagnostics.Redactor.AddSecret(options.ClientSecret);
            }

            var keyId = Get("CXONE_ACCESS_KEY_ID");
            var keySecret = Get("CXONE_ACCESS_KEY_SECRET");
            var user = Get("CXONE_USERNAME");
            var password = Get("CXONE_PASSWORD");
            Diagnostics.Redactor.AddSecret(keySecret);
            Diagnostics.Redactor.AddSecret(password);
            if (keyId != null || keySecret != null)
            {
                if (keyId is null)
                {
                    missing.Add("CXONE_ACCESS_KEY_ID");
                }

                if (keySecret is null)
                {
                    missing.Add("CXONE_ACCESS_KEY_SECRET");
                }

                if (keyId != null && keySecret != null)
                {
                    options.Credential = new AccessKeyCredential(keyId, keySecret);
                }
            }
            else if (user != null || password != null)
            {
                if (user is null)
                {
                    missing.Add("CXONE_USERNAME");
                }

                if (password is null)
                {
                    missing.Add("CXONE_PASSWORD");
                }

                if (user != null && password != null)
                {
                    options.Credential = new UsernamePasswordCredential(user, password);
                }
            }
            else
            {
                missing.Add("CXONE_ACCESS_KEY_ID");
                missing.Add("CXONE_ACCESS_KEY_SECRET");
                missing.Add("(or CXONE_USERNAME and CXONE_PASSWORD)");
            }

            var api = Get("CXONE_API_ENDPOINT");
            if (api != null)
            {
                if (Uri.TryCreate(api, UriKind.Absolute, out var apiUri))
                {
                    options.ApiEndpoint = apiUri;
                }
                else
                {
                    invalid.Add("CXONE_API_ENDPOINT (not an absolute URI)");
                }
            }

            var tokenEndpoint = Get("CXONE_TOKEN_ENDPOINT");
            if (tokenEndpoint != null)
            {
                if (Uri.TryCreate(tokenEndpoint, UriKind.Absolute, out var tokenUri))
                {
                    options.TokenEndpoint = tokenUri;
                }
                else
                {
                    invalid.Add("CXONE_TOKEN_ENDPOINT (not an absolute URI)");
                }
            }

            if (missing.Count > 0 || invalid.Count > 0)
            {
                var parts = new List<string>();
                if (missing.Count > 0)
                {
                    parts.Add("missing: " + string.Join(", ", missing));
                }

                if (invalid.Count > 0)
                {
                    parts.Add("unusable: " + string.Join(", ", invalid));
                }

                throw new CXoneException(
                    CXoneErrorKind.InvalidArgument,
                    "The environment login is incomplete; " + string.Join("; ", parts) + ".",
                    "Set CXONE_CLIENT_ID, CXONE_CLIENT_SECRET and either CXONE_ACCESS_KEY_ID + CXONE_ACCESS_KEY_SECRET or CXONE_USERNAME + CXONE_PASSWORD (optionally CXONE_ISSUER or CXONE_ENVIRONMENT, CXONE_API_ENDPOINT, CXONE_TOKEN_ENDPOINT) as pipeline secrets.");
            }

            return options;
        }

        /// <summary>The issuer to use: <see cref="Issuer"/>, or the issuer of <see cref="Environment"/>.</summary>
        /// <returns>An absolute URI.</returns>
        public Uri ResolveIssuer() => Issuer ?? (Environment == CXoneEnvironment.FedRAMP ? FedRampIssuer : GlobalIssuer);
    }
}
