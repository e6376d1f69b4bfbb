using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace CXone.PowerShell.Tests;

/// <summary>CXone.psd1 agrees with the built assembly and the gallery's expectations.</summary>
[Collection("module")]
public sealed class ManifestTests
{
    private readonly ModuleMetadata _m;
    private readonly string _psd1;

    public ManifestTests(ModuleMetadata m)
    {
        _m = m;
        _psd1 = File.ReadAllText(Path.Combine(m.RepoRoot, "CXone.psd1"));
    }

    [Fact]
    public void CmdletsToExport_lists_exactly_the_cmdlets_in_the_dll_without_wildcards()
    {
        var exported = List("CmdletsToExport");
        Assert.DoesNotContain(exported, n => n.Contains('*'));
        Assert.Equal(_m.Cmdlets.Select(c => c.Name).OrderBy(n => n, StringComparer.Ordinal), exported.OrderBy(n => n, StringComparer.Ordinal));
    }

    [Fact]
    public void Functions_aliases_and_variables_are_explicitly_empty()
    {
        foreach (var key in new[] { "FunctionsToExport", "AliasesToExport", "VariablesToExport" })
        {
            Assert.Matches(new Regex(@"(?m)^\s*" + key + @"\s*=\s*@\(\s*\)"), _psd1);
        }
    }

    [Fact]
    public void Editions_version_and_gallery_data_are_declared()
    {
        Assert.Equal("5.1", Scalar("PowerShellVersion"));
        Assert.Equal(new[] { "Core", "Desktop" }, List("CompatiblePSEditions").OrderBy(n => n, StringComparer.Ordinal));
        Assert.Equal(_m.Module.GetName().Version!.ToString(3), Scalar("ModuleVersion"));
        Assert.True(Guid.TryParse(Scalar("GUID"), out _));
        Assert.Contains("CXone", List("Tags"));
        Assert.StartsWith("https://", Scalar("ProjectUri"));
        Assert.False(string.IsNullOrWhiteSpace(Scalar("ReleaseNotes")));
        Assert.False(string.IsNullOrWhiteSpace(Scalar("Description")));
    }

    [Fact]
    public void RootModule_and_FormatsToProcess_point_at_the_Release_build_output()
    {
        var root = Scalar("RootModule");
        var formats = List("FormatsToProcess");
        Assert.Equal("src/CXone.PowerShell/bin/Release/netstandard2.0/CXone.PowerShell.dll", root);
        Assert.Equal(new[] { "src/CXone.PowerShell/bin/Release/netstandard2.0/CXone.Format.ps1xml" }, formats);
        if (ModuleMetadata.Setting("Configuration") == "Release")
        {
            Assert.True(File.Exists(Path.Combine(_m.RepoRoot, root)), root);
            Assert.True(File.Exists(Path.Combine(_m.RepoRoot, formats[0])), formats[0]);
            Assert.False(File.Exists(Path.Combine(_m.RepoRoot, "src/CXone.PowerShell/bin/Release/netstandard2.0/System.Management.Automation.dll")),
                "the module must not ship the PowerShell reference assembly");
        }
    }

    [Fact]
    public void Every_assembly_the_module_needs_is_in_the_folder_RootModule_names_at_a_version_the_resolver_accepts()
    {
        // What Import-Module ./CXone.psd1 loads: RootModule, then every assembly it references, transitively. The host
        // supplies netstandard (facade) and System.Management.Automation; everything else must sit beside the module
        // dll (the cmdlet assembly) or in its dependencies/ subfolder (everything else), at the requested version or
        // newer (what DependencyResolver answers on Windows PowerShell 5.1).
        var moduleFolder = Path.GetDirectoryName(Path.Combine(_m.RepoRoot, Scalar("RootModule")))!;
        string FolderOf(string name) => name == "CXone.PowerShell" ? moduleFolder : Path.Combine(moduleFolder, "dependencies");
        var hostProvided = new[] { "netstandard", "mscorlib", "System.Management.Automation" };
        var pending = new Stack<string>(new[] { "CXone.PowerShell" });
        var visited = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var problems = new List<string>();
        while (pending.Count > 0)
        {
            var name = pending.Pop();
            if (!visited.Add(name))
            {
                continue;
            }

            using var stream = File.OpenRead(Path.Combine(FolderOf(name), name + ".dll"));
            using var pe = new System.Reflection.PortableExecutable.PEReader(stream);
            var md = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
            foreach (var handle in md.AssemblyReferences)
            {
                var reference = md.GetAssemblyReference(handle);
                var refName = md.GetString(reference.Name);
                if (hostProvided.Contains(refName, StringComparer.OrdinalIgnoreCase))
                {
                    continue;
                }

                var file = Path.Combine(FolderOf(refName), refName + ".dll");
                if (!File.Exists(file))
                {
                    problems.Add(name + " -> " + refName + " " + reference.Version + ": not in " + FolderOf(refName));
                    continue;
                }

                var available = System.Reflection.AssemblyName.GetAssemblyName(file).Version!;
                if (available < reference.Version)
                {
                    problems.Add(name + " -> " + refName + " " + reference.Version + ": only " + available + " in the folder");
                }

                pending.Push(refName);
            }
        }

        Assert.Empty(problems);
        Assert.Contains("CXone.Core", visited);
        Assert.Contains("Polly.Core", visited);
        Assert.Contains("System.Text.Json", visited);
        Assert.Empty(Directory.GetFiles(moduleFolder, "System.Management.Automation*.dll", SearchOption.AllDirectories));
        Assert.DoesNotContain("NestedModules", _psd1);
    }

    private string Scalar(string key)
    {
        var match = Regex.Match(_psd1, @"(?m)^\s*" + key + @"\s*=\s*'([^']*)'");
        Assert.True(match.Success, key + " missing");
        return match.Groups[1].Value;
    }

    private string[] List(string key)
    {
        var match = Regex.Match(_psd1, @"(?ms)^\s*" + key + @"\s*=\s*@\((.*?)\)");
        Assert.True(match.Success, key + " missing");
        return Regex.Matches(match.Groups[1].Value, "'([^']*)'").Select(x => x.Groups[1].Value).ToArray();
    }
}
