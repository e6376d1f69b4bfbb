using System;
using System.Management.Automation;
using CXone.PowerShell.Hosting;
using CXone.PowerShell.Models;

namespace CXone.PowerShell.Commands
{
    /// <summary>
    /// <c>Get-CXoneToken</c>: the session's current access token (renewed first when due, or with
    /// <c>-ForceRefresh</c>) as a SecureString; with <c>-AsPlainText</c> as text, after writing the CI host's mask
    /// command (GitHub Actions, Azure DevOps). One Core call: <see cref="Core.CXoneSession.GetTokenAsync"/>.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "CXoneToken")]
    [OutputType(typeof(CXoneTokenInfo), typeof(CXonePlainTextToken))]
    public sealed class GetCXoneTokenCommand : CXoneSessionCmdlet
    {
        /// <summary>Renews the token now instead of using the cached one.</summary>
        [Parameter]
        public SwitchParameter ForceRefresh { get; set; }

        /// <summary>Returns the token as plain text (masked first in GitHub Actions and Azure DevOps logs).</summary>
        [Parameter]
        public SwitchParameter AsPlainText { get; set; }

        /// <summary>Gets the token and writes it.</summary>
        protected override void ProcessRecord()
        {
            var session = ResolveSession();
            var token = Run((pump, ct) => session.GetTokenAsync(ForceRefresh, ct), "access token of " + session.TenantId);
            if (!AsPlainText)
            {
                WriteObject(new CXoneTokenInfo(token, session));
                return;
            }

            foreach (var command in CiSecretMask.CommandsFor(token.Token))
            {
                if (Host?.UI != null) { Host.UI.WriteLine(command); } else { Console.Out.WriteLine(command); }
            }

            WriteObject(new CXonePlainTextToken(token, session));
        }
    }
}
