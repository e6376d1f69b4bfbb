using System;
using CXone.Core.Diagnostics;

namespace CXone.Core.Errors
{
    /// <summary>
    /// The one exception type Core throws for CXone failures. It carries what the service said (HTTP status,
    /// OAuth or service error code and description), which host answered, and a recommended action.
    /// Every text it holds has passed through <see cref="Redactor"/>: no token, secret or Authorization
    /// value can appear in <see cref="Exception.Message"/> or any property.
    /// </summary>
    /// <remarks>Cancellation is not wrapped: callers see <see cref="OperationCanceledException"/>.</remarks>
    public class CXoneException : Exception
    {
        /// <summary>Creates an exception; every text argument is sanitized.</summary>
        /// <param name="kind">What went wrong; the PowerShell ErrorId is <c>CXone.&lt;kind&gt;</c>.</param>
        /// <param name="message">What happened, in one or two sentences.</param>
        /// <param name="recommendedAction">What the user should do next.</param>
        /// <param name="statusCode">HTTP status, when an answer arrived.</param>
        /// <param name="errorCode">OAuth <c>error</c> or the service's internal code, when given.</param>
        /// <param name="errorDescription">OAuth <c>error_description</c>/<c>errorDescription</c> or the service message.</param>
        /// <param name="host">The host that answered or could not be reached (no path, no query).</param>
        /// <param name="innerException">The underlying failure, kept for diagnosis.</param>
        public CXoneException(
            CXoneErrorKind kind,
            string message,
            string recommendedAction,
            int? statusCode = null,
            string? errorCode = null,
            string? errorDescription = null,
            string? host = null,
            Exception? innerException = null)
            : base(Redactor.Excerpt(message, MaxMessage), innerException)
        {
            Kind = kind;
            RecommendedAction = Redactor.Excerpt(recommendedAction, MaxMessage);
            StatusCode = statusCode;
            ErrorCode = errorCode is null ? null : Redactor.Excerpt(errorCode, 100);
            ErrorDescription = errorDescription is null ? null : Redactor.Excerpt(errorDescription, Redactor.MaxServerText);
            Host = host is null ? null : Redactor.Excerpt(host, 255);
        }

        /// <summary>
        /// The most characters of <see cref="Exception.Message"/> and <see cref="RecommendedAction"/>; every text is
        /// also one line without control characters (<see cref="Redactor.Sanitize"/>), whatever the server sent.
        /// </summary>
        public const int MaxMessage = 2000;

        /// <summary>What went wrong; maps to the PowerShell ErrorId <c>CXone.&lt;Kind&gt;</c>.</summary>
        public CXoneErrorKind Kind { get; }

        /// <summary>The stable error id for PowerShell: <c>CXone.</c> followed by <see cref="Kind"/>.</summary>
        public string ErrorId => "CXone." + Kind;

        /// <summary>HTTP status code of the answer, or null when none arrived.</summary>
        public int? StatusCode { get; }

        /// <summary>The OAuth <c>error</c> value or the service's error code, when given.</summary>
        public string? ErrorCode { get; }

        /// <summary>The service's own description of the error (sanitized), when given.</summary>
        public string? ErrorDescription { get; }

        /// <summary>The host involved (for example <c>cxone.niceincontact.com</c>), never a full URL.</summary>
        public string? Host { get; }

        /// <summary>What the user should do next, in one sentence.</summary>
        public string RecommendedAction { get; }

        /// <summary>Whether this failure ends a run of many items or only the item it concerns.</summary>
        /// <remarks>The rule lives in <see cref="CXoneFailurePolicy"/>; this is a shortcut to it.</remarks>
        public CXoneFailureScope Scope => CXoneFailurePolicy.ScopeOf(Kind);
    }
}
