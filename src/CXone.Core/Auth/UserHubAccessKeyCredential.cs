using System;
using System.Text.RegularExpressions;
using CXone.Core.Diagnostics;
using CXone.Core.Errors;

namespace CXone.Core.Auth
{
    /// <summary>
    /// An access key without an app registration: the UserHub access-key login
    /// <c>POST https://{area}.nice-incontact.com/authentication/v1/token/access-key</c> with the JSON body
    /// <c>{"accessKeyId":"...","accessKeySecret":"..."}</c> and no client id or secret (docs/cxone-api.md section 6).
    /// The session renews by repeating that login ahead of expiry (a refresh endpoint for it is unconfirmed, so a
    /// refresh token in the answer is never used). Its <see cref="CXoneCredential.Kind"/> is
    /// <see cref="CXoneCredentialKind.AccessKey"/>; the session's <see cref="CXoneSession.Login"/> says
    /// <see cref="CXoneLogin.UserHubAccessKey"/>.
    /// </summary>
    public sealed class UserHubAccessKeyCredential : CXoneCredential
    {
        private static readonly Regex AreaShape = new Regex("^[a-z]+[0-9]+$", RegexOptions.CultureInvariant);

        /// <summary>Creates the credential and registers <paramref name="accessKeySecret"/> with the redactor.</summary>
        /// <param name="accessKeyId">The access key id (not secret).</param>
        /// <param name="accessKeySecret">The access key secret (secret).</param>
        /// <exception cref="ArgumentException">A value is null or empty.</exception>
        public UserHubAccessKeyCredential(string accessKeyId, string accessKeySecret)
        {
            AccessKeyId = Require(accessKeyId, nameof(accessKeyId));
            AccessKeySecret = Require(accessKeySecret, nameof(accessKeySecret));
            Redactor.AddSecret(accessKeySecret);
        }

        /// <summary>The path of the login under the area's host (docs/cxone-api.md section 6).</summary>
        public const string LoginPath = "authentication/v1/token/access-key";

        /// <summary>The access key id.</summary>
        public string AccessKeyId { get; }

        internal string AccessKeySecret { get; }

        /// <inheritdoc />
        public override CXoneCredentialKind Kind => CXoneCredentialKind.AccessKey;

        /// <inheritdoc />
        public override bool CanReauthenticateSilently => true;

        internal override string? GrantType => null;

        internal override bool RenewsWithRefreshToken => false;

        /// <inheritdoc />
        public override string ToString() => Kind + " (UserHub, key id " + AccessKeyId + ")";

        /// <summary>
        /// The login URL: <paramref name="authEndpoint"/> (a base such as <c>https://na1.nice-incontact.com</c>, or the
        /// whole login URL) wins; otherwise <c>https://{area}.nice-incontact.com/authentication/v1/token/access-key</c>.
        /// </summary>
        /// <param name="authEndpoint">The base or whole URL, or null.</param>
        /// <param name="area">The area, lowercase letters then digits (<c>na1</c>, <c>au1</c>, <c>eu1</c>), or null.</param>
        /// <returns>The absolute login URL.</returns>
        /// <exception cref="CXoneException"><see cref="CXoneErrorKind.AreaRequired"/> when neither is given;
        /// <see cref="CXoneErrorKind.InvalidArgument"/> for an area of another shape or an insecure base.</exception>
        public static Uri ResolveEndpoint(Uri? authEndpoint, string? area)
        {
            if (authEndpoint != null)
            {
                Discovery.RequireSecure(authEndpoint, "auth endpoint");
                if (authEndpoint.AbsolutePath.TrimEnd('/').EndsWith("/" + LoginPath, StringComparison.OrdinalIgnoreCase))
                {
                    return authEndpoint;
                }

                return new Uri(Discovery.WithTrailingSlash(authEndpoint), LoginPath);
            }

            if (string.IsNullOrWhiteSpace(area))
            {
                throw new CXoneException(
                    CXoneErrorKind.AreaRequired,
                    "The access-key login without an app registration needs the CXone area of your tenant (for example na1, au1, eu1), and none was given.",
                    "Pass -Area (for example -Area na1) or set CXONE_AREA; or give the whole login base with -AuthEndpoint or CXONE_AUTH_ENDPOINT (for example https://na1.nice-incontact.com). With an app registration, pass -ClientId and -ClientSecret instead.");
            }

            var trimmed = area!.Trim();
            if (!AreaShape.IsMatch(trimmed))
            {
                throw new CXoneException(
                    CXoneErrorKind.InvalidArgument,
                    "The area '" + Redactor.Excerpt(trimmed, 20) + "' is not an area name: it is lowercase letters followed by digits, such as na1, au1, eu1, ca1, uk1 or jp1.",
                    "Pass the area your CXone URL starts with (https://na1.nice-incontact.com means -Area na1), or the whole base with -AuthEndpoint.");
            }

            return new Uri("https://" + trimmed + ".nice-incontact.com/" + LoginPath);
        }
    }
}
