using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Xunit.Abstractions;
using static CXone.Emulator.Tests.TestSupport;

namespace CXone.Emulator.Tests;

/// <summary>How the emulator starts: in-process (time measured and reported, not asserted) and as a program.</summary>
public sealed class StartupTests(ITestOutputHelper output)
{
    [Fact]
    public async Task In_process_start_serves_discovery_and_reports_its_startup_time()
    {
        using var http = Client();
        for (var i = 0; i < 3; i++)
        {
            var sw = Stopwatch.StartNew();
            await using var emu = await CXoneEmulator.StartAsync(new EmulatorOptions());
            var started = sw.Elapsed;
            using var r = await http.GetAsync(new Uri(emu.IssuerUri, ".well-known/openid-configuration"));
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Equal(IPAddress.Loopback.ToString(), emu.IssuerUri.Host);
            Assert.NotEqual(emu.IssuerUri.Port, emu.StorageBaseUri.Port);
            output.WriteLine($"start #{i + 1}: {started.TotalMilliseconds:F0} ms to StartAsync, {sw.Elapsed.TotalMilliseconds:F0} ms to first discovery answer");
        }
    }

    [Fact]
    public async Task Program_prints_one_line_serves_discovery_and_stops_on_sigint()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "CXone.Emulator.dll");
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(dll);
        psi.ArgumentList.Add("--urls");
        psi.ArgumentList.Add("http://127.0.0.1:0");
        using var p = Process.Start(psi)!;
        try
        {
            var line = await p.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            var m = Regex.Match(line ?? "", "^CXone emulator listening on (http://127\\.0\\.0\\.1:\\d+/)$");
            Assert.True(m.Success, line);
            using var http = Client();
            using var r = await http.GetAsync(new Uri(new Uri(m.Groups[1].Value), ".well-known/openid-configuration"));
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Contains("\"token_endpoint\"", await r.Content.ReadAsStringAsync());

            // Ctrl+C: SIGINT to the process we started
            using (var kill = Process.Start("kill", ["-INT", p.Id.ToString()]))
            {
                await kill.WaitForExitAsync();
            }

            await p.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(0, p.ExitCode);
            Assert.Equal("", await p.StandardOutput.ReadToEndAsync());
            Assert.Equal("", await p.StandardError.ReadToEndAsync());
        }
        finally
        {
            if (!p.HasExited)
            {
                p.Kill();
            }
        }
    }

    [Fact]
    public async Task Program_refuses_unknown_arguments()
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "CXone.Emulator.dll"));
        psi.ArgumentList.Add("--bogus");
        using var p = Process.Start(psi)!;
        await p.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(2, p.ExitCode);
        Assert.Contains("--bogus", await p.StandardError.ReadToEndAsync());
    }
}
