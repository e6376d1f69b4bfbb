using System;
using CXone.Core;
using CXone.Core.Auth;
using CXone.PowerShell.Commands;
using CXone.PowerShell.Hosting;

namespace CXone.PowerShell.Sessions
{
    /// <summary>Maps Connect-CXone's parameters to <see cref="CXoneSessionOptions"/>; Core validates them.</summary>
    internal static class SessionOptionsBuilder
    {
        /// <summary>The options for <paramref name="c"/>'s parameter set; the environment set starts from <c>CXONE_*</c> variables.</summary>
        /// <remarks>An access key without a client id is the UserHub login (docs/cxone-api.md section 6): its area, auth endpoint and
        /// issuer may come from <c>CXONE_AREA</c>, <c>CXONE_AUTH_ENDPOINT</c> and <c>CXONE_ISSUER</c>.</remarks>
        /// <exception cref="Core.Errors.CXoneException">The environment set without the variables it needs (InvalidArgument).</exception>
        public static CXoneSessionOptions Build(ConnectCXoneCommand c)
        {
            var o = c.ParameterSetName == "Environment" ? CXoneSessionOptions.FromEnvironment() : new CXoneSessionOptions();
            if (c.ClientCredential != null)
            {
                o.ClientId = c.ClientCredential.UserName;
                o.ClientSecret = SecureStrings.Reveal(c.ClientCredential.Password);
            }

            o.ClientId = c.ClientId ?? o.ClientId;
            o.ClientSecret = SecureStrings.Reveal(c.ClientSecret) ?? o.ClientSecret;
            o.Credential = Credential(c, string.IsNullOrEmpty(o.ClientId)) ?? o.Credential;
            if (c.IsBound(nameof(c.Environment)))
            {
                o.Environment = c.Environment;
                o.Issuer = null;
            }

            o.Issuer = c.Issuer ?? o.Issuer;
            o.ApiEndpoint = c.ApiEndpoint ?? o.ApiEndpoint;
            o.TokenEndpoint = c.TokenEndpoint ?? o.TokenEndpoint;
            o.Area = c.Area ?? o.Area;
            o.AuthEndpoint = c.AuthEndpoint ?? o.AuthEndpoint;
            o.GenesysCloudRegion = c.GenesysCloudRegion ?? o.GenesysCloudRegion;
            o.Scopes = c.Scope ?? o.Scopes;
            o.Prompt = c.Prompt ?? o.Prompt;
            o.ConnectionCheckPath = c.ConnectionCheckPath ?? o.ConnectionCheckPath;
            if (c.ParameterSetName != "Environment" && (o.Credential is UserHubAccessKeyCredential || o.GenesysCloudRegion != null))
            {
                o.ApplyEnvironmentDefaults(includeIssuer: !c.IsBound(nameof(c.Issuer)) && !c.IsBound(nameof(c.Environment)));
            }

            if (c.IsBound(nameof(c.ClientAuthentication)))
            {
                o.ClientAuthentication = c.ClientAuthentication;
            }

            if (c.TimeoutSec > 0)
            {
                o.Http.AttemptTimeout = TimeSpan.FromSeconds(c.TimeoutSec);
                o.TokenRequestTimeout = TimeSpan.FromSeconds(c.TimeoutSec);
            }

            o.Proxy = ProxyOptions(c);
            return o;
        }

        /// <summary>The credential of the parameter set (null for the environment set); an access key without a client id is the UserHub login.</summary>
        private static CXoneCredential? Credential(ConnectCXoneCommand c, bool noClient)
        {
            switch (c.ParameterSetName)
            {
                case "AccessKey":
                    var secret = SecureStrings.Reveal(c.AccessKeySecret)!;
                    return noClient ? new UserHubAccessKeyCredential(c.AccessKeyId, secret) : (CXoneCredential)new AccessKeyCredential(c.AccessKeyId, secret);
                case "AccessKeyCredential":
                    var password = SecureStrings.Reveal(c.Credential.Password)!;
                    return noClient ? new UserHubAccessKeyCredential(c.Credential.UserName, password) : (CXoneCredential)new AccessKeyCredential(c.Credential.UserName, password);
                case "UserPassword": return new UsernamePasswordCredential(c.Credential.UserName, SecureStrings.Reveal(c.Credential.Password)!);
                case "ClientCredentials": return new ClientCredentialsCredential();
                case "Interactive": return new AuthorizationCodeCredential(new AuthorizationCodeOptions { RedirectUri = c.RedirectUri });
                case "AccessToken": return new StaticAccessTokenCredential(SecureStrings.Reveal(c.AccessToken)!);
                default: return null;
            }
        }

        /// <summary>The proxy settings of <c>-Proxy</c>, <c>-ProxyCredential</c>, <c>-ProxyUseDefaultCredentials</c> and <c>-NoProxy</c>; null when none is given.</summary>
        /// <exception cref="Core.Errors.CXoneException">InvalidArgument: <c>-NoProxy</c> with <c>-Proxy</c>, or <c>-ProxyCredential</c> with <c>-ProxyUseDefaultCredentials</c>.</exception>
        private static Core.Http.CXoneProxyOptions? ProxyOptions(ConnectCXoneCommand c)
        {
            if (c.Proxy is null && c.ProxyCredential is null && !c.ProxyUseDefaultCredentials && !c.NoProxy)
            {
                return null;
            }

            if (c.NoProxy && (c.Proxy != null || c.ProxyCredential != null || c.ProxyUseDefaultCredentials))
            {
                throw new Core.Errors.CXoneException(Core.Errors.CXoneErrorKind.InvalidArgument, "-NoProxy cannot be combined with -Proxy, -ProxyCredential or -ProxyUseDefaultCredentials.", "Pass either -NoProxy or the proxy settings.");
            }

            if (c.ProxyCredential != null && c.ProxyUseDefaultCredentials)
            {
                throw new Core.Errors.CXoneException(Core.Errors.CXoneErrorKind.InvalidArgument, "-ProxyCredential cannot be combined with -ProxyUseDefaultCredentials.", "Pass either the proxy's user name and password or -ProxyUseDefaultCredentials.");
            }

            var password = c.ProxyCredential is null ? null : SecureStrings.Reveal(c.ProxyCredential.Password);
            Core.Diagnostics.Redactor.AddSecret(password);
            return new Core.Http.CXoneProxyOptions
            {
                Address = c.Proxy,
                Credential = c.ProxyCredential is null ? null : new System.Net.NetworkCredential(c.ProxyCredential.UserName, password),
                UseDefaultCredentials = c.ProxyUseDefaultCredentials,
                NoProxy = c.NoProxy,
            };
        }
    }
}
