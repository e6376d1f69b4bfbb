using System;
using System.Net;
using System.Net.Http;
using CXone.Core.Diagnostics;

namespace CXone.Core.Http
{
    /// <summary>
    /// Reads transport failures of the HttpWebRequest-based stacks (.NET Framework, Mono), which arrive as
    /// <see cref="HttpRequestException"/> around a <see cref="WebException"/> whose <see cref="WebException.Status"/>
    /// tells what happened, and keeps the innermost cause for the message (the outer text is only "An error occurred
    /// while sending the request"). Classified like modern .NET's SocketException and HttpRequestError: not reaching
    /// the server at all is always worth another try, a dropped connection is worth one for idempotent calls, a TLS
    /// negotiation or certificate failure never.
    /// </summary>
    internal static class TransportFailures
    {
        /// <summary>Whether <paramref name="error"/> (or an inner exception) is a WebException saying the server was never reached.</summary>
        public static bool IsWebConnectFailure(Exception error)
        {
            var status = WebStatus(error);
            return status == WebExceptionStatus.ConnectFailure
                || status == WebExceptionStatus.NameResolutionFailure
                || status == WebExceptionStatus.ProxyNameResolutionFailure;
        }

        /// <summary>
        /// Whether <paramref name="error"/> is a failure that another attempt cannot mend: TLS negotiation
        /// (SecureChannelFailure), a certificate that is not trusted (TrustFailure), or a protocol violation
        /// (ServerProtocolViolation).
        /// </summary>
        public static bool IsPermanent(Exception error)
        {
            var status = WebStatus(error);
            return status == WebExceptionStatus.SecureChannelFailure
                || status == WebExceptionStatus.TrustFailure
                || status == WebExceptionStatus.ServerProtocolViolation;
        }

        /// <summary>
        /// The status of the first <see cref="WebException"/> in <paramref name="error"/>'s chain that has one other
        /// than <see cref="WebExceptionStatus.UnknownError"/>, or null.
        /// </summary>
        public static WebExceptionStatus? WebStatus(Exception error)
        {
            for (var e = error; e != null; e = e.InnerException)
            {
                if (e is WebException web && web.Status != WebExceptionStatus.UnknownError)
                {
                    return web.Status;
                }
            }

            return null;
        }

        /// <summary>The innermost exception of <paramref name="error"/>'s chain (the cause the runtime first saw).</summary>
        public static Exception Innermost(Exception error)
        {
            var e = error;
            while (e.InnerException != null)
            {
                e = e.InnerException;
            }

            return e;
        }

        /// <summary>
        /// One sanitised line for a person: the outer message, the WebException status when there is one, and the
        /// innermost cause when it says something else, for example
        /// <c>An error occurred while sending the request (NameResolutionFailure): The remote name could not be resolved: 'cxone.example'</c>.
        /// </summary>
        /// <param name="error">The transport failure.</param>
        public static string Describe(Exception error)
        {
            var outer = error.Message.Trim();
            var status = WebStatus(error);
            var inner = Innermost(error).Message.Trim();
            var text = outer.TrimEnd('.');
            if (status != null)
            {
                text += " (" + status.Value + ")";
            }

            if (!ReferenceEquals(Innermost(error), error) && inner.Length > 0 && !string.Equals(inner, outer, StringComparison.Ordinal))
            {
                text += ": " + inner;
            }

            return Redactor.Excerpt(text, 500);
        }
    }
}
