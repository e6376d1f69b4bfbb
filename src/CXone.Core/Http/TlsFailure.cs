using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace CXone.Core.Http
{
    /// <summary>
    /// Recognises a TLS connection that failed because of the server's certificate or the handshake itself, and names
    /// the cause. Such a failure is permanent: the same certificate fails the same way on every attempt, so it is not
    /// retried, and a network hint (DNS, firewall) would send the user the wrong way.
    /// </summary>
    /// <remarks>
    /// .NET reports the validation result in the <see cref="AuthenticationException"/> text with the names of the
    /// <see cref="SslPolicyErrors"/> or <see cref="X509ChainStatusFlags"/> values (names, not translated words);
    /// .NET Framework reports <see cref="WebExceptionStatus.TrustFailure"/> without details. Both are read here.
    /// </remarks>
    internal static class TlsFailure
    {
        private static readonly string[] PolicyNames = Names(typeof(SslPolicyErrors), nameof(SslPolicyErrors.None));
        private static readonly string[] ChainNames = Names(typeof(X509ChainStatusFlags), nameof(X509ChainStatusFlags.NoError));

        /// <summary>
        /// The cause of a TLS failure in <paramref name="error"/> or its inner exceptions ("UntrustedRoot",
        /// "RemoteCertificateNameMismatch", "certificate not accepted", "TLS handshake failed"), or null when the
        /// failure is something else (a refused connection, a reset, a timeout).
        /// </summary>
        public static string? Cause(Exception? error)
        {
            var tls = false;
            var names = new List<string>();
            for (var e = error; e != null; e = e.InnerException)
            {
                if (e is AuthenticationException || (e is WebException web && (web.Status == WebExceptionStatus.TrustFailure || web.Status == WebExceptionStatus.SecureChannelFailure)))
                {
                    tls = true;
                }

                if (e is AuthenticationException || e is WebException || e.GetType().Name == "HttpRequestException")
                {
                    Collect(e.Message, PolicyNames, names);
                    Collect(e.Message, ChainNames, names);
                }
            }

            if (!tls)
            {
                return null;
            }

            if (names.Count > 0)
            {
                return string.Join(", ", names);
            }

            for (var e = error; e != null; e = e.InnerException)
            {
                if ((e is WebException w && w.Status == WebExceptionStatus.TrustFailure) || (e.Message ?? string.Empty).IndexOf("certificate", StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    return "certificate not accepted";
                }
            }

            return "TLS handshake failed";
        }

        /// <summary>Whether <paramref name="error"/> is a TLS failure (see <see cref="Cause"/>).</summary>
        public static bool Is(Exception? error) => Cause(error) != null;

        /// <summary>What the user should do about <paramref name="cause"/> (from <see cref="Cause"/>), naming <paramref name="host"/>.</summary>
        public static string Action(string cause, string? host)
        {
            var at = host ?? "the host";
            if (Has(cause, nameof(SslPolicyErrors.RemoteCertificateNameMismatch)))
            {
                return "The certificate of " + at + " is for another host name: use the CXone host name itself in the issuer or endpoint override (not an IP address or alias); "
                    + "if a proxy inspects TLS, have it issue certificates for that name.";
            }

            if (Has(cause, nameof(X509ChainStatusFlags.NotTimeValid)))
            {
                return "The certificate of " + at + " is expired or not yet valid: check this computer's date, time and time zone; if they are right, the server's certificate needs renewing.";
            }

            if (Has(cause, nameof(X509ChainStatusFlags.Revoked)))
            {
                return "The certificate of " + at + " was revoked: do not connect; tell your security team.";
            }

            if (Has(cause, nameof(X509ChainStatusFlags.RevocationStatusUnknown)) || Has(cause, nameof(X509ChainStatusFlags.OfflineRevocation)))
            {
                return "The revocation of the certificate of " + at + " could not be checked: allow this computer to reach the certificate authority's revocation lists (CRL, OCSP) through the proxy or firewall.";
            }

            if (Has(cause, "TLS handshake failed"))
            {
                return "The TLS handshake with " + at + " failed: check that the address is the CXone host, that a proxy does not break TLS, and that this computer allows TLS 1.2 or later.";
            }

            return "The certificate of " + at + " is not issued by an authority this computer trusts: if a proxy or security appliance inspects TLS, install its root certificate "
                + "in this computer's trusted root store; otherwise check that the address is the CXone host. Trying again does not help.";
        }

        private static bool Has(string cause, string name) => cause.IndexOf(name, StringComparison.Ordinal) >= 0;

        private static void Collect(string? message, string[] candidates, List<string> found)
        {
            if (string.IsNullOrEmpty(message))
            {
                return;
            }

            foreach (var name in candidates)
            {
                if (!found.Contains(name) && ContainsWord(message!, name))
                {
                    found.Add(name);
                }
            }
        }

        /// <summary>Whether <paramref name="name"/> stands in <paramref name="text"/> as a whole word (Revoked, not part of RevocationStatusUnknown).</summary>
        private static bool ContainsWord(string text, string name)
        {
            for (var i = text.IndexOf(name, StringComparison.Ordinal); i >= 0; i = text.IndexOf(name, i + 1, StringComparison.Ordinal))
            {
                var before = i == 0 || !char.IsLetterOrDigit(text[i - 1]);
                var end = i + name.Length;
                var after = end == text.Length || !char.IsLetterOrDigit(text[end]);
                if (before && after)
                {
                    return true;
                }
            }

            return false;
        }

        private static string[] Names(Type flags, string none)
        {
            var all = Enum.GetNames(flags);
            var list = new List<string>(all.Length);
            foreach (var n in all)
            {
                if (n != none)
                {
                    list.Add(n);
                }
            }

            return list.ToArray();
        }
    }
}
