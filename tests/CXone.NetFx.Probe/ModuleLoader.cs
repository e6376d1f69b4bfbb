using System;
using System.IO;
using System.Reflection;

namespace CXone.NetFx.Probe
{
    /// <summary>
    /// Loads CXone.Core and its dependencies from a packaged module folder through the module's own resolver
    /// (CXone.PowerShell.Hosting.DependencyResolver, reached by reflection: the rest of CXone.PowerShell needs
    /// PowerShell, which Mono has not). The probe plays the part of the cmdlet assembly: its own references to Core
    /// and Core's packages are answered from the catalogue, with the resolver's version rule.
    /// </summary>
    internal static class ModuleLoader
    {
        private static object? _resolver;
        private static MethodInfo? _resolve;
        private static MethodInfo? _load;
        private static MethodInfo? _find;
        private static string _folder = string.Empty;

        public static string Install(string moduleFolder)
        {
            var module = Assembly.LoadFrom(Path.Combine(moduleFolder, "CXone.PowerShell.dll"));
            var type = module.GetType("CXone.PowerShell.Hosting.DependencyResolver", throwOnError: true)!;
            var check = module.GetType("CXone.PowerShell.Hosting.FrameworkCheck", throwOnError: true)!;
            var refusal = (string?)check.GetMethod("Refusal", BindingFlags.Public | BindingFlags.Static)!.Invoke(null, new object?[] { System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription, null });
            if (refusal != null)
            {
                throw new InvalidOperationException(refusal);
            }

            Func<string, Assembly> loadFrom = Assembly.LoadFrom;
            _resolver = Activator.CreateInstance(type, moduleFolder, module, loadFrom);
            _resolve = type.GetMethod("Resolve");
            _load = type.GetMethod("Load");
            _find = type.GetMethod("Find", BindingFlags.Public | BindingFlags.Static);
            _folder = (string)type.GetProperty("Folder")!.GetValue(_resolver)!;
            AppDomain.CurrentDomain.AssemblyResolve += OnResolve;
            return _folder;
        }

        private static Assembly? OnResolve(object? sender, ResolveEventArgs args)
        {
            var answer = (Assembly?)_resolve!.Invoke(_resolver, new object?[] { args.Name, args.RequestingAssembly });
            if (answer is null && args.RequestingAssembly == typeof(ModuleLoader).Assembly && _find!.Invoke(null, new object[] { _folder, args.Name }) is string path)
            {
                answer = (Assembly?)_load!.Invoke(_resolver, new object[] { Path.GetFileNameWithoutExtension(path) });
            }

            if (answer != null)
            {
                Console.WriteLine("  resolver: " + new AssemblyName(args.Name).Name + " " + new AssemblyName(args.Name).Version + " <- " + Path.GetFileName(Path.GetDirectoryName(answer.Location)) + "/" + Path.GetFileName(answer.Location) + " " + answer.GetName().Version);
            }

            return answer;
        }
    }
}
