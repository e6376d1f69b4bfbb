using System;
using System.Collections;
using System.Collections.Specialized;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core.Diagnostics;
using CXone.Core.Errors;
using CXone.Core.Support;

namespace CXone.Core.Auth
{
    /// <summary>The code, verifier and redirect URI an authorization code flow produced.</summary>
    internal sealed class AuthorizationResult
    {
        public AuthorizationResult(string code, string codeVerifier, Uri redirectUri)
        {
            Code = code;
            CodeVerifier = codeVerifier;
            RedirectUri = redirectUri;
        }

        public string Code { get; }

        public string CodeVerifier { get; }

        public Uri RedirectUri { get; }
    }

    /// <summary>
    /// The browser half of the authorization code flow with PKCE S256 (docs/cxone-api.md section 2): a
    /// loopback listener on 127.0.0.1, the authorize URL handed to an <see cref="IBrowserLauncher"/>, the
    /// <c>state</c> check and the timeout on the session's clock.
    /// </summary>
    internal static class LoopbackAuthorization
    {
        /// <summary>Throws <see cref="CXoneErrorKind.InteractiveLoginUnavailable"/> when no person can answer.</summary>
        public static void EnsureInteractive(AuthorizationCodeOptions options, IDictionary? environment = null)
        {
            string? reason = null;
            if (options.IsInteractive == false)
            {
                reason = "the options say no interactive user is present (IsInteractive = false)";
            }
            else if (options.IsInteractive is null && options.Launcher is null)
            {
                reason = NonInteractiveReason(environment ?? Environment.GetEnvironmentVariables(), RuntimeInformation.IsOSPlatform(OSPlatform.Linux), Environment.UserInteractive);
            }

            if (reason != null)
            {
                throw new CXoneException(
                    CXoneErrorKind.InteractiveLoginUnavailable,
                    "A browser login cannot be used here: " + reason + ".",
                    "Use an access key for unattended runs (Connect-CXone -AccessKeyId -AccessKeySecret, or the CXONE_* environment variables).");
            }
        }

        /// <summary>Why nobody can answer a browser here, or null when a person probably can.</summary>
        internal static string? NonInteractiveReason(IDictionary environment, bool isLinux, bool userInteractive)
        {
            string? Get(string name)
            {
                var value = environment.Contains(name) ? environment[name] as string : null;
                return string.IsNullOrWhiteSpace(value) ? null : value;
            }

            var ci = Get("CI");
            if (ci != null && !string.Equals(ci, "false", StringComparison.OrdinalIgnoreCase) && ci != "0")
            {
                return "this is a CI run (CI is set)";
            }

            foreach (var name in new[] { "GITHUB_ACTIONS", "TF_BUILD", "JENKINS_URL", "GITLAB_CI", "BUILDKITE", "TEAMCITY_VERSION" })
            {
                if (Get(name) != null)
                {
                    return "this is a CI run (" + name + " is set)";
                }
            }

            if (!userInteractive)
            {
                return "the process does not run in an interactive user session";
            }

            if (isLinux && Get("DISPLAY") is null && Get("WAYLAND_DISPLAY") is null)
            {
                return "there is no graphical display (DISPLAY and WAYLAND_DISPLAY are not set)";
            }

            return null;
        }

        /// <summary>Runs the browser half and returns the authorization code.</summary>
        public static async Task<AuthorizationResult> AuthorizeAsync(
            AuthorizationCodeOptions options,
            Uri authorizationEndpoint,
            string clientId,
            string scope,
            string? prompt,
            TimeProvider time,
            CancellationToken cancellationToken)
        {
            var verifier = Jwt.EncodeBase64Url(RandomBytes(32));
            string challenge;
            using (var sha = SHA256.Create())
            {
                challenge = Jwt.EncodeBase64Url(sha.ComputeHash(Encoding.ASCII.GetBytes(verifier)));
            }

            var state = Jwt.EncodeBase64Url(RandomBytes(16));
            var (listener, redirectUri) = StartListener(options.RedirectUri);
            try
            {
                var query = new StringBuilder();
                void Add(string name, string value) =>
                    query.Append(query.Length == 0 ? string.Empty : "&").Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
                Add("client_id", clientId);
                Add("redirect_uri", redirectUri.AbsoluteUri);
                Add("response_type", "code");
                Add("scope", scope);
                if (!string.IsNullOrEmpty(prompt))
                {
                    Add("prompt", prompt!);
                }

                Add("state", state);
                Add("code_challenge", challenge);
                Add("code_challenge_method", "S256");
                if (!string.IsNullOrEmpty(options.TenantId))
                {
                    Add("tenantId", options.TenantId!);
                }

                var builder = new UriBuilder(authorizationEndpoint);
                var existing = builder.Query.TrimStart('?');
                builder.Query = existing.Length == 0 ? query.ToString() : existing + "&" + query;
                var authorizeUrl = builder.Uri;

                // Listen before launching: a launcher may wait for the whole redirect round trip.
                var receive = ReceiveAsync(listener, state);
                TaskFaults.Observe(receive);

                CXoneReporting.Verbose("browser login: waiting up to " + UtcText.Duration(options.Timeout) + " for the answer on " + redirectUri.AbsoluteUri);
                var launcher = options.Launcher ?? SystemBrowserLauncher.Instance;
                try
                {
                    await launcher.LaunchAsync(authorizeUrl, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (!(ex is OperationCanceledException) && (!(ex is CXoneException cx) || cx.Kind == CXoneErrorKind.InteractiveLoginUnavailable))
                {
                    // A person is here (EnsureInteractive passed: CI and headless runs never get this far), only the
                    // browser did not start: the address carries no secret (PKCE sends the challenge, not the verifier),
                    // so the person can open it by hand while the listener waits.
                    CXoneReporting.Warning("The browser could not be opened (" + Redactor.Sanitize(ex.Message) + "). Open this address in a browser to log in within " +
                        UtcText.Duration(options.Timeout) + ": " + authorizeUrl.AbsoluteUri);
                }

                NameValueCollection answer;
                try
                {
                    answer = await receive.WaitAsync(options.Timeout, time, cancellationToken).ConfigureAwait(false);
                }
                catch (TimeoutException ex)
                {
                    throw new CXoneException(
                        CXoneErrorKind.Timeout,
                        "Nobody completed the browser login within " + UtcText.Duration(options.Timeout) + " (listening on " + redirectUri.Authority + ").",
                        "Run the login again and complete it in the browser, or use an access key for unattended runs.",
                        host: authorizationEndpoint.Authority,
                        innerException: ex);
                }

                var error = answer["error"];
                if (!string.IsNullOrEmpty(error))
                {
                    var description = answer["error_description"] ?? answer["errorDescription"];
                    throw new CXoneException(
                        CXoneErrorKind.AuthenticationFailed,
                        "The browser login was refused: " + error + (string.IsNullOrEmpty(description) ? string.Empty : ": " + description) + ".",
                        "Check that the user may use this client registration, then log in again.",
                        errorCode: error,
                        errorDescription: description,
                        host: authorizationEndpoint.Authority);
                }

                // The code and the verifier are credentials until the token endpoint has used them: mask them too.
                Redactor.AddSecret(answer["code"]);
                Redactor.AddSecret(verifier);
                return new AuthorizationResult(answer["code"]!, verifier, redirectUri);
            }
            finally
            {
                try
                {
                    listener.Close();
                }
                catch (ObjectDisposedException)
                {
                }
            }
        }

        private static async Task<NameValueCollection> ReceiveAsync(HttpListener listener, string state)
        {
            while (true)
            {
                var context = await listener.GetContextAsync().ConfigureAwait(false);
                var query = context.Request.QueryString;
                var hasAnswer = query["code"] != null || query["error"] != null;
                if (!hasAnswer)
                {
                    Respond(context, 404, "Not found.");
                    continue;
                }

                if (!string.Equals(query["state"], state, StringComparison.Ordinal))
                {
                    Respond(context, 400, "The login answer did not match this request (state mismatch). Close this window and try again.");
                    throw new CXoneException(
                        CXoneErrorKind.AuthenticationFailed,
                        "The browser login answer carried a state that does not match the request, so it was rejected and no token was requested.",
                        "Run the login again; if it repeats, something else is answering on the loopback redirect.");
                }

                Respond(context, 200, query["error"] is null
                    ? "CXone login complete. You can close this window and return to PowerShell."
                    : "CXone login failed. You can close this window; PowerShell shows the reason.");
                return query;
            }
        }

        private static void Respond(HttpListenerContext context, int status, string text)
        {
            try
            {
                var html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>CXonePS</title></head><body><p>" + WebUtility.HtmlEncode(text) + "</p></body></html>";
                var bytes = Encoding.UTF8.GetBytes(html);
                context.Response.StatusCode = status;
                context.Response.ContentType = "text/html; charset=utf-8";
                context.Response.ContentLength64 = bytes.Length;
                context.Response.OutputStream.Write(bytes, 0, bytes.Length);
                context.Response.OutputStream.Close();
            }
            catch (Exception ex) when (ex is HttpListenerException || ex is ObjectDisposedException || ex is InvalidOperationException || ex is System.IO.IOException)
            {
                // The browser went away; the answer itself was read.
            }
        }

        private static (HttpListener Listener, Uri RedirectUri) StartListener(Uri? requested)
        {
            if (requested != null)
            {
                if (!requested.IsAbsoluteUri || requested.Scheme != Uri.UriSchemeHttp || !requested.IsLoopback)
                {
                    throw new CXoneException(
                        CXoneErrorKind.InvalidArgument,
                        "The redirect URI " + Redactor.SafeUrl(requested) + " must be http on a loopback host (for example http://127.0.0.1:53682/).",
                        "Pass a loopback redirect URI registered for the client, or leave it empty to use a free port on 127.0.0.1.");
                }

                var prefix = requested.GetLeftPart(UriPartial.Path);
                if (!prefix.EndsWith("/", StringComparison.Ordinal))
                {
                    prefix += "/";
                }

                var listener = new HttpListener();
                listener.Prefixes.Add(prefix);
                try
                {
                    listener.Start();
                }
                catch (HttpListenerException ex)
                {
                    listener.Close();
                    throw new CXoneException(
                        CXoneErrorKind.InteractiveLoginUnavailable,
                        "The loopback redirect " + prefix + " could not be opened: " + ex.Message,
                        "Pick another redirect port, or leave the redirect URI empty to use a free port.",
                        innerException: ex);
                }

                return (listener, new Uri(prefix));
            }

            // 127.0.0.1 first (RFC 8252 section 7.3). On Windows, http.sys may refuse a non-administrator the
            // 127.0.0.1 prefix (access denied) while it grants the localhost one: then localhost on the same port.
            HttpListenerException? last = null;
            for (var attempt = 0; attempt < 5; attempt++)
            {
                var port = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
                foreach (var host in new[] { "127.0.0.1", "localhost" })
                {
                    var prefix = "http://" + host + ":" + port + "/";
                    var listener = new HttpListener();
                    listener.Prefixes.Add(prefix);
                    try
                    {
                        listener.Start();
                        return (listener, new Uri(prefix));
                    }
                    catch (HttpListenerException ex)
                    {
                        last = ex;
                        listener.Close();
                    }
                }
            }

            throw new CXoneException(
                CXoneErrorKind.InteractiveLoginUnavailable,
                "No loopback port could be opened for the browser login.",
                "Use an access key, or pass a redirect URI with a port that is free.",
                innerException: last);
        }

        private static int FreePort()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            try
            {
                return ((IPEndPoint)probe.LocalEndpoint).Port;
            }
            finally
            {
                probe.Stop();
            }
        }

        private static byte[] RandomBytes(int count)
        {
            var bytes = new byte[count];
            using (var rng = RandomNumberGenerator.Create())
            {
                rng.GetBytes(bytes);
            }

            return bytes;
        }
    }
}
