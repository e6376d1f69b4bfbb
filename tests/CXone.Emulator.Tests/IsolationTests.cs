using System;
using System.IO;
using System.Linq;

namespace CXone.Emulator.Tests;

/// <summary>Acceptance: nothing under src/ references the emulator.</summary>
public sealed class IsolationTests
{
    [Fact]
    public void No_project_or_source_under_src_mentions_the_emulator()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "CXonePS.sln")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        var src = Path.Combine(dir!.FullName, "src");
        var files = Directory.EnumerateFiles(src, "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".cs", StringComparison.OrdinalIgnoreCase)
                    || f.EndsWith(".props", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".targets", StringComparison.OrdinalIgnoreCase))
                && !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                && !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(files);
        // a project reference, or code (not comments) naming the emulator's namespace
        var offenders = files.Where(f => File.ReadLines(f).Any(line =>
        {
            var t = line.Trim();
            if (f.EndsWith(".cs", StringComparison.OrdinalIgnoreCase))
            {
                return !t.StartsWith("//", StringComparison.Ordinal) && !t.StartsWith("*", StringComparison.Ordinal) && t.Contains("CXone.Emulator", StringComparison.Ordinal);
            }

            return t.Contains("Reference", StringComparison.Ordinal) && t.Contains("Emulator", StringComparison.OrdinalIgnoreCase);
        })).ToList();
        Assert.Empty(offenders);
    }
}
