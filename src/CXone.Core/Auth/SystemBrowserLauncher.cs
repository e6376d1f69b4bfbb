using System;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core.Errors;

namespace CXone.Core.Auth
{
    /// <summary>
    /// Opens the authorize URL in the system's default browser: the shell on Windows, <c>open</c> on macOS,
    /// <c>xdg-open</c> elsewhere.
    /// </summary>
    public sealed class SystemBrowserLauncher : IBrowserLauncher
    {
        /// <summary>The shared instance.</summary>
        public static SystemBrowserLauncher Instance { get; } = new SystemBrowserLauncher();

        /// <inheritdoc />
        /// <exception cref="CXoneException">Kind <see cref="CXoneErrorKind.InteractiveLoginUnavailable"/> when no browser can be started.</exception>
        public Task LaunchAsync(Uri authorizeUrl, CancellationToken cancellationToken)
        {
            if (authorizeUrl is null)
            {
                throw new ArgumentNullException(nameof(authorizeUrl));
            }

            cancellationToken.ThrowIfCancellationRequested();
            var url = authorizeUrl.AbsoluteUri;
            try
            {
                ProcessStartInfo start;
                if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
                {
                    start = new ProcessStartInfo(url) { UseShellExecute = true };
                }
                else if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX))
                {
                    start = new ProcessStartInfo("open") { UseShellExecute = false };
                    start.Arguments = "\"" + url + "\"";
                }
                else
                {
                    start = new ProcessStartInfo("xdg-open") { UseShellExecute = false };
                    start.Arguments = "\"" + url + "\"";
                }

                using (Process.Start(start))
                {
                }
            }
            catch (Exception ex) when (ex is System.ComponentModel.Win32Exception || ex is InvalidOperationException || ex is System.IO.FileNotFoundException)
            {
                throw new CXoneException(
                    CXoneErrorKind.InteractiveLoginUnavailable,
                    "The system browser could not be started for the CXone login.",
                    "Open a session with an access key instead (Connect-CXone -AccessKeyId ... -AccessKeySecret ...), or run where a browser is available.",
                    innerException: ex);
            }

            return Task.CompletedTask;
        }
    }
}
