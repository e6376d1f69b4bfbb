using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using CXone.PowerShell.Hosting;

namespace CXone.PowerShell
{
    /// <summary>
    /// Runs when the module is imported and removed: installs (and removes) an <see cref="AppDomain.AssemblyResolve"/>
    /// handler that loads the module's dependencies from the module folder, so that the module works in Windows
    /// PowerShell 5.1 (no binding redirects for modules) and PowerShell 7 alike.
    /// </summary>
    public sealed class CXoneModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly string ModuleFolder = Path.GetDirectoryName(typeof(CXoneModuleInitializer).Assembly.Location) ?? string.Empty;

        /// <summary>Called by PowerShell on Import-Module: installs the resolver.</summary>
        public void OnImport()
        {
            AppDomain.CurrentDomain.AssemblyResolve -= Resolve;
            AppDomain.CurrentDomain.AssemblyResolve += Resolve;
        }

        /// <summary>Called by PowerShell on Remove-Module: removes the resolver.</summary>
        /// <param name="psModuleInfo">The module being removed.</param>
        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            AppDomain.CurrentDomain.AssemblyResolve -= Resolve;
        }

        private static Assembly? Resolve(object? sender, ResolveEventArgs args)
        {
            var path = DependencyResolver.Find(ModuleFolder, args.Name);
            return path is null ? null : Assembly.LoadFrom(path);
        }
    }
}
