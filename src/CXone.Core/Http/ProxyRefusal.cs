using System;
using System.Net;

namespace CXone.Core.Http
{
    /// <summary>
    /// Recognises a proxy that refused to carry the call because it wants credentials (407 Proxy Authentication
    /// Required). That does not change by trying again, so it is not retried, and the message names the proxy's
    /// answer rather than the host's.
    /// </summary>
    /// <remarks>
    /// For an https call the proxy answers the tunnel (<c>CONNECT</c>) request: .NET reports it as an
    /// <c>HttpRequestException</c> whose <c>StatusCode</c> is 407 (.NET 5 and later; read by reflection because
    /// netstandard2.0 cannot see the property). For a plain http call the 407 is the answer itself.
    /// </remarks>
    internal static class ProxyRefusal
    {
        /// <summary>The action for a proxy that asks for credentials.</summary>
        public const string Action =
            "The proxy between this computer and CXone asks for credentials (407): let this computer or account through the proxy, "
            + "or give the proxy's credentials to the session's HTTP transport (Windows: the system proxy settings). Trying again does not help.";

        /// <summary>Whether <paramref name="error"/> (or an inner exception) is a proxy's 407 to the tunnel request.</summary>
        public static bool IsAuthenticationRequired(Exception? error)
        {
            for (var e = error; e != null; e = e.InnerException)
            {
                if (e.GetType().Name == "HttpRequestException" && e.GetType().GetProperty("StatusCode")?.GetValue(e) is HttpStatusCode status
                    && status == HttpStatusCode.ProxyAuthenticationRequired)
                {
                    return true;
                }

                if (e is WebException web && web.Response is HttpWebResponse answer && answer.StatusCode == HttpStatusCode.ProxyAuthenticationRequired)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
