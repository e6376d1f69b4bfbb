using System.Management.Automation;
using CXone.Core;
using CXone.Core.Errors;
using CXone.PowerShell.Sessions;

namespace CXone.PowerShell.Hosting
{
    /// <summary>
    /// Base class of every cmdlet that works in a session: adds <c>-Session</c>; without it the runspace's default
    /// session (set by the last Connect-CXone in this runspace) is used; with neither, the cmdlet ends with the
    /// terminating error <c>CXone.NotConnected</c> ("Run Connect-CXone first").
    /// </summary>
    public abstract class CXoneSessionCmdlet : CXoneCmdlet
    {
        /// <summary>The session to use (from <c>Connect-CXone -PassThru</c>); default: this runspace's session.</summary>
        [Parameter]
        public CXoneSession? Session { get; set; }

        /// <summary>The session to use: <see cref="Session"/> or the runspace's default.</summary>
        /// <exception cref="PipelineStoppedException">Never; ends the cmdlet with CXone.NotConnected when there is no session.</exception>
        protected CXoneSession ResolveSession()
        {
            var session = Session ?? SessionRegistry.Current;
            if (session is null)
            {
                Terminate(CXoneErrors.NotConnected());
            }

            return session!;
        }
    }
}
