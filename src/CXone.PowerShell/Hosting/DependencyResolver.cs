using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;

namespace CXone.PowerShell.Hosting
{
    /// <summary>
    /// Loads the module's dependencies (CXone.Core, Polly.Core, System.Text.Json, Microsoft.Bcl.* and their
    /// netstandard2.0 dependencies) from the module's <c>dependencies</c> folder, and only for the module's own
    /// assemblies: a failed bind of another module is never answered, so our System.Memory never becomes theirs.
    /// The catalogue is the set of assembly names in that folder.
    /// </summary>
    /// <remarks>
    /// <para>Windows PowerShell 5.1 applies no binding redirects to modules: a dependency asking for System.Memory
    /// 4.0.1.1 fails although 4.0.1.2 sits in the folder; the resolver answers with the file when its version is the
    /// same or newer.</para>
    /// <para>On PowerShell 7 the dependencies load into the module's own AssemblyLoadContext (<see cref="IsolatedContext"/>),
    /// the way PSResourceGet and Microsoft Graph isolate theirs: another module's Polly.Core in the default context
    /// cannot replace ours, and ours is not in the default context to replace theirs.</para>
    /// </remarks>
    internal sealed class DependencyResolver
    {
        /// <summary>The subfolder of the module folder that holds the dependencies.</summary>
        public const string FolderName = "dependencies";

        private readonly Dictionary<string, string> _catalogue = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, Assembly> _loaded = new Dictionary<string, Assembly>(StringComparer.OrdinalIgnoreCase);
        private readonly Func<string, Assembly> _load;
        private readonly Assembly _module;

        /// <summary>Reads the catalogue of <paramref name="moduleFolder"/>/dependencies.</summary>
        /// <param name="moduleFolder">The folder of CXone.PowerShell.dll.</param>
        /// <param name="module">The module's own assembly (its requests are answered).</param>
        /// <param name="load">Loads an assembly from a path (Assembly.LoadFrom, or the isolated context's LoadFromAssemblyPath).</param>
        public DependencyResolver(string moduleFolder, Assembly module, Func<string, Assembly> load)
        {
            Folder = Path.Combine(moduleFolder, FolderName);
            _module = module;
            _load = load;
            if (Directory.Exists(Folder))
            {
                foreach (var path in Directory.GetFiles(Folder, "*.dll"))
                {
                    _catalogue[Path.GetFileNameWithoutExtension(path)] = path;
                }
            }
        }

        /// <summary>The dependencies folder.</summary>
        public string Folder { get; }

        /// <summary>The simple names of the module's dependencies (file names in <see cref="Folder"/>).</summary>
        public ICollection<string> Names => _catalogue.Keys;

        /// <summary>
        /// Answers one failed bind: the dependency when <paramref name="requesting"/> is the module or one of its
        /// dependencies and <paramref name="requested"/> is in the catalogue in a version that satisfies it; otherwise
        /// null, so other resolvers may answer. The same assembly is returned for every request of the same name.
        /// </summary>
        /// <param name="requested">The full name that could not be bound.</param>
        /// <param name="requesting">The assembly whose reference failed (null for a load by name at run time: not answered).</param>
        public Assembly? Resolve(string requested, Assembly? requesting)
        {
            if (!IsOurs(requesting))
            {
                return null;
            }

            var path = Find(Folder, requested);
            if (path is null)
            {
                return null;
            }

            return Load(Path.GetFileNameWithoutExtension(path));
        }

        /// <summary>Loads the catalogue's <paramref name="name"/> (once); null when it is not in the catalogue.</summary>
        /// <param name="name">A simple assembly name, for example <c>Polly.Core</c>.</param>
        public Assembly? Load(string name)
        {
            if (!_catalogue.TryGetValue(name, out var path))
            {
                return null;
            }

            lock (_loaded)
            {
                if (!_loaded.TryGetValue(name, out var assembly))
                {
                    assembly = _load(path);
                    _loaded[name] = assembly;
                }

                return assembly;
            }
        }

        /// <summary>Whether <paramref name="requesting"/> is the module's own assembly, one this resolver loaded, or one of the catalogue loaded from <see cref="Folder"/>.</summary>
        public bool IsOurs(Assembly? requesting)
        {
            if (requesting is null)
            {
                return false;
            }

            if (requesting == _module)
            {
                return true;
            }

            lock (_loaded)
            {
                if (_loaded.TryGetValue(requesting.GetName().Name ?? string.Empty, out var mine) && mine == requesting)
                {
                    return true;
                }
            }

            // .NET Framework and Mono load a LoadFrom assembly's references from its folder themselves (the LoadFrom
            // context): those are ours too, and their failed binds (a version the folder does not hold) are ours to answer.
            string location;
            try
            {
                location = requesting.IsDynamic ? string.Empty : requesting.Location;
            }
            catch (NotSupportedException)
            {
                return false;
            }

            return location.Length > 0
                && string.Equals(Path.GetDirectoryName(Path.GetFullPath(location)), Path.GetFullPath(Folder).TrimEnd(Path.DirectorySeparatorChar), StringComparison.OrdinalIgnoreCase)
                && _catalogue.ContainsKey(Path.GetFileNameWithoutExtension(location));
        }

        /// <summary>
        /// The path of the assembly in <paramref name="folder"/> that satisfies <paramref name="requested"/>: same
        /// simple name, version at least the requested one; null when there is none (other resolvers may answer).
        /// </summary>
        /// <param name="folder">The dependencies folder.</param>
        /// <param name="requested">The full name the runtime could not bind, for example <c>System.Memory, Version=4.0.1.1, ...</c>.</param>
        public static string? Find(string folder, string requested)
        {
            AssemblyName wanted;
            try
            {
                wanted = new AssemblyName(requested);
            }
            catch (Exception e) when (e is ArgumentException || e is FileLoadException)
            {
                return null;
            }

            if (string.IsNullOrEmpty(wanted.Name) || wanted.Name.EndsWith(".resources", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            var path = Path.Combine(folder, wanted.Name + ".dll");
            if (!File.Exists(path))
            {
                return null;
            }

            try
            {
                var available = AssemblyName.GetAssemblyName(path);
                return wanted.Version is null || available.Version is null || available.Version >= wanted.Version ? path : null;
            }
            catch (Exception e) when (e is BadImageFormatException || e is FileLoadException || e is IOException)
            {
                return null;
            }
        }
    }
}
