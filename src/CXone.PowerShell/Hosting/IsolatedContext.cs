using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;

namespace CXone.PowerShell.Hosting
{
    /// <summary>
    /// The module's own AssemblyLoadContext on PowerShell 7, created by reflection (the module targets netstandard2.0,
    /// which has no AssemblyLoadContext). Null on .NET Framework and Mono, where dependencies load with LoadFrom.
    /// One per process: importing the module again reuses it.
    /// </summary>
    /// <remarks>
    /// What goes in: CXone.Core and the dependencies that only Core uses (Polly.Core and what it needs), loaded eagerly
    /// so that the context's own copy wins over one another module put in the default context. What stays out: the
    /// runtime's own assemblies (System.Text.Json, System.Memory... are part of .NET on PowerShell 7) and the
    /// dependencies whose types the cmdlets exchange with Core (System.Text.Json, Microsoft.Bcl.AsyncInterfaces,
    /// Microsoft.Bcl.TimeProvider): both sides must see one copy, so those bind as the runtime decides.
    /// </remarks>
    internal sealed class IsolatedContext
    {
        private static readonly object Gate = new object();
        private static IsolatedContext? _instance;
        private readonly object _context;
        private readonly MethodInfo _loadFromPath;

        private IsolatedContext(object context, MethodInfo loadFromPath)
        {
            _context = context;
            _loadFromPath = loadFromPath;
        }

        /// <summary>The name the context carries (shown by debuggers and <c>AssemblyLoadContext.All</c>).</summary>
        public const string Name = "CXone";

        /// <summary>The process's context, created on first use; null where AssemblyLoadContext does not exist.</summary>
        public static IsolatedContext? Get()
        {
            lock (Gate)
            {
                if (_instance != null)
                {
                    return _instance;
                }

                var type = Type.GetType("System.Runtime.Loader.AssemblyLoadContext, System.Runtime.Loader", throwOnError: false)
                    ?? Type.GetType("System.Runtime.Loader.AssemblyLoadContext", throwOnError: false);
                var ctor = type?.GetConstructor(new[] { typeof(string), typeof(bool) });
                var load = type?.GetMethod("LoadFromAssemblyPath", new[] { typeof(string) });
                if (ctor is null || load is null)
                {
                    return null;
                }

                _instance = new IsolatedContext(ctor.Invoke(new object[] { Name, false }), load);
                return _instance;
            }
        }

        /// <summary>Loads the assembly at <paramref name="path"/> into the context.</summary>
        /// <param name="path">An absolute path in the module's dependencies folder.</param>
        public Assembly LoadFromPath(string path)
        {
            try
            {
                return (Assembly)_loadFromPath.Invoke(_context, new object[] { path })!;
            }
            catch (TargetInvocationException e) when (e.InnerException != null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                throw;
            }
        }

        /// <summary>
        /// The catalogue names to load eagerly: those neither part of the runtime (its trusted platform assemblies)
        /// nor referenced by <paramref name="module"/> itself, plus CXone.Core.
        /// </summary>
        /// <param name="catalogue">The dependency names.</param>
        /// <param name="module">The cmdlet assembly.</param>
        public static IEnumerable<string> PrivateNames(IEnumerable<string> catalogue, Assembly module)
        {
            var platform = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is string tpa)
            {
                foreach (var path in tpa.Split(Path.PathSeparator))
                {
                    platform.Add(Path.GetFileNameWithoutExtension(path));
                }
            }

            var shared = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var reference in module.GetReferencedAssemblies())
            {
                shared.Add(reference.Name ?? string.Empty);
            }

            foreach (var name in catalogue)
            {
                if (string.Equals(name, "CXone.Core", StringComparison.OrdinalIgnoreCase) || (!platform.Contains(name) && !shared.Contains(name)))
                {
                    yield return name;
                }
            }
        }
    }
}
