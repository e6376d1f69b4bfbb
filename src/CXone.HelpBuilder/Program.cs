using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace CXone.HelpBuilder;

/// <summary>
/// Entry point: <c>CXone.HelpBuilder --module &lt;dll&gt; --sma &lt;System.Management.Automation.dll&gt;
/// --help-pages &lt;folder&gt; --about-pages &lt;folder&gt; --out &lt;culture folder&gt;</c>. Writes
/// <c>&lt;dll name&gt;-Help.xml</c> and one <c>about_*.help.txt</c> per topic into the output folder. Exit code 0 on
/// success, 1 when a page cannot be used (the message names the file and what to change), 2 on bad arguments.
/// </summary>
public static class Program
{
    /// <summary>Runs the build step.</summary>
    public static int Main(string[] args)
    {
        var options = ParseArguments(args);
        if (options is null)
        {
            Console.Error.WriteLine("usage: CXone.HelpBuilder --module <dll> --sma <System.Management.Automation.dll> --help-pages <folder> --about-pages <folder> --out <folder>");
            return 2;
        }

        try
        {
            var written = Build(options["module"], options["sma"], options["help-pages"], options["about-pages"], options["out"]);
            Console.WriteLine("help: " + written.Cmdlets + " cmdlets (" + written.Missing.Count + " without a page" +
                (written.Missing.Count == 0 ? "" : ": " + string.Join(", ", written.Missing)) + "), " + written.Topics + " about topics in " + options["out"]);
            return 0;
        }
        catch (Exception e) when (e is HelpPageException or FileNotFoundException)
        {
            Console.Error.WriteLine("help: " + e.Message);
            return 1;
        }
    }

    /// <summary>Writes the help files; returns how many cmdlets and topics were written and which cmdlets have no page.</summary>
    /// <exception cref="HelpPageException">When a page names a cmdlet or parameter that does not exist, or is malformed.</exception>
    /// <exception cref="FileNotFoundException">When the module or System.Management.Automation is missing.</exception>
    public static (int Cmdlets, IReadOnlyList<string> Missing, int Topics) Build(string module, string sma, string helpPages, string aboutPages, string output)
    {
        var cmdlets = CmdletMetadataReader.Read(module, sma);
        var pages = Directory.Exists(helpPages)
            ? Directory.GetFiles(helpPages, "*.md").Select(HelpPage.Load).ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase)
            : new Dictionary<string, HelpPage>(StringComparer.OrdinalIgnoreCase);
        foreach (var page in pages.Values)
        {
            var cmdlet = cmdlets.FirstOrDefault(c => string.Equals(c.Name, page.Name, StringComparison.OrdinalIgnoreCase))
                ?? throw new HelpPageException(page.Source + ": '" + page.Name + "' is not a cmdlet of the module.");
            var unknown = HelpParameters.Unknown(cmdlet, page);
            if (unknown.Count > 0) throw new HelpPageException(page.Source + ": " + cmdlet.Name + " has no parameter " + string.Join(", ", unknown.Select(u => "-" + u)) + ".");
        }

        Directory.CreateDirectory(output);
        var maml = MamlWriter.Write(cmdlets.Select(c => (c, pages.TryGetValue(c.Name, out var p) ? p : null)));
        AtomicFile.Write(Path.Combine(output, Path.GetFileName(module) + "-Help.xml"), maml.Declaration + Environment.NewLine + maml.Root);
        var topics = 0;
        foreach (var file in Directory.Exists(aboutPages) ? Directory.GetFiles(aboutPages, "about_*.md") : Array.Empty<string>())
        {
            var (name, text) = AboutTopicWriter.Write(File.ReadAllText(file), file);
            AtomicFile.Write(Path.Combine(output, name + ".help.txt"), text);
            topics++;
        }

        return (cmdlets.Count, cmdlets.Where(c => !pages.ContainsKey(c.Name)).Select(c => c.Name).ToList(), topics);
    }

    private static Dictionary<string, string>? ParseArguments(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) return null;
            options[args[i].Substring(2)] = args[i + 1];
        }

        return new[] { "module", "sma", "help-pages", "about-pages", "out" }.All(options.ContainsKey) ? options : null;
    }
}

/// <summary>Writes a file through a temporary file and a rename, so a failed build never leaves half a help file.</summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="text"/> (UTF-8 without BOM) to <paramref name="path"/>.</summary>
    public static void Write(string path, string text)
    {
        var temp = path + ".partial";
        File.WriteAllText(temp, text, new UTF8Encoding(false));
        File.Move(temp, path, overwrite: true);
    }
}
