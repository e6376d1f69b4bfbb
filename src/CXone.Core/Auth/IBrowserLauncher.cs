using System;
using System.Threading;
using System.Threading.Tasks;

namespace CXone.Core.Auth
{
    /// <summary>
    /// Opens the authorize URL of the authorization code flow for the user. The default
    /// (<see cref="SystemBrowserLauncher"/>) starts the system browser; a host or a test may supply its own (a
    /// test performs the HTTP GET itself and follows the redirect to the loopback listener).
    /// </summary>
    public interface IBrowserLauncher
    {
        /// <summary>
        /// Shows <paramref name="authorizeUrl"/> to the user. It may return before the user has answered: the
        /// answer arrives on the loopback redirect URI. The URL holds no secret (only the PKCE challenge and state).
        /// </summary>
        /// <param name="authorizeUrl">The issuer's authorization endpoint with client_id, redirect_uri,
        /// response_type=code, scope=openid, state, code_challenge and code_challenge_method=S256.</param>
        /// <param name="cancellationToken">Cancels the launch.</param>
        /// <returns>A task that completes when the URL has been handed over.</returns>
        Task LaunchAsync(Uri authorizeUrl, CancellationToken cancellationToken);
    }
}
