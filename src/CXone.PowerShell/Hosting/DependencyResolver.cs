using System;
using System.IO;
using System.Reflection;

namespace CXone.PowerShell.Hosting
{
    /// <summary>
    /// Finds the module's own dependencies (CXone.Core, Polly.Core, System.Text.Json and their netstandard2.0
    /// dependencies) in the module folder. Windows PowerShell 5.1 applies no binding redirects to modules, so a
    /// dependency asking for System.Memory 4.0.1.1 fails although 4.0.1.2 sits beside it; this resolver answers
    /// such requests with the file in the folder when its version is the same or newer.
    /// </summary>
    internal static class DependencyResolver
    {
        /// <summary>
        /// The path of the assembly in <paramref name="folder"/> that satisfies <paramref name="requested"/>: same
        /// simple name, version at least the requested one; null when there is none (other resolvers may answer).
        /// </summary>
        /// <param name="folder">The module folder.</param>
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
