using System.Management.Automation;
using CXone.Core.Errors;

namespace CXone.PowerShell.Errors
{
    /// <summary>
    /// The ErrorCategory of each <see cref="CXoneErrorKind"/> (docs/architecture.md, rules of the house 7). Never
    /// <see cref="ErrorCategory.NotSpecified"/>: a kind without a category here is a test failure.
    /// </summary>
    internal static class ErrorCategories
    {
        /// <summary>The category for <paramref name="kind"/>, or null for a kind this table does not know yet.</summary>
        public static ErrorCategory? For(CXoneErrorKind kind)
        {
            switch (kind)
            {
                case CXoneErrorKind.AuthenticationFailed: return ErrorCategory.AuthenticationError;
                case CXoneErrorKind.UnsupportedGrant: return ErrorCategory.NotEnabled;
                case CXoneErrorKind.Forbidden: return ErrorCategory.PermissionDenied;
                case CXoneErrorKind.NotFound: return ErrorCategory.ObjectNotFound;
                case CXoneErrorKind.RecordingNotFound: return ErrorCategory.ObjectNotFound;
                case CXoneErrorKind.RateLimited: return ErrorCategory.LimitsExceeded;
                case CXoneErrorKind.Timeout: return ErrorCategory.OperationTimeout;
                case CXoneErrorKind.NetworkFailure: return ErrorCategory.ConnectionError;
                case CXoneErrorKind.InvalidResponse: return ErrorCategory.InvalidResult;
                case CXoneErrorKind.ServerError: return ErrorCategory.ResourceUnavailable;
                case CXoneErrorKind.BadRequest: return ErrorCategory.InvalidArgument;
                case CXoneErrorKind.NotConnected: return ErrorCategory.InvalidOperation;
                case CXoneErrorKind.ReconnectRequired: return ErrorCategory.AuthenticationError;
                case CXoneErrorKind.TokenExpired: return ErrorCategory.AuthenticationError;
                case CXoneErrorKind.InteractiveLoginUnavailable: return ErrorCategory.InvalidOperation;
                case CXoneErrorKind.InvalidArgument: return ErrorCategory.InvalidArgument;
                case CXoneErrorKind.DiskFull: return ErrorCategory.WriteError;
                case CXoneErrorKind.ProxyAuthenticationRequired: return ErrorCategory.AuthenticationError;
                case CXoneErrorKind.AgentSkillFailed: return ErrorCategory.WriteError;
                case CXoneErrorKind.AreaRequired: return ErrorCategory.InvalidArgument;
                case CXoneErrorKind.ConfirmationRequired: return ErrorCategory.InvalidOperation;
                default: return null;
            }
        }
    }
}
