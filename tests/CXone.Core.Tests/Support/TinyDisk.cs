using System;
using System.Diagnostics;
using System.IO;

namespace CXone.Core.Tests.Support;

/// <summary>
/// A real, tiny file system (a tmpfs of <c>size</c> bytes) mounted on a fresh folder, where the machine allows it
/// (Linux, as root); <see cref="Folder"/> is null elsewhere, and the test then fills the disk through
/// <see cref="FullDiskStream"/> instead. Unmounted and removed on dispose.
/// </summary>
internal sealed class TinyDisk : IDisposable
{
    private TinyDisk(string? folder) => Folder = folder;

    public string? Folder { get; }

    public static TinyDisk TryMount(int sizeBytes)
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            return new TinyDisk(null);
        }

        var folder = Directory.CreateTempSubdirectory("cxone-tinydisk-").FullName;
        if (Run("mount", "-t tmpfs -o size=" + sizeBytes + " tmpfs " + folder) == 0)
        {
            return new TinyDisk(folder);
        }

        Directory.Delete(folder);
        return new TinyDisk(null);
    }

    public void Dispose()
    {
        if (Folder != null)
        {
            Run("umount", Folder);
            Directory.Delete(Folder, true);
        }
    }

    private static int Run(string file, string args)
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false })!;
            p.WaitForExit(10_000);
            return p.HasExited ? p.ExitCode : -1;
        }
        catch (Exception)
        {
            return -1;
        }
    }
}
