using System;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;

namespace CXone.PowerShell.Hosting
{
    /// <summary>
    /// Refuses .NET Framework older than 4.7.2 with one sentence that names the installed release and what to install.
    /// Older releases (4.6.2 is Windows Server 2016's default) have no full netstandard 2.0 support: the import would
    /// fail later with an obscure <c>netstandard, Version=2.0.0.0</c> load error. The manifest's
    /// <c>DotNetFrameworkVersion = '4.7.2'</c> is the first gate; this is the second, for hosts that skip it.
    /// </summary>
    internal static class FrameworkCheck
    {
        /// <summary>The <c>Release</c> value of .NET Framework 4.7.2 (the smallest on any Windows version).</summary>
        public const int MinimumRelease = 461808;

        private const string NdpKey = @"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\NET Framework Setup\NDP\v4\Full";

        /// <summary>
        /// Null when the runtime can run the module; otherwise the sentence to show. Modern .NET (PowerShell 7) and
        /// Mono always pass. On .NET Framework the registry's <paramref name="release"/> decides; without it, the
        /// version in <paramref name="frameworkDescription"/> (<c>.NET Framework 4.7.3190.0</c>: 4.7.3xxx and later are 4.7.2+).
        /// </summary>
        /// <param name="frameworkDescription">The text of <see cref="RuntimeInformation.FrameworkDescription"/>.</param>
        /// <param name="release">The <c>Release</c> DWORD under <c>NDP\v4\Full</c>, when it could be read.</param>
        public static string? Refusal(string? frameworkDescription, int? release)
        {
            const string prefix = ".NET Framework";
            if (frameworkDescription is null || !frameworkDescription.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            var versionText = frameworkDescription.Substring(prefix.Length).Trim();
            bool tooOld;
            string installed;
            if (release.HasValue)
            {
                tooOld = release.Value < MinimumRelease;
                installed = ".NET Framework " + versionText + " (Release " + release.Value.ToString(CultureInfo.InvariantCulture) + ")";
            }
            else
            {
                tooOld = Version.TryParse(versionText, out var v) && v < new Version(4, 7, 3000);
                installed = ".NET Framework " + versionText;
            }

            return tooOld
                ? "CXone needs .NET Framework 4.7.2 or later (Release " + MinimumRelease.ToString(CultureInfo.InvariantCulture) + "), but this Windows PowerShell runs on " +
                  installed + ": install .NET Framework 4.8 (or 4.7.2) from Microsoft, restart, and import the module again, or use PowerShell 7."
                : null;
        }

        /// <summary>Reads the registry's .NET Framework <c>Release</c> through reflection (the registry API is not in netstandard2.0); null when it cannot.</summary>
        public static int? ReadRelease()
        {
            try
            {
                var registry = Type.GetType("Microsoft.Win32.Registry, mscorlib", throwOnError: false);
                var getValue = registry?.GetMethod("GetValue", BindingFlags.Public | BindingFlags.Static, null, new[] { typeof(string), typeof(string), typeof(object) }, null);
                return getValue?.Invoke(null, new object?[] { NdpKey, "Release", null }) is int value ? value : (int?)null;
            }
            catch (Exception e) when (e is TargetInvocationException || e is UnauthorizedAccessException || e is System.Security.SecurityException || e is TypeLoadException)
            {
                return null;
            }
        }
    }
}
