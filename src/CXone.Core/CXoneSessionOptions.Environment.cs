using System;
using System.Collections;
using System.Collections.Generic;
using CXone.Core.Auth;
using CXone.Core.Diagnostics;
using CXone.Core.Errors;

namespace CXone.Core
{
    /// <summary>The unattended login from environment variables (CI, scheduled tasks).</summary>
    public sealed partial class CXoneSessionOptions
    {
        /// <summary>The environment variables <see cref="FromEnvironment"/> reads.</summary>
        public static IReadOnlyList<string> EnvironmentVariableNames { get; } = new[]
        {
            "CXONE_ISSUER", "CXONE_ENVIRONMENT", "CXONE_CLIENT_ID", "CXONE_CLIENT_SECRET",
            "CXONE_ACCESS_KEY_ID", "CXONE_ACCESS_KEY_SECRET", "CXONE_USERNAME", "CXONE_PASSWORD",
            "CXONE_API_ENDPOINT", "CXONE_TOKEN_ENDPOINT", "CXONE_AREA", "CXONE_AUTH_ENDPOINT",
            "GENESYSCLOUD_REGION", "GENESYSCLOUD_OAUTHCLIENT_ID", "GENESYSCLOUD_OAUTHCLIENT_SECRET",
        };

        /// <summary>
        /// Builds options for unattended login (CI) from environment variables, in this order:
        /// <list type="number">
        /// <item><description>Issuer: <c>CXONE_ISSUER</c> (an https URI; http only for loopback); otherwise
        /// <c>CXONE_ENVIRONMENT</c> (<c>Global</c> or <c>FedRAMP</c>, case-insensitive); otherwise Global.</description></item>
        /// <item><description>With <c>CXONE_CLIENT_ID</c>: the app registration login. <c>CXONE_CLIENT_SECRET</c> is
        /// required, and <c>CXONE_ACCESS_KEY_ID</c> + <c>CXONE_ACCESS_KEY_SECRET</c> (preferred, the password grant with an
        /// <see cref="AccessKeyCredential"/>) or <c>CXONE_USERNAME</c> + <c>CXONE_PASSWORD</c>.</description></item>
        /// <item><description>Without <c>CXONE_CLIENT_ID</c> but with <c>CXONE_ACCESS_KEY_ID</c> + <c>CXONE_ACCESS_KEY_SECRET</c>:
        /// the access-key login without an app registration (<see cref="UserHubAccessKeyCredential"/>), at
        /// <c>CXONE_AUTH_ENDPOINT</c> or the area <c>CXONE_AREA</c> (docs/cxone-api.md section 6).</description></item>
        /// <item><description>With none of those but <c>GENESYSCLOUD_REGION</c>: Genesys Cloud client credentials with
        /// <c>GENESYSCLOUD_OAUTHCLIENT_ID</c> and <c>GENESYSCLOUD_OAUTHCLIENT_SECRET</c> (docs/cxone-api.md section 9).</description></item>
        /// <item><description>Optional overrides: <c>CXONE_API_ENDPOINT</c>, <c>CXONE_TOKEN_ENDPOINT</c>.</description></item>
        /// </list>
        /// When one variable of a pair is set, the pair is required. Empty or whitespace values count as missing. Secret
        /// values are registered with the redactor. A missing area is reported on connect (<see cref="CXoneErrorKind.AreaRequired"/>).
        /// </summary>
        /// <param name="environment">The variables (name -> value); null reads the process environment.</param>
        /// <returns>Options ready for <see cref="CXoneSession.ConnectAsync"/>.</returns>
        /// <exception cref="CXoneException">Kind <see cref="CXoneErrorKind.InvalidArgument"/>: one exception naming
        /// every missing or unusable variable (never a value).</exception>
        public static CXoneSessionOptions FromEnvironment(IDictionary? environment = null)
        {
            var env = new EnvironmentReader(environment);
            var options = new CXoneSessionOptions();
            options.ReadIssuer(env);
            options.ClientId = env.Get("CXONE_CLIENT_ID");
            options.ClientSecret = env.Get("CXONE_CLIENT_SECRET");
            Redactor.AddSecret(options.ClientSecret);
            var keyId = env.Get("CXONE_ACCESS_KEY_ID");
            var keySecret = env.Get("CXONE_ACCESS_KEY_SECRET");
            Redactor.AddSecret(keySecret);
            var cxoneGiven = options.ClientId != null || options.ClientSecret != null || keyId != null || keySecret != null ||
                env.Get("CXONE_USERNAME") != null || env.Get("CXONE_PASSWORD") != null;
            options.Area = env.Get("CXONE_AREA");
            options.AuthEndpoint = env.Uri("CXONE_AUTH_ENDPOINT");
            if (!cxoneGiven && env.Get("GENESYSCLOUD_REGION") is string region)
            {
                options.GenesysCloudRegion = region;
                options.ClientId = env.Require("GENESYSCLOUD_OAUTHCLIENT_ID");
                options.ClientSecret = env.Require("GENESYSCLOUD_OAUTHCLIENT_SECRET");
                options.Credential = new ClientCredentialsCredential();
            }
            else if (options.ClientId is null && options.ClientSecret is null && (keyId != null || keySecret != null))
            {
                var id = env.Require("CXONE_ACCESS_KEY_ID");
                var secret = env.Require("CXONE_ACCESS_KEY_SECRET");
                if (id != null && secret != null)
                {
                    options.Credential = new UserHubAccessKeyCredential(id, secret);
                }
            }
            else
            {
                env.Require("CXONE_CLIENT_ID");
                env.Require("CXONE_CLIENT_SECRET");
                options.Credential = AppRegistrationCredential(env, keyId, keySecret);
            }

            options.ApiEndpoint = env.Uri("CXONE_API_ENDPOINT");
            options.TokenEndpoint = env.Uri("CXONE_TOKEN_ENDPOINT");
            env.ThrowIfIncomplete();
            return options;
        }

        /// <summary>
        /// Fills what the parameters left empty from the environment, as <see cref="FromEnvironment"/> would:
        /// <see cref="Area"/> from <c>CXONE_AREA</c>, <see cref="AuthEndpoint"/> from <c>CXONE_AUTH_ENDPOINT</c>; for
        /// Genesys Cloud (<see cref="GenesysCloudRegion"/> set) the client id and secret from
        /// <c>GENESYSCLOUD_OAUTHCLIENT_ID</c> and <c>GENESYSCLOUD_OAUTHCLIENT_SECRET</c>; with <paramref name="includeIssuer"/>
        /// the issuer (for tenant discovery) from <c>CXONE_ISSUER</c> or <c>CXONE_ENVIRONMENT</c> when <see cref="Issuer"/> is null.
        /// Values already set are kept.
        /// </summary>
        /// <param name="environment">The variables (name -> value); null reads the process environment.</param>
        /// <param name="includeIssuer">True to take the issuer from the environment too.</param>
        /// <exception cref="CXoneException">Kind <see cref="CXoneErrorKind.InvalidArgument"/>: a variable read is not usable.</exception>
        public void ApplyEnvironmentDefaults(IDictionary? environment = null, bool includeIssuer = false)
        {
            var env = new EnvironmentReader(environment);
            if (includeIssuer && Issuer is null)
            {
                ReadIssuer(env);
            }

            Area ??= env.Get("CXONE_AREA");
            AuthEndpoint ??= env.Uri("CXONE_AUTH_ENDPOINT");
            if (!string.IsNullOrWhiteSpace(GenesysCloudRegion))
            {
                ClientId ??= env.Get("GENESYSCLOUD_OAUTHCLIENT_ID");
                ClientSecret ??= env.Get("GENESYSCLOUD_OAUTHCLIENT_SECRET");
                Redactor.AddSecret(ClientSecret);
            }

            env.ThrowIfIncomplete();
        }

        private void ReadIssuer(EnvironmentReader env)
        {
            var issuer = env.Uri("CXONE_ISSUER");
            var environmentName = env.Get("CXONE_ENVIRONMENT");
            if (issuer != null || env.Get("CXONE_ISSUER") != null)
            {
                Issuer = issuer;
            }
            else if (environmentName != null)
            {
                if (string.Equals(environmentName, "Global", StringComparison.OrdinalIgnoreCase))
                {
                    Environment = CXoneEnvironment.Global;
                }
                else if (string.Equals(environmentName, "FedRAMP", StringComparison.OrdinalIgnoreCase))
                {
                    Environment = CXoneEnvironment.FedRAMP;
                }
                else
                {
                    env.Invalid("CXONE_ENVIRONMENT (expected Global or FedRAMP)");
                }
            }
        }

        /// <summary>The credential of the app registration login: the access key pair, else the username and password pair.</summary>
        private static CXoneCredential? AppRegistrationCredential(EnvironmentReader env, string? keyId, string? keySecret)
        {
            var user = env.Get("CXONE_USERNAME");
            var password = env.Get("CXONE_PASSWORD");
            Redactor.AddSecret(password);
            if (keyId != null || keySecret != null)
            {
                var id = env.Require("CXONE_ACCESS_KEY_ID");
                var secret = env.Require("CXONE_ACCESS_KEY_SECRET");
                return id != null && secret != null ? new AccessKeyCredential(id, secret) : null;
            }

            if (user != null || password != null)
            {
                var name = env.Require("CXONE_USERNAME");
                var pass = env.Require("CXONE_PASSWORD");
                return name != null && pass != null ? new UsernamePasswordCredential(name, pass) : null;
            }

            env.Missing("CXONE_ACCESS_KEY_ID");
            env.Missing("CXONE_ACCESS_KEY_SECRET");
            env.Missing("(or CXONE_USERNAME and CXONE_PASSWORD)");
            return null;
        }

        /// <summary>Reads variables and collects every missing or unusable one, for one error at the end.</summary>
        private sealed class EnvironmentReader
        {
            private readonly IDictionary _env;
            private readonly List<string> _missing = new List<string>();
            private readonly List<string> _invalid = new List<string>();

            public EnvironmentReader(IDictionary? environment)
            {
                _env = environment ?? System.Environment.GetEnvironmentVariables();
            }

            public string? Get(string name)
            {
                foreach (DictionaryEntry entry in _env)
                {
                    if (entry.Key is string key && string.Equals(key, name, StringComparison.Ordinal))
                    {
                        var value = entry.Value as string;
                        return string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
                    }
                }

                return null;
            }

            public string? Require(string name)
            {
                var value = Get(name);
                if (value is null)
                {
                    Missing(name);
                }

                return value;
            }

            public Uri? Uri(string name)
            {
                var text = Get(name);
                if (text is null)
                {
                    return null;
                }

                if (System.Uri.TryCreate(text, UriKind.Absolute, out var uri))
                {
                    return uri;
                }

                Invalid(name + " (not an absolute URI)");
                return null;
            }

            public void Missing(string name) => _missing.Add(name);

            public void Invalid(string what) => _invalid.Add(what);

            public void ThrowIfIncomplete()
            {
                if (_missing.Count == 0 && _invalid.Count == 0)
                {
                    return;
                }

                var parts = new List<string>();
                if (_missing.Count > 0)
                {
                    parts.Add("missing: " + string.Join(", ", _missing));
                }

                if (_invalid.Count > 0)
                {
                    parts.Add("unusable: " + string.Join(", ", _invalid));
                }

                throw new CXoneException(
                    CXoneErrorKind.InvalidArgument,
                    "The environment login is incomplete; " + string.Join("; ", parts) + ".",
                    "Set CXONE_ACCESS_KEY_ID + CXONE_ACCESS_KEY_SECRET with CXONE_AREA (or CXONE_AUTH_ENDPOINT) for the access-key login; or CXONE_CLIENT_ID, CXONE_CLIENT_SECRET and either CXONE_ACCESS_KEY_ID + CXONE_ACCESS_KEY_SECRET or CXONE_USERNAME + CXONE_PASSWORD (optionally CXONE_ISSUER or CXONE_ENVIRONMENT, CXONE_API_ENDPOINT, CXONE_TOKEN_ENDPOINT) as pipeline secrets.");
            }
        }
    }
}
