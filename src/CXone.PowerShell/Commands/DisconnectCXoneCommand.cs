using System.Management.Automation;
using CXone.PowerShell.Hosting;
using CXone.PowerShell.Sessions;

namespace CXone.PowerShell.Commands
{
    /// <summary>
    /// <c>Disconnect-CXone</c>: forgets the session's tokens and releases its connections (CXone has no revocation
    /// endpoint), and clears it as this runspace's default. One Core call: <see cref="Core.CXoneSession.Dispose"/>.
    /// </summary>
    [Cmdlet(VerbsCommunications.Disconnect, "CXone", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(void))]
    public sealed class DisconnectCXoneCommand : CXoneSessionCmdlet
    {
        /// <summary>Disconnects the given or default session.</summary>
        protected override void ProcessRecord()
        {
            var session = ResolveSession();
            if (ShouldProcess(session.ToString(), "Disconnect"))
            {
                SessionRegistry.Forget(session);
                session.Dispose();
            }
        }
    }
}
