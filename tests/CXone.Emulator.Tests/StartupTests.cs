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

/// <summary>How the emulator starts: in-process (under one second; figures in the test output) and as a program.</summary>
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
            var discovered = sw.Elapsed;
            Assert.Equal(IPAddress.Loopback.ToString(), emu.IssuerUri.Host);
            Assert.NotEqual(emu.IssuerUri.Port, emu.StorageBaseUri.Port);
            await AccessTokenAsync(http, emu);
            output.WriteLine($"start #{i + 1}: {started.TotalMilliseconds:F0} ms to StartAsync, {discovered.TotalMilliseconds:F0} ms to first discovery answer, {sw.Elapsed.TotalMilliseconds:F0} ms to first token");

            // the startup goal: the emulator starts in-process in under one second (listening once StartAsync returns)
            Assert.True(started < TimeSpan.FromSeconds(1), $"start #{i + 1} took {started.TotalMilliseconds:F0} ms");
        }
    }

    [Fact]
    public async Task Program_prints_one_line_serves_discovery_and_stops_on_sigint()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "CXone.Emulator.dll");
        // A test run started in the background of a non-interactive shell (as CI scripts often are) has SIGINT
        // ignored, the child inherits that, and the runtime then leaves Ctrl+C alone as every Unix program does:
        // env gives the emulator the default disposition back, as a terminal user's would be.
        var psi = new ProcessStartInfo("env")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("--default-signal=INT");
        psi.ArgumentList.Add("dotnet");
        psi.ArgumentList.Add(dll);
        psi.ArgumentList.Add("--urls");
        psi.ArgumentList.Add("http://127.0.0.1:0");
        psi.ArgumentList.Add("--fault");
        psi.ArgumentList.Add("""{"route":"GET /auth/jwks","kind":"503"}""");
        using var p = Process.Start(psi)!;
        // stderr is drained from the start, so that nothing the program writes can block it on a full pipe
        var errors = p.StandardError.ReadToEndAsync();
        try
        {
            var line = await p.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            var m = Regex.Match(line ?? "", "^CXone emulator listening on (http://127\\.0\\.0\\.1:\\d+/)$");
            Assert.True(m.Success, line);
            var rest = p.StandardOutput.ReadToEndAsync();
            using (var http = Client())
            {
                using var r = await http.GetAsync(new Uri(new Uri(m.Groups[1].Value), ".well-known/openid-configuration"));
                Assert.Equal(HttpStatusCode.OK, r.StatusCode);
                Assert.Contains("\"token_endpoint\"", await r.Content.ReadAsStringAsync());

                // the --fault given on the command line is in force: the first jwks answer is 503, the next 200
                var jwks = new Uri(new Uri(m.Groups[1].Value), "auth/jwks");
                using (var faulted = await http.GetAsync(jwks))
                {
                    Assert.Equal(HttpStatusCode.ServiceUnavailable, faulted.StatusCode);
                }

                using (var normal = await http.GetAsync(jwks))
                {
                    Assert.Equal(HttpStatusCode.OK, normal.StatusCode);
                }
            }

            // Ctrl+C: SIGINT to the process we started
            using (var kill = Process.Start("kill", ["-INT", p.Id.ToString()]))
            {
                await kill.WaitForExitAsync();
                Assert.Equal(0, kill.ExitCode);
            }

            try
            {
                await p.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            }
            catch (TimeoutException)
            {
                p.Kill();
                Assert.Fail("The emulator had not exited 30 s after SIGINT; what it wrote to stderr: " + await errors);
            }

            Assert.Equal(0, p.ExitCode);
            Assert.Equal("", await rest);
            Assert.Equal("", await errors);
        }
        finally
        {
            if (!p.HasExited)
            {
                p.Kill();
            }
        }
    }

    [Theory]
    [InlineData(2, "--bogus", "--bogus")]
    [InlineData(2, "--fault", "{\"kind\":\"teapot\"}", "teapot")]
    [InlineData(2, "--fault", "not json", "invalid")]
    public async Task Program_refuses_bad_arguments_without_a_stack_trace(int exitCode, params string[] argsThenExpected)
    {
        var (code, stdout, stderr) = await RunProgramAsync(argsThenExpected[..^1]);
        Assert.Equal(exitCode, code);
        Assert.Contains(argsThenExpected[^1], stderr);
        Assert.DoesNotContain("   at ", stderr);
        Assert.DoesNotContain("listening", stdout);
    }

    [Fact]
    public async Task Program_on_a_port_in_use_says_so_without_a_stack_trace()
    {
        await using var emu = await CXoneEmulator.StartAsync(new EmulatorOptions());
        var (code, stdout, stderr) = await RunProgramAsync("--urls", $"http://127.0.0.1:{emu.IssuerUri.Port}");
        Assert.Equal(1, code);
        Assert.Contains("address already in use", stderr, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("--urls", stderr);
        Assert.DoesNotContain("   at ", stderr);
        Assert.Equal("", stdout);
    }

    private static async Task<(int ExitCode, string StdOut, string StdErr)> RunProgramAsync(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "CXone.Emulator.dll"));
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        try
        {
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            await p.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            return (p.ExitCode, await stdout, await stderr);
        }
        finally
        {
            if (!p.HasExited)
            {
                p.Kill();
            }
        }
    }
}
