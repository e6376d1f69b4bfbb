using System;

namespace CXone.Core.Errors
{
    /// <summary>What a failure inside a pipeline of items (contact ids, recordings) concerns.</summary>
    public enum CXoneFailureScope
    {
        /// <summary>The one item being worked on: report it for that item and go on with the next.</summary>
        Item,

        /// <summary>The session or the whole run: no later item can succeed until the user acts, so the run ends at once.</summary>
        Pipeline,
    }

    /// <summary>
    /// The one rule for failures met while working through many items (looking up or saving the recordings of many
    /// contacts): which failures are one item's error and which end the whole run. Every command that works item by
    /// item asks this policy, so that they agree (docs/architecture.md, rules of the house, rules 1 and 7).
    /// </summary>
    /// <remarks>
    /// The run ends when the session is gone: the credential or token was refused (AuthenticationFailed,
    /// UnsupportedGrant, ReconnectRequired, TokenExpired), a renewal needs a person who is not there
    /// (InteractiveLoginUnavailable), there is no session (NotConnected) or it was disposed
    /// (<see cref="ObjectDisposedException"/>), and when every later item would fail the same way until the user acts:
    /// the disk is full (DiskFull) or the proxy asks for credentials (ProxyAuthenticationRequired). Repeating the same refusal for every later item would only add load
    /// on the token endpoint and bury the one message that says what to do. Every other kind concerns one item: a
    /// 404 (NotFound, RecordingNotFound), a 403 for that contact (Forbidden), a 429 or 5xx left after every retry
    /// (RateLimited, ServerError), a timeout or dropped connection (Timeout, NetworkFailure), a malformed answer
    /// (InvalidResponse), a rejected request (BadRequest), or a value that cannot work for that item
    /// (InvalidArgument: an empty id, a file that cannot be written). An exception that is not a
    /// <see cref="CXoneException"/> is unexpected and ends the run too.
    /// </remarks>
    public static class CXoneFailurePolicy
    {
        /// <summary>The scope of a failure of <paramref name="kind"/>.</summary>
        /// <param name="kind">The failure kind.</param>
        /// <returns><see cref="CXoneFailureScope.Pipeline"/> when the session is gone; otherwise <see cref="CXoneFailureScope.Item"/>.</returns>
        public static CXoneFailureScope ScopeOf(CXoneErrorKind kind)
        {
            switch (kind)
            {
                case CXoneErrorKind.AuthenticationFailed:
                case CXoneErrorKind.UnsupportedGrant:
                case CXoneErrorKind.ReconnectRequired:
                case CXoneErrorKind.TokenExpired:
                case CXoneErrorKind.NotConnected:
                case CXoneErrorKind.InteractiveLoginUnavailable:
                // Every later item would fail the same way until the user acts: a full disk, a proxy asking for credentials.
                case CXoneErrorKind.DiskFull:
                case CXoneErrorKind.ProxyAuthenticationRequired:
                // No session can be made until the user names the area.
                case CXoneErrorKind.AreaRequired:
                // Every further item would need the same answer nobody can give.
                case CXoneErrorKind.ConfirmationRequired:
                    return CXoneFailureScope.Pipeline;
                case CXoneErrorKind.Forbidden:
                case CXoneErrorKind.NotFound:
                case CXoneErrorKind.RecordingNotFound:
                case CXoneErrorKind.RateLimited:
                case CXoneErrorKind.Timeout:
                case CXoneErrorKind.NetworkFailure:
                case CXoneErrorKind.InvalidResponse:
                case CXoneErrorKind.ServerError:
                case CXoneErrorKind.BadRequest:
                case CXoneErrorKind.InvalidArgument:
                case CXoneErrorKind.AgentSkillFailed:
                    return CXoneFailureScope.Item;
                default:
                    // A kind added later ends the run until someone decides otherwise: stopping is the safe mistake.
                    return CXoneFailureScope.Pipeline;
            }
        }

        /// <summary>The scope of <paramref name="error"/>: a <see cref="CXoneException"/> by its kind; anything else
        /// (a disposed session, cancellation, an unexpected fault) ends the run.</summary>
        /// <param name="error">The failure.</param>
        /// <returns>The scope.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="error"/> is null.</exception>
        public static CXoneFailureScope ScopeOf(Exception error)
        {
            if (error is null)
            {
                throw new ArgumentNullException(nameof(error));
            }

            return error is CXoneException cx ? ScopeOf(cx.Kind) : CXoneFailureScope.Pipeline;
        }

        /// <summary>True when <paramref name="error"/> is one item's failure: report it for that item and go on.</summary>
        /// <param name="error">The failure.</param>
        /// <returns>True for <see cref="CXoneFailureScope.Item"/>.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="error"/> is null.</exception>
        public static bool IsItemFailure(Exception error) => ScopeOf(error) == CXoneFailureScope.Item;

        /// <summary>True when <paramref name="error"/> ends the whole run (the session is gone, or the failure is unexpected).</summary>
        /// <param name="error">The failure.</param>
        /// <returns>True for <see cref="CXoneFailureScope.Pipeline"/>.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="error"/> is null.</exception>
        public static bool EndsPipeline(Exception error) => ScopeOf(error) == CXoneFailureScope.Pipeline;
    }
}
