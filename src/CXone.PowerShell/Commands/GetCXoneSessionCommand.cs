using System.Management.Automation;
using CXone.Core;
using CXone.PowerShell.Hosting;

namespace CXone.PowerShell.Commands
{
    /// <summary>
    /// <c>Get-CXoneSession</c>: the given or this runspace's default session (tenant, API endpoint, user, token
    /// expiry; no secrets).
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "CXoneSession")]
    [OutputType(typeof(CXoneSession))]
    public sealed class GetCXoneSessionCommand : CXoneSessionCmdlet
    {
        /// <summary>Writes the session.</summary>
        protected override void ProcessRecord() => WriteObject(ResolveSession());
    }
}
