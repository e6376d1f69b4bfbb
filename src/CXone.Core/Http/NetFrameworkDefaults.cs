using System;
using System.Collections.Concurrent;
using System.Net;
using System.Runtime.InteropServices;

namespace CXone.Core.Http
{
    /// <summary>
    /// Process settings that the HttpWebRequest-based stacks (.NET Framework, as under Windows PowerShell 5.1, and
    /// Mono) need before a CXone call can work well, applied only there: TLS 1.2 (and 1.3 where the runtime
    /// defines it) added to <see cref="ServicePointManager.SecurityProtocol"/>, and a per-host connection limit
    /// above the largest download ThrottleLimit. Modern .NET ignores ServicePointManager for HttpClient and
    /// negotiates TLS with the operating system, so nothing is changed there.
    /// </summary>
    /// <remarks>
    /// Why: on Windows Server 2016 and older defaults, powershell.exe offers only SSL 3 and TLS 1.0, which CXone
    /// refuses; and .NET Framework allows 2 connections per host, so parallel downloads ran in waves of two and the
    /// queued ones timed out. Nothing the process already enables is removed: other modules in the same process
    /// may need it. <c>SystemDefault</c> (0, the operating system chooses) is left alone.
    /// </remarks>
    public static class NetFrameworkDefaults
    {
        /// <summary>
        /// Connections allowed per host: the largest <see cref="Recordings.DownloadOptions.ThrottleLimit"/> (32)
        /// plus 16 for the API calls (lookups, paging, token renewal) that run beside the downloads.
        /// </summary>
        public const int ConnectionLimit = 48;

        /// <summary>The value of <c>SecurityProtocolType.Tls13</c>, which the netstandard2.0 surface does not name.</summary>
        private const int Tls13Value = 12288;

        private static readonly ConcurrentDictionary<string, bool> RaisedHosts = new ConcurrentDictionary<string, bool>(StringComparer.OrdinalIgnoreCase);
        private static readonly object Gate = new object();
        private static bool _applied;

        /// <summary>
        /// Whether the runtime named by <paramref name="frameworkDescription"/> (the text of
        /// <see cref="RuntimeInformation.FrameworkDescription"/>, for example <c>.NET Framework 4.8.9032.0</c> or
        /// <c>Mono 6.8.0.105</c>) sends HttpClient calls over ServicePointManager's HttpWebRequest machinery.
        /// </summary>
        /// <param name="frameworkDescription">The runtime's description; null counts as modern .NET.</param>
        public static bool UsesServicePoints(string? frameworkDescription) =>
            frameworkDescription != null
            && (frameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase)
                || frameworkDescription.StartsWith("Mono", StringComparison.OrdinalIgnoreCase));

        /// <summary>
        /// The protocols to enable: <paramref name="current"/> with TLS 1.2 added, and TLS 1.3 when
        /// <paramref name="tls13Defined"/>; nothing removed. <c>SystemDefault</c> (0) is returned unchanged, since
        /// the operating system then chooses and already offers its best protocols.
        /// </summary>
        /// <param name="current">The flags in force, for example <c>Ssl3 | Tls</c>.</param>
        /// <param name="tls13Defined">Whether the runtime's enum defines <c>Tls13</c> (.NET Framework 4.8 and later).</param>
        /// <returns>For <c>Ssl3 | Tls</c>: <c>Ssl3 | Tls | Tls12</c> (and <c>| Tls13</c>).</returns>
        public static SecurityProtocolType WithModernTls(SecurityProtocolType current, bool tls13Defined)
        {
            if (current == 0)
            {
                return current;
            }

            var added = current | SecurityProtocolType.Tls12;
            return tls13Defined ? added | (SecurityProtocolType)Tls13Value : added;
        }

        /// <summary>Whether this runtime's <see cref="SecurityProtocolType"/> defines <c>Tls13</c>.</summary>
        public static bool RuntimeDefinesTls13 => Enum.IsDefined(typeof(SecurityProtocolType), Tls13Value);

        /// <summary>
        /// Applies the settings once per process, and only on a runtime that <see cref="UsesServicePoints"/>:
        /// <see cref="WithModernTls"/> on <see cref="ServicePointManager.SecurityProtocol"/> and
        /// <see cref="ServicePointManager.DefaultConnectionLimit"/> raised to <see cref="ConnectionLimit"/> (never lowered).
        /// </summary>
        /// <returns>True when the settings apply to this runtime.</returns>
        public static bool EnsureApplied()
        {
            if (!UsesServicePoints(RuntimeInformation.FrameworkDescription))
            {
                return false;
            }

            lock (Gate)
            {
                if (!_applied)
                {
                    ServicePointManager.SecurityProtocol = WithModernTls(ServicePointManager.SecurityProtocol, RuntimeDefinesTls13);
                    if (ServicePointManager.DefaultConnectionLimit < ConnectionLimit)
                    {
                        ServicePointManager.DefaultConnectionLimit = ConnectionLimit;
                    }

                    _applied = true;
                }
            }

            return true;
        }

        /// <summary>
        /// Raises the connection limit of the ServicePoint of <paramref name="uri"/>'s host (one that existed before
        /// <see cref="EnsureApplied"/> keeps the old default) to <see cref="ConnectionLimit"/>, once per origin. Does
        /// nothing on modern .NET.
        /// </summary>
        /// <param name="uri">A CXone API, token or storage address.</param>
        public static void RaiseLimitFor(Uri? uri)
        {
            if (uri is null || !uri.IsAbsoluteUri || !EnsureApplied() || RaisedHosts.ContainsKey(uri.GetLeftPart(UriPartial.Authority)))
            {
                return;
            }

            try
            {
                var point = ServicePointManager.FindServicePoint(uri);
                if (point.ConnectionLimit < ConnectionLimit)
                {
                    point.ConnectionLimit = ConnectionLimit;
                }
            }
            catch (Exception e) when (e is NotSupportedException || e is PlatformNotSupportedException || e is InvalidOperationException)
            {
                // A runtime without ServicePoints: its handler has its own limit (set by TransportFactory).
            }

            RaisedHosts[uri.GetLeftPart(UriPartial.Authority)] = true;
        }
    }
}
