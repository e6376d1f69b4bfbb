using System;
using System.Management.Automation;
using CXone.Core.Api;
using CXone.Core.Errors;
using CXone.Core.Http;
using CXone.Core.Recordings;

namespace CXone.PowerShell.Hosting
{
    /// <summary>Small parameter and outcome maps shared by the cmdlets (no HTTP, no paging logic: Core does those).</summary>
    internal static class CmdletMaps
    {
        /// <summary>True when the user passed -First, -Skip or -IncludeTotalCount.</summary>
        public static bool IsUsed(PagingParameters p) => p.First != ulong.MaxValue || p.Skip > 0 || p.IncludeTotalCount;

        /// <summary>Core's paging options for PowerShell's paging parameters; <paramref name="onTotal"/> runs only with -IncludeTotalCount.</summary>
        public static PagingOptions Paging(PagingParameters p, Action<long> onTotal) => new PagingOptions
        {
            First = p.First == ulong.MaxValue ? (long?)null : (long)Math.Min(p.First, long.MaxValue),
            Skip = (long)Math.Min(p.Skip, long.MaxValue),
            OnTotalCount = p.IncludeTotalCount ? onTotal : null,
        };

        /// <summary>True when a lookup has nothing to give (404, or no interaction listed).</summary>
        public static bool IsMissing(RecordingLookup lookup) => !lookup.Found || lookup.Recordings.Count == 0;

        /// <summary>The RecordingNotFound error for a contact, with the friendly explanation (docs/cxone-api.md section 4).</summary>
        public static CXoneException RecordingNotFound(string contactId, string? reason) => new CXoneException(
            CXoneErrorKind.RecordingNotFound,
            "No recording for contact " + contactId + ": " + (reason ?? RecordingLookup.NotFoundExplanation),
            CXoneHttpErrors.ActionFor(CXoneErrorKind.RecordingNotFound),
            statusCode: 404);

        /// <summary>The error of a download that did not save (NotFound or Failed).</summary>
        public static Exception ErrorOf(DownloadResult r) => r.Error ?? (r.Status == DownloadStatus.NotFound
            ? RecordingNotFound(r.ContactId, r.Reason)
            : new CXoneException(CXoneErrorKind.ServerError, "Saving the recording of contact " + r.ContactId + " failed: " + r.Reason, "Run the command again; files already saved are skipped unless -Force is given."));
    }
}
