using System;
using System.Collections.Concurrent;
using System.Collections.Generic;

namespace CXone.Core.Auth
{
    /// <summary>
    /// Remembers discovery results (docs/cxone-api.md section 1): the OIDC document per issuer and the
    /// <c>cxone-configuration</c> per issuer and tenant, so that a second session for the same tenant makes no
    /// discovery request. Only successful answers are kept. Thread-safe.
    /// </summary>
    /// <remarks>Sessions use <see cref="Shared"/> unless <see cref="CXoneSessionOptions.DiscoveryCache"/> names
    /// another instance (tests use one each, so they stay independent).</remarks>
    public sealed class CXoneDiscoveryCache
    {
        private readonly ConcurrentDictionary<string, OidcDocument> _documents = new ConcurrentDictionary<string, OidcDocument>(StringComparer.OrdinalIgnoreCase);
        private readonly ConcurrentDictionary<string, TenantConfiguration> _tenants = new ConcurrentDictionary<string, TenantConfiguration>(StringComparer.OrdinalIgnoreCase);

        /// <summary>The process-wide cache every session uses by default.</summary>
        public static CXoneDiscoveryCache Shared { get; } = new CXoneDiscoveryCache();

        /// <summary>Number of entries (OIDC documents plus tenant configurations).</summary>
        public int Count => _documents.Count + _tenants.Count;

        /// <summary>Forgets everything, so that the next session discovers again.</summary>
        public void Clear()
        {
            _documents.Clear();
            _tenants.Clear();
        }

        internal bool TryGetDocument(Uri issuer, out OidcDocument document) => _documents.TryGetValue(Key(issuer), out document!);

        internal void SetDocument(Uri issuer, OidcDocument document) => _documents[Key(issuer)] = document;

        internal bool TryGetTenant(Uri issuer, string tenantId, out TenantConfiguration configuration) =>
            _tenants.TryGetValue(Key(issuer) + "|" + tenantId, out configuration!);

        internal void SetTenant(Uri issuer, string tenantId, TenantConfiguration configuration) =>
            _tenants[Key(issuer) + "|" + tenantId] = configuration;

        private static string Key(Uri issuer) => issuer.AbsoluteUri.TrimEnd('/');
    }

    /// <summary>What the session uses from the OIDC document.</summary>
    internal sealed class OidcDocument
    {
        public OidcDocument(Uri tokenEndpoint, Uri? authorizationEndpoint, IReadOnlyList<string> authMethods)
        {
            TokenEndpoint = tokenEndpoint;
            AuthorizationEndpoint = authorizationEndpoint;
            TokenEndpointAuthMethods = authMethods;
        }

        public Uri TokenEndpoint { get; }

        public Uri? AuthorizationEndpoint { get; }

        public IReadOnlyList<string> TokenEndpointAuthMethods { get; }
    }

    /// <summary>What the session uses from <c>cxone-configuration</c>.</summary>
    internal sealed class TenantConfiguration
    {
        public TenantConfiguration(Uri apiEndpoint, string? area, string? cluster)
        {
            ApiEndpoint = apiEndpoint;
            Area = area;
            Cluster = cluster;
        }

        public Uri ApiEndpoint { get; }

        public string? Area { get; }

        public string? Cluster { get; }
    }
}
