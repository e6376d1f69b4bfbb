using System.Management.Automation.Runspaces;
using CXone.Core;

namespace CXone.PowerShell.Sessions
{
    /// <summary>
    /// The default session of each runspace, keyed on <see cref="Runspace.DefaultRunspace"/> (the runspace of the
    /// calling pipeline thread). <c>ForEach-Object -Parallel</c> runs in other runspaces: pass the session there
    /// with <c>-Session $using:session</c>.
    /// </summary>
    internal static class SessionRegistry
    {
        private static readonly RunspaceDefaults<CXoneSession> Defaults = new RunspaceDefaults<CXoneSession>();

        /// <summary>The current runspace's default session, or null.</summary>
        public static CXoneSession? Current => Defaults.Get(Runspace.DefaultRunspace);

        /// <summary>Makes <paramref name="session"/> the current runspace's default.</summary>
        public static void SetCurrent(CXoneSession session) => Defaults.Set(Runspace.DefaultRunspace, session);

        /// <summary>Forgets <paramref name="session"/> as the current runspace's default, if it is.</summary>
        public static void Forget(CXoneSession session) => Defaults.ClearIf(Runspace.DefaultRunspace, session);
    }
}
