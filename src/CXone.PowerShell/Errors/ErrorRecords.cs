using System;
using System.Management.Automation;
using CXone.Core.Diagnostics;
using CXone.Core.Errors;

namespace CXone.PowerShell.Errors
{
    /// <summary>
    /// Turns exceptions into ErrorRecords with a stable ErrorId (<c>CXone.&lt;Kind&gt;</c>), the kind's
    /// ErrorCategory, the recommended action in ErrorDetails and a redacted target summary (docs/architecture.md, rules of the house 7).
    /// </summary>
    internal static class ErrorRecords
    {
        /// <summary>The ErrorId of failures that are not <see cref="CXoneException"/> (a bug or an unexpected host fault).</summary>
        public const string UnexpectedErrorId = "CXone.UnexpectedError";

        /// <summary>The exception every cmdlet throws (terminating) when no session can be found.</summary>
        public static CXoneException NotConnected() => new CXoneException(
            CXoneErrorKind.NotConnected,
            "Not connected to CXone in this runspace. Run Connect-CXone first.",
            "Run Connect-CXone first, or pass a session with -Session (Connect-CXone -PassThru returns one).");

        /// <summary>An ErrorRecord for <paramref name="error"/>; <paramref name="target"/> is summarized with <see cref="TargetSummary"/>.</summary>
        public static ErrorRecord Create(Exception error, object? target)
        {
            var summary = TargetSummary.Of(target);
            if (error is CXoneException cx)
            {
                return WithDetails(new ErrorRecord(cx, cx.ErrorId, ErrorCategories.For(cx.Kind) ?? ErrorCategory.InvalidOperation, summary), cx.Message, cx.RecommendedAction);
            }

            if (error is ObjectDisposedException)
            {
                var closed = new CXoneException(CXoneErrorKind.NotConnected, "This CXone session was disconnected. Run Connect-CXone first.", "Run Connect-CXone again and use the new session.", innerException: error);
                return Create(closed, target);
            }

            if (error is ArgumentException || error is FormatException)
            {
                var message = Redactor.Sanitize(error.Message);
                return WithDetails(new ErrorRecord(error, "CXone." + nameof(CXoneErrorKind.InvalidArgument), ErrorCategory.InvalidArgument, summary), message, "Check the parameter values.");
            }

            return WithDetails(
                new ErrorRecord(error, UnexpectedErrorId, ErrorCategory.InvalidOperation, summary),
                Redactor.Sanitize(error.Message),
                "This is unexpected: run the command again with -Debug and report the output (it contains no secrets).");
        }

        private static ErrorRecord WithDetails(ErrorRecord record, string message, string recommendedAction)
        {
            record.ErrorDetails = new ErrorDetails(message) { RecommendedAction = recommendedAction };
            return record;
        }
    }
}
