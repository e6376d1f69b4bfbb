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
        /// <exception cref="Core.Errors.CXoneException">The environment set without the variables it needs (InvalidArgument).</exception>
        public static CXoneSessionOptions Build(ConnectCXoneCommand c)
        {
            var o = c.ParameterSetName == "Environment" ? CXoneSessionOptions.FromEnvironment() : new CXoneSessionOptions();
            switch (c.ParameterSetName)
            {
                case "AccessKey": o.Credential = new AccessKeyCredential(c.AccessKeyId, SecureStrings.Reveal(c.AccessKeySecret)!); break;
                case "AccessKeyCredential": o.Credential = new AccessKeyCredential(c.Credential.UserName, SecureStrings.Reveal(c.Credential.Password)!); break;
                case "UserPassword": o.Credential = new UsernamePasswordCredential(c.Credential.UserName, SecureStrings.Reveal(c.Credential.Password)!); break;
                case "ClientCredentials": o.Credential = new ClientCredentialsCredential(); break;
                case "Interactive": o.Credential = new AuthorizationCodeCredential(); break;
                case "AccessToken": o.Credential = new StaticAccessTokenCredential(SecureStrings.Reveal(c.AccessToken)!); break;
            }

            if (c.ClientCredential != null)
            {
                o.ClientId = c.ClientCredential.UserName;
                o.ClientSecret = SecureStrings.Reveal(c.ClientCredential.Password);
            }

            o.ClientId = c.ClientId ?? o.ClientId;
            o.ClientSecret = SecureStrings.Reveal(c.ClientSecret) ?? o.ClientSecret;
            if (c.IsBound(nameof(c.Environment)))
            {
                o.Environment = c.Environment;
                o.Issuer = null;
            }

            o.Issuer = c.Issuer ?? o.Issuer;
            o.ApiEndpoint = c.ApiEndpoint ?? o.ApiEndpoint;
            if (c.IsBound(nameof(c.ClientAuthentication)))
            {
                o.ClientAuthentication = c.ClientAuthentication;
            }

            if (c.TimeoutSec > 0)
            {
                o.Http.AttemptTimeout = TimeSpan.FromSeconds(c.TimeoutSec);
                o.TokenRequestTimeout = TimeSpan.FromSeconds(c.TimeoutSec);
            }

            return o;
        }
    }
}
