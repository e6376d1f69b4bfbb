using System;
using System.Net;

namespace CXone.Core.Http
{
    /// <summary>
    /// How a session reaches CXone through a proxy: discovery, token, API and storage requests all follow it.
    /// With every member at its default the system proxy applies (on PowerShell 7 also <c>HTTPS_PROXY</c>,
    /// <c>HTTP_PROXY</c> and <c>NO_PROXY</c>), as for any HttpClient.
    /// </summary>
    public sealed class CXoneProxyOptions
    {
        /// <summary>
        /// The proxy every request of the session goes through, for example <c>http://proxy.corp:3128</c>, loopback
        /// targets included (an explicit proxy is meant for everything). Null: the system proxy.
        /// </summary>
        public Uri? Address { get; set; }

        /// <summary>The user name and password the proxy asks for (Basic, or NTLM/Negotiate on Windows); null sends none.</summary>
        public NetworkCredential? Credential { get; set; }

        /// <summary>Sends the credentials of the logged-on Windows user to the proxy (NTLM/Negotiate); ignored when <see cref="Credential"/> is set.</summary>
        public bool UseDefaultCredentials { get; set; }

        /// <summary>Sends every request directly, ignoring the system proxy and the environment variables.</summary>
        public bool NoProxy { get; set; }

        /// <summary>The credentials to offer the proxy: <see cref="Credential"/>, the Windows logon, or null.</summary>
        internal ICredentials? EffectiveCredentials =>
            Credential ?? (UseDefaultCredentials ? CredentialCache.DefaultCredentials : null);

        /// <summary>A copy (the credential object is shared).</summary>
        /// <returns>The copy.</returns>
        public CXoneProxyOptions Clone() => (CXoneProxyOptions)MemberwiseClone();
    }
}
