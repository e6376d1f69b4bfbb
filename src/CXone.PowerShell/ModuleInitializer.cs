using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;
using CXone.PowerShell.Hosting;

namespace CXone.PowerShell
{
    /// <summary>
    /// Runs when the module is imported and removed. On import: refuses .NET Framework older than 4.7.2
    /// (<see cref="FrameworkCheck"/>), then installs an <see cref="AppDomain.AssemblyResolve"/> handler that answers
    /// the module's own failed binds from its <c>dependencies</c> folder (<see cref="DependencyResolver"/>); on
    /// PowerShell 7 those dependencies load into the module's own AssemblyLoadContext (<see cref="IsolatedContext"/>).
    /// </summary>
    public sealed class CXoneModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly object Gate = new object();
        private static DependencyResolver? _resolver;

        /// <summary>Called by PowerShell on Import-Module: checks the framework and installs the resolver.</summary>
        /// <exception cref="PlatformNotSupportedException">.NET Framework older than 4.7.2 (one sentence naming the installed release and what to install).</exception>
        public void OnImport() => InstallResolver();

        /// <summary>
        /// Checks the framework and installs the resolver (idempotent). Called by <c>CXone.Init.ps1</c> before PowerShell
        /// reads the cmdlets, whose parameter types live in CXone.Core in the dependencies folder, and again on import.
        /// Touches no CXone.Core type.
        /// </summary>
        /// <exception cref="PlatformNotSupportedException">.NET Framework older than 4.7.2.</exception>
        public static void InstallResolver()
        {
            var refusal = FrameworkCheck.Refusal(RuntimeInformation.FrameworkDescription, FrameworkCheck.ReadRelease());
            if (refusal != null)
            {
                throw new PlatformNotSupportedException(refusal);
            }

            var resolver = Resolver;
            AppDomain.CurrentDomain.AssemblyResolve -= Resolve;
            AppDomain.CurrentDomain.AssemblyResolve += Resolve;
            var isolated = IsolatedContext.Get();
            if (isolated != null)
            {
                foreach (var name in IsolatedContext.PrivateNames(resolver.Names.ToArray(), typeof(CXoneModuleInitializer).Assembly))
                {
                    resolver.Load(name);
                }
            }
        }

        /// <summary>Called by PowerShell on Remove-Module: removes the resolver.</summary>
        /// <param name="psModuleInfo">The module being removed.</param>
        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            AppDomain.CurrentDomain.AssemblyResolve -= Resolve;
        }

        /// <summary>The process's resolver for the folder this assembly was loaded from (one, so each dependency loads once).</summary>
        internal static DependencyResolver Resolver
        {
            get
            {
                lock (Gate)
                {
                    if (_resolver is null)
                    {
                        var module = typeof(CXoneModuleInitializer).Assembly;
                        var folder = Path.GetDirectoryName(module.Location) ?? string.Empty;
                        var isolated = IsolatedContext.Get();
                        _resolver = new DependencyResolver(folder, module, isolated is null ? (Func<string, Assembly>)Assembly.LoadFrom : isolated.LoadFromPath);
                    }

                    return _resolver;
                }
            }
        }

        private static Assembly? Resolve(object? sender, ResolveEventArgs args) => Resolver.Resolve(args.Name, args.RequestingAssembly);
    }
}
