using System;
using System.Collections.Generic;
using System.Linq;
using CXone.Core.Diagnostics;
using CXone.Core.Errors;

namespace CXone.Core.Auth
{
    /// <summary>
    /// Genesys Cloud's regions and their hosts (docs/cxone-api.md section 9, from Genesys's own SDKs): the API is
    /// <c>https://api.{host}/</c>, the token endpoint <c>https://login.{host}/oauth/token</c>, the authorize endpoint
    /// <c>https://login.{host}/oauth/authorize</c>.
    /// </summary>
    public static class GenesysCloudRegions
    {
        private static readonly KeyValuePair<string, string>[] Table =
        {
            Pair("us-east-1", "mypurecloud.com"), Pair("us-east-2", "use2.us-gov-pure.cloud"), Pair("us-west-2", "usw2.pure.cloud"),
            Pair("ca-central-1", "cac1.pure.cloud"), Pair("sa-east-1", "sae1.pure.cloud"), Pair("eu-west-1", "mypurecloud.ie"),
            Pair("eu-west-2", "euw2.pure.cloud"), Pair("eu-central-1", "mypurecloud.de"), Pair("eu-central-2", "euc2.pure.cloud"),
            Pair("ap-southeast-2", "mypurecloud.com.au"), Pair("ap-northeast-1", "mypurecloud.jp"), Pair("ap-northeast-2", "apne2.pure.cloud"),
            Pair("ap-northeast-3", "apne3.pure.cloud"), Pair("ap-south-1", "aps1.pure.cloud"), Pair("me-central-1", "mec1.pure.cloud"),
        };

        /// <summary>The region names (for example <c>us-east-1</c>, <c>eu-central-1</c>).</summary>
        public static IReadOnlyList<string> Names { get; } = Table.Select(p => p.Key).ToArray();

        /// <summary>
        /// The host of a region, from its name (<c>eu-central-1</c>) or any of its hosts (<c>mypurecloud.de</c>,
        /// <c>api.mypurecloud.de</c>, <c>login.mypurecloud.de</c>, with or without <c>https://</c>), case-insensitive.
        /// </summary>
        /// <param name="regionOrHost">The region name or host.</param>
        /// <returns>The region's host without the <c>api.</c> or <c>login.</c> prefix, for example <c>mypurecloud.de</c>.</returns>
        /// <exception cref="CXoneException">Kind <see cref="CXoneErrorKind.InvalidArgument"/>: not a known region or host.</exception>
        public static string ResolveHost(string regionOrHost)
        {
            var text = (regionOrHost ?? string.Empty).Trim().ToLowerInvariant();
            if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps)
            {
                text = uri.Host;
            }

            foreach (var prefix in new[] { "api.", "login." })
            {
                if (text.StartsWith(prefix, StringComparison.Ordinal))
                {
                    text = text.Substring(prefix.Length);
                }
            }

            foreach (var pair in Table)
            {
                if (pair.Key == text || pair.Value == text)
                {
                    return pair.Value;
                }
            }

            throw new CXoneException(
                CXoneErrorKind.InvalidArgument,
                "'" + Redactor.Excerpt(regionOrHost ?? string.Empty, 60) + "' is not a Genesys Cloud region or host this module knows.",
                "Pass one of " + string.Join(", ", Names) + " (or its host, such as mypurecloud.com); for another host pass -TokenEndpoint and -ApiEndpoint.");
        }

        /// <summary>The token endpoint of a host: <c>https://login.{host}/oauth/token</c>.</summary>
        /// <param name="host">A host from <see cref="ResolveHost"/>.</param>
        /// <returns>The absolute URI.</returns>
        public static Uri TokenEndpoint(string host) => new Uri("https://login." + host + "/oauth/token");

        /// <summary>The API base of a host: <c>https://api.{host}/</c>.</summary>
        /// <param name="host">A host from <see cref="ResolveHost"/>.</param>
        /// <returns>The absolute URI with a trailing slash.</returns>
        public static Uri ApiEndpoint(string host) => new Uri("https://api." + host + "/");

        private static KeyValuePair<string, string> Pair(string region, string host) => new KeyValuePair<string, string>(region, host);
    }
}
