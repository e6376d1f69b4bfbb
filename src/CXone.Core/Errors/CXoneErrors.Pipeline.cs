using System;
using System.Net.Http;
using CXone.Core.Recordings;

namespace CXone.Core.Errors
{
    /// <summary>The errors of a session's life and of one item in a run: no session, a closed session, no recording, a
    /// download that did not save, a request that cannot be paged.</summary>
    public static partial class CXoneErrors
    {
        /// <summary>NotConnected: no session was given and none is the default (nothing was sent).</summary>
        /// <returns>The exception to throw.</returns>
        public static CXoneException NotConnected() => new CXoneException(
            CXoneErrorKind.NotConnected,
            "Not connected to CXone in this runspace. Run Connect-CXone first.",
            "Run Connect-CXone first, or pass a session with -Session (Connect-CXone -PassThru returns one).");

        /// <summary>NotConnected for a session that was disposed (disconnected) while or before it was used.</summary>
        /// <param name="inner">The <see cref="ObjectDisposedException"/> the session threw, kept as the inner exception.</param>
        /// <returns>The exception to throw.</returns>
        public static CXoneException SessionClosed(Exception? inner = null) => new CXoneException(
            CXoneErrorKind.NotConnected,
            "This CXone session was disconnected. Run Connect-CXone first.",
            "Run Connect-CXone again and use the new session.",
            innerException: inner);

        /// <summary>RecordingNotFound (404) for a contact or segment without a recording (docs/cxone-api.md section 4).</summary>
        /// <param name="contactId">The contact or segment id looked up.</param>
        /// <param name="reason">What media playback said, or null for the usual explanation (<see cref="RecordingLookup.NotFoundExplanation"/>).</param>
        /// <returns>The exception to report for that item.</returns>
        public static CXoneException RecordingNotFound(string contactId, string? reason) => new CXoneException(
            CXoneErrorKind.RecordingNotFound,
            "No recording for contact " + contactId + ": " + (reason ?? RecordingLookup.NotFoundExplanation),
            ActionFor(CXoneErrorKind.RecordingNotFound),
            statusCode: 404);

        /// <summary>The error of a download that did not save: its own <see cref="DownloadResult.Error"/>, RecordingNotFound
        /// for <see cref="DownloadStatus.NotFound"/>, otherwise a ServerError carrying <see cref="DownloadResult.Reason"/>.</summary>
        /// <param name="result">A result whose status is NotFound or Failed.</param>
        /// <returns>The exception to report for that item (or to end the run with, per <see cref="CXoneFailurePolicy"/>).</returns>
        /// <exception cref="ArgumentNullException"><paramref name="result"/> is null.</exception>
        public static CXoneException DownloadFailed(DownloadResult result)
        {
            if (result is null)
            {
                throw new ArgumentNullException(nameof(result));
            }

            return result.Error ?? (result.Status == DownloadStatus.NotFound
                ? RecordingNotFound(result.ContactId, result.Reason)
                : new CXoneException(
                    CXoneErrorKind.ServerError,
                    "Saving the recording of contact " + result.ContactId + " failed: " + result.Reason,
                    "Run the command again; files already saved are skipped unless -Force is given."));
        }

        /// <summary>InvalidArgument for paging a request whose method is not GET (nothing is sent).</summary>
        /// <param name="method">The request's method.</param>
        /// <returns>The exception to throw.</returns>
        public static CXoneException NotPageable(HttpMethod method) => new CXoneException(
            CXoneErrorKind.InvalidArgument,
            "Paging walks the pages of a GET list endpoint; a " + method + " request cannot be paged (-All, -First, -Skip and -IncludeTotalCount need -Method GET).",
            "Send the " + method + " request without paging (drop -All, -First, -Skip and -IncludeTotalCount), or use GET.");

        /// <summary>
        /// ConfirmationRequired: a command would ask before it changes something, and no person can answer (a
        /// non-interactive shell, a job, a runspace without a host). Ends the run before anything is sent.
        /// </summary>
        /// <param name="command">The command, for example <c>Remove-CXoneAgentSkill</c>.</param>
        /// <param name="what">What it does, for example <c>removes skills</c>.</param>
        /// <param name="hasForce">Whether the command takes <c>-Force</c> (then the advice names it first).</param>
        /// <param name="inner">The host's refusal to prompt, kept as the inner exception.</param>
        /// <returns>The exception to end the run with.</returns>
        public static CXoneException ConfirmationRequired(string command, string what, bool hasForce, Exception? inner = null) => new CXoneException(
            CXoneErrorKind.ConfirmationRequired,
            command + " asks for confirmation before it " + what + ", and nobody can answer here (a non-interactive shell or a runspace without a host). Nothing was changed.",
            (hasForce ? "Add -Force (or -Confirm:$false)" : "Add -Confirm:$false") + " to go ahead without asking, or -WhatIf to see what it would do.",
            innerException: inner);
    }
}
