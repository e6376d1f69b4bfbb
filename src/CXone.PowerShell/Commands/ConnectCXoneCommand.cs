using System;
using System.Management.Automation;
using System.Security;
using CXone.Core;
using CXone.Core.Auth;
using CXone.PowerShell.Hosting;
using CXone.PowerShell.Sessions;

namespace CXone.PowerShell.Commands
{
    /// <summary>
    /// <c>Connect-CXone</c>: logs in (an access key alone or with an app registration, user and password, client
    /// credentials, browser, a token you bring, Genesys Cloud, or with no parameters from <c>CXONE_*</c> environment
    /// variables), makes the session this runspace's default
    /// and, with <c>-PassThru</c>, returns it. Core calls: <see cref="CXoneSession.ConnectAsync"/>, then <see cref="CXoneSession.TestConnectionAsync"/> as the connection check.
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "CXone", DefaultParameterSetName = EnvironmentSet)]
    [OutputType(typeof(CXoneSession))]
    public sealed class ConnectCXoneCommand : CXoneCmdlet
    {
        private const string EnvironmentSet = "Environment", AccessKeySet = "AccessKey", AccessKeyCredentialSet = "AccessKeyCredential",
            UserPasswordSet = "UserPassword", ClientCredentialsSet = "ClientCredentials", InteractiveSet = "Interactive", AccessTokenSet = "AccessToken";

        /// <summary>The access key id (alone: the UserHub login; with -ClientId: the user name of the password grant).</summary>
        [Parameter(Mandatory = true, ParameterSetName = AccessKeySet)]
        public string AccessKeyId { get; set; } = string.Empty;

        /// <summary>The access key secret.</summary>
        [Parameter(Mandatory = true, ParameterSetName = AccessKeySet)]
        public SecureString AccessKeySecret { get; set; } = null!;

        /// <summary>User name and password; with <c>-AccessKey</c>, the access key id and secret.</summary>
        [Parameter(Mandatory = true, ParameterSetName = UserPasswordSet)]
        [Parameter(Mandatory = true, ParameterSetName = AccessKeyCredentialSet)]
        public PSCredential Credential { get; set; } = null!;

        /// <summary>Says that <c>-Credential</c> holds an access key id (user name) and secret (password).</summary>
        [Parameter(Mandatory = true, ParameterSetName = AccessKeyCredentialSet)]
        public SwitchParameter AccessKey { get; set; }

        /// <summary>Uses the client credentials grant (only issuers that accept it; CXone usually does not).</summary>
        [Parameter(Mandatory = true, ParameterSetName = ClientCredentialsSet)]
        public SwitchParameter ClientCredentialsGrant { get; set; }

        /// <summary>Logs in with the browser (authorization code with PKCE and a loopback redirect).</summary>
        [Parameter(Mandatory = true, ParameterSetName = InteractiveSet)]
        public SwitchParameter Interactive { get; set; }

        /// <summary>An access token you already have; it cannot be renewed.</summary>
        [Parameter(Mandatory = true, ParameterSetName = AccessTokenSet)]
        public SecureString AccessToken { get; set; } = null!;

        /// <summary>The client (application) id of the registration.</summary>
        [Parameter]
        public string? ClientId { get; set; }

        /// <summary>The client secret of the registration.</summary>
        [Parameter]
        public SecureString? ClientSecret { get; set; }

        /// <summary>Client id (user name) and client secret (password) in one credential.</summary>
        [Parameter]
        public PSCredential? ClientCredential { get; set; }

        /// <summary>The CXone environment: Global (default) or FedRAMP.</summary>
        [Parameter]
        public CXoneEnvironment Environment { get; set; }

        /// <summary>An issuer URI; wins over <c>-Environment</c>.</summary>
        [Parameter]
        public Uri? Issuer { get; set; }

        /// <summary>The API endpoint; skips its discovery.</summary>
        [Parameter]
        public Uri? ApiEndpoint { get; set; }

        /// <summary>The token endpoint of any OAuth2 issuer; skips OIDC discovery.</summary>
        [Parameter]
        public Uri? TokenEndpoint { get; set; }

        /// <summary>The CXone area (na1, au1, eu1, ...) of the access-key login without an app registration.</summary>
        [Parameter]
        public string? Area { get; set; }

        /// <summary>The whole base of the access-key login (for example https://na1.nice-incontact.com); wins over -Area.</summary>
        [Parameter]
        public Uri? AuthEndpoint { get; set; }

        /// <summary>A Genesys Cloud region (us-east-1, eu-central-1, ...) or host (mypurecloud.de).</summary>
        [Parameter]
        public string? GenesysCloudRegion { get; set; }

        /// <summary>Scopes to ask for (default openid on the authorize URL, none with the grants).</summary>
        [Parameter]
        public string[]? Scope { get; set; }

        /// <summary>The prompt of the authorize URL (login, consent, select_account, ...).</summary>
        [Parameter]
        public string? Prompt { get; set; }

        /// <summary>The loopback redirect URI of the browser login (a fixed port some registrations require).</summary>
        [Parameter]
        public Uri? RedirectUri { get; set; }

        /// <summary>The API path the connection check GETs (default: CXone's server-time for a CXone API endpoint, none otherwise).</summary>
        [Parameter]
        public string? ConnectionCheckPath { get; set; }

        /// <summary>How the client authenticates at the token endpoint: Basic or Post (default: from discovery).</summary>
        [Parameter]
        public ClientAuthenticationMethod ClientAuthentication { get; set; }

        /// <summary>The most seconds one HTTP attempt may take.</summary>
        [Parameter]
        [ValidateRange(1, 3600)]
        public int TimeoutSec { get; set; }

        /// <summary>The proxy for every request of the session (discovery, token, API, storage), as Invoke-RestMethod's <c>-Proxy</c>.</summary>
        [Parameter]
        public Uri? Proxy { get; set; }

        /// <summary>The user name and password the proxy asks for.</summary>
        [Parameter]
        [Credential]
        public PSCredential? ProxyCredential { get; set; }

        /// <summary>Sends the logged-on Windows user's credentials to the proxy.</summary>
        [Parameter]
        public SwitchParameter ProxyUseDefaultCredentials { get; set; }

        /// <summary>Connects directly, ignoring the system proxy and <c>HTTPS_PROXY</c>.</summary>
        [Parameter]
        public SwitchParameter NoProxy { get; set; }

        /// <summary>Returns the session.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>Connects and makes the session the runspace's default.</summary>
        protected override void ProcessRecord()
        {
            var options = Guard(() => SessionOptionsBuilder.Build(this));
            var session = Run(
                async (pump, ct) =>
                {
                    var connected = await CXoneSession.ConnectAsync(options, ct).ConfigureAwait(false);
                    try
                    {
                        await connected.TestConnectionAsync(ct).ConfigureAwait(false); // one cheap call: server-time on CXone
                        return connected;
                    }
                    catch
                    {
                        connected.Dispose();
                        throw;
                    }
                },
                options.ResolveIssuer());
            SessionRegistry.SetCurrent(session);
            if (PassThru)
            {
                WriteObject(session);
            }
        }

        internal bool IsBound(string name) => MyInvocation.BoundParameters.ContainsKey(name);
    }
}
