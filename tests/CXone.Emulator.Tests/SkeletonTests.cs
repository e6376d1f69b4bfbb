using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Xml.Linq;

namespace CXone.Emulator.Tests;

/// <summary>The skeleton: shared build settings, one version, the README's test command, an executable CI script.</summary>
public sealed class SkeletonTests
{
    private static readonly string Root = FindRoot();

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "CXonePS.sln")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        return dir!.FullName;
    }

    [Fact]
    public void Directory_build_props_sets_latest_csharp_nullable_warnings_as_errors_and_one_version()
    {
        var props = XDocument.Load(Path.Combine(Root, "Directory.Build.props"));
        string? Value(string name) => props.Descendants(name).SingleOrDefault()?.Value;
        Assert.Equal("latest", Value("LangVersion"));
        Assert.Equal("enable", Value("Nullable"));
        Assert.Equal("true", Value("TreatWarningsAsErrors"));
        Assert.Matches(@"^\d+\.\d+\.\d+$", Value("VersionPrefix") ?? "");

        // no project takes those settings back or keeps a version of its own
        var projects = Directory.EnumerateFiles(Root, "*.csproj", SearchOption.AllDirectories)
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)).ToList();
        Assert.True(projects.Count >= 5, string.Join(", ", projects));
        foreach (var project in projects)
        {
            var names = XDocument.Load(project).Descendants().Select(e => e.Name.LocalName).ToHashSet();
            foreach (var setting in new[] { "LangVersion", "Nullable", "TreatWarningsAsErrors", "WarningsNotAsErrors", "Version", "VersionPrefix", "AssemblyVersion", "FileVersion" })
            {
                Assert.False(names.Contains(setting), $"{project} sets {setting}");
            }
        }
    }

    [Fact]
    public void Readme_gives_the_test_command_and_gitignore_keeps_build_output_out()
    {
        Assert.Contains("dotnet test CXonePS.sln -c Release", File.ReadAllText(Path.Combine(Root, "README.md")));
        var ignored = File.ReadAllLines(Path.Combine(Root, ".gitignore")).Select(l => l.Trim()).ToHashSet();
        Assert.Contains("bin/", ignored);
        Assert.Contains("obj/", ignored);
    }

    [Fact]
    public void Ci_script_is_bash_executable_in_git_and_runs_the_readme_command()
    {
        var script = File.ReadAllText(Path.Combine(Root, ".ci", "run"));
        Assert.StartsWith("#!/usr/bin/env bash", script);
        Assert.Contains("set -euo pipefail", script);
        Assert.Contains("dotnet test CXonePS.sln -c Release", script);

        // the mode git records (a fresh clone gets it), not just this checkout's file mode
        var psi = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Root };
        psi.ArgumentList.Add("ls-files");
        psi.ArgumentList.Add("-s");
        psi.ArgumentList.Add(".ci/run");
        using var git = Process.Start(psi)!;
        var line = git.StandardOutput.ReadToEnd();
        git.WaitForExit();
        if (git.ExitCode == 0 && line.Length > 0)
        {
            Assert.StartsWith("100755 ", line);
        }
        else if (!OperatingSystem.IsWindows())
        {
            // not a git checkout (an exported tree): the file itself must be executable
            Assert.True(File.GetUnixFileMode(Path.Combine(Root, ".ci", "run")).HasFlag(UnixFileMode.UserExecute));
        }
        else
        {
            Assert.Fail("Neither git nor a Unix file mode can tell whether .ci/run is executable here.");
        }
    }
}
