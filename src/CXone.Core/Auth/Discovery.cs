using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core.Diagnostics;
using CXone.Core.Errors;

namespace CXone.Core.Auth
{
    /// <summary>
    /// The two discovery steps (docs/cxone-api.md section 1): the issuer's OIDC document, then after the first
    /// token the tenant's <c>cxone-configuration</c>. Both are cached in a <see cref="CXoneDiscoveryCache"/>.
    /// </summary>
    internal static class Discovery
    {
        /// <summary>Refuses anything but https, or http on a loopback host, before any request.</summary>
        public static Uri RequireSecure(Uri? uri, string what, CXoneErrorKind kind = CXoneErrorKind.InvalidArgument)
        {
            if (uri is null || !uri.IsAbsoluteUri)
            {
                throw new CXoneException(
                    kind,
                    "The " + what + " must be an absolute URI.",
                    "Pass an https URI such as https://cxone.niceincontact.com.");
            }

            if (!string.IsNullOrEmpty(uri.UserInfo))
            {
                // A password in user:password@host would be shown wherever the address is (verbose, the session).
                throw new CXoneException(
                    kind,
                    "The " + what + " " + Redactor.SafeUrl(uri) + " carries a user name or password before its host (user:password@host); credentials never go into an address.",
                    "Remove the user:password@ part from the address and pass credentials with their own parameters (-AccessKeyId/-AccessKeySecret, -ClientId/-ClientSecret, -ProxyCredential).",
                    host: uri.Authority);
            }

            if (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))
            {
                return uri;
            }

            throw new CXoneException(
                kind,
                "The " + what + " " + Redactor.SafeUrl(uri) + " is not https; only https is accepted (http only for loopback hosts such as 127.0.0.1).",
                kind == CXoneErrorKind.InvalidArgument
                    ? "Use the https address (for example https://cxone.niceincontact.com for Global or https://cxone-gov.niceincontact.com for FedRAMP)."
                    : "The issuer's discovery document points at an insecure address; check the issuer.",
                host: uri.Authority);
        }

        /// <summary>Ensures a trailing slash so relative paths append to it.</summary>
        public static Uri WithTrailingSlash(Uri uri)
        {
            var text = uri.GetLeftPart(UriPartial.Path);
            return text.EndsWith("/", StringComparison.Ordinal) ? new Uri(text) : new Uri(text + "/");
        }

        public static async Task<OidcDocument> GetDocumentAsync(CXoneDiscoveryCache cache, AuthHttpClient http, Uri issuer, CancellationToken cancellationToken)
        {
            if (cache.TryGetDocument(issuer, out var cached))
            {
                return cached;
            }

            var uri = new Uri(WithTrailingSlash(issuer), ".well-known/openid-configuration");
            var json = await http.GetJsonAsync(uri, "OIDC discovery", cancellationToken).ConfigureAwait(false);
            var tokenEndpoint = ReadUri(json, "token_endpoint");
            if (tokenEndpoint is null)
            {
                throw new CXoneException(
                    CXoneErrorKind.InvalidResponse,
                    "The OIDC document of " + issuer.Authority + " has no usable token_endpoint.",
                    "Check the issuer, or pass the token endpoint override.",
                    host: issuer.Authority);
            }

            RequireSecure(tokenEndpoint, "token endpoint from discovery", CXoneErrorKind.InvalidResponse);
            RequireIssuer(json, issuer);
            RequireSameOrigin(tokenEndpoint, issuer, "token_endpoint");
            var authorization = ReadUri(json, "authorization_endpoint");
            if (authorization != null)
            {
                RequireSecure(authorization, "authorization endpoint from discovery", CXoneErrorKind.InvalidResponse);
                RequireSameOrigin(authorization, issuer, "authorization_endpoint");
            }

            var methods = new List<string>();
            if (json.TryGetProperty("token_endpoint_auth_methods_supported", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in list.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.String && item.GetString() is string m)
                    {
                        methods.Add(m);
                    }
                }
            }

            var document = new OidcDocument(tokenEndpoint, authorization, methods);
            cache.SetDocument(issuer, document);
            return document;
        }

        public static async Task<TenantConfiguration> GetTenantAsync(CXoneDiscoveryCache cache, AuthHttpClient http, Uri issuer, string tenantId, CancellationToken cancellationToken)
        {
            if (cache.TryGetTenant(issuer, tenantId, out var cached))
            {
                return cached;
            }

            var uri = new Uri(WithTrailingSlash(issuer), ".well-known/cxone-configuration?tenantId=" + Uri.EscapeDataString(tenantId));
            var json = await http.GetJsonAsync(uri, "CXone configuration discovery", cancellationToken).ConfigureAwait(false);
            var api = ReadUri(json, "api_endpoint");
            if (api is null)
            {
                throw new CXoneException(
                    CXoneErrorKind.InvalidResponse,
                    "The cxone-configuration of tenant " + tenantId + " at " + issuer.Authority + " has no usable api_endpoint.",
                    "Pass the API endpoint override (for example https://api-na1.niceincontact.com).",
                    host: issuer.Authority);
            }

            RequireSecure(api, "API endpoint from discovery", CXoneErrorKind.InvalidResponse);
            var configuration = new TenantConfiguration(WithTrailingSlash(api), ReadString(json, "area"), ReadString(json, "cluster"));
            cache.SetTenant(issuer, tenantId, configuration);
            return configuration;
        }

        /// <summary>
        /// The document's <c>issuer</c>, when it names one, must be the issuer that was asked (scheme, host, port and
        /// path, ignoring case of scheme and host and a trailing slash): a document for another issuer is refused.
        /// </summary>
        private static void RequireIssuer(JsonElement json, Uri issuer)
        {
            var named = ReadString(json, "issuer");
            if (named is null)
            {
                return;
            }

            if (!Uri.TryCreate(named, UriKind.Absolute, out var said) || !SameIssuer(said, issuer))
            {
                throw new CXoneException(
                    CXoneErrorKind.InvalidResponse,
                    "The OIDC document fetched from " + Redactor.SafeUrl(issuer) + " names another issuer (" + Redactor.Excerpt(named, 200) + "); it is not used.",
                    "Check the issuer you connect to (a proxy or a wrong host may be answering), or pass the token endpoint override.",
                    host: issuer.Authority);
            }
        }

        private static bool SameIssuer(Uri a, Uri b) =>
            string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase) && string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase) && a.Port == b.Port &&
            string.Equals(a.AbsolutePath.TrimEnd('/'), b.AbsolutePath.TrimEnd('/'), StringComparison.Ordinal);

        /// <summary>
        /// A discovered endpoint on another host than the issuer is refused: the credential would be posted there.
        /// The user can still name such an endpoint explicitly (the token endpoint override), which skips discovery.
        /// </summary>
        private static void RequireSameOrigin(Uri endpoint, Uri issuer, string field)
        {
            if (string.Equals(endpoint.Host, issuer.Host, StringComparison.OrdinalIgnoreCase) && endpoint.Port == issuer.Port &&
                string.Equals(endpoint.Scheme, issuer.Scheme, StringComparison.OrdinalIgnoreCase))
            {
                return;
            }

            throw new CXoneException(
                CXoneErrorKind.InvalidResponse,
                "The OIDC document of " + issuer.Authority + " puts its " + field + " on another host (" + Redactor.SafeUrl(endpoint) + "); the credential is not sent there.",
                "If that endpoint is right, pass it explicitly (the token endpoint override, -TokenEndpoint); otherwise check the issuer.",
                host: issuer.Authority);
        }

        private static string? ReadString(JsonElement json, string name) => Api.JsonRead.StringValue(json, name);

        private static Uri? ReadUri(JsonElement json, string name)
        {
            var text = ReadString(json, name);
            return text != null && Uri.TryCreate(text, UriKind.Absolute, out var uri) ? uri : null;
        }
    }
}
