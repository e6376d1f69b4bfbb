using System;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Threading.Tasks;

namespace CXone.Emulator;

/// <summary>
/// <c>dotnet run --project tests/CXone.Emulator -- [--urls http://127.0.0.1:5099] [--storage-urls http://127.0.0.1:5100]</c>:
/// prints one line <c>CXone emulator listening on &lt;issuer-uri&gt;</c> once ready, serves until Ctrl+C.
/// Other options: <c>--allow-client-credentials</c>, <c>--media-playback-limit N</c>, <c>--contacts N</c> (completed contacts in the data set), <c>--retry-after seconds|date|none</c>,
/// <c>--token-lifetime SECONDS</c> (access token lifetime of every login), <c>--access-key-answer oauth|userhub</c> (the
/// spelling of the access-key route's answer), <c>--fault JSON</c> (repeatable: a <c>POST /_emulator/faults</c> body applied at start). Exit codes: 0 stopped by
/// SIGINT/SIGTERM, 1 could not listen (port in use), 2 bad arguments.
/// </summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        var options = new EmulatorOptions();
        try
        {
            for (var i = 0; i < args.Length; i++)
            {
                string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
                switch (args[i])
                {
                    case "--urls":
                        options.ApiPort = Port(Value());
                        break;
                    case "--storage-urls":
                        options.StoragePort = Port(Value());
                        break;
                    case "--allow-client-credentials":
                        options.AllowClientCredentials = true;
                        break;
                    case "--media-playback-limit":
                        options.MediaPlaybackLimit = int.Parse(Value(), CultureInfo.InvariantCulture);
                        break;
                    case "--contacts":
                        options.ContactCount = int.Parse(Value(), CultureInfo.InvariantCulture);
                        break;
                    case "--retry-after":
                        options.RetryAfterMode = EmulatorFaults.ParseRetryAfter(Value());
                        break;
                    case "--token-lifetime":
                        options.AccessTokenLifetime = TimeSpan.FromSeconds(int.Parse(Value(), NumberStyles.None, CultureInfo.InvariantCulture));
                        options.GenesysTokenLifetime = options.AccessTokenLifetime;
                        if (options.AccessTokenLifetime <= TimeSpan.Zero)
                        {
                            throw new ArgumentException("--token-lifetime needs a positive number of seconds.");
                        }

                        break;
                    case "--access-key-answer":
                        options.AccessKeyAnswer = Value() switch
                        {
                            "oauth" => AccessKeyAnswerSpelling.OAuth,
                            "userhub" => AccessKeyAnswerSpelling.UserHub,
                            var other => throw new ArgumentException($"--access-key-answer takes oauth or userhub, not '{other}'."),
                        };
                        break;
                    case "--fault":
                        options.InitialFaults.Add(JsonSerializer.Deserialize<FaultRequest>(Value()) ?? throw new ArgumentException("--fault needs a JSON object."));
                        break;
                    case "-h":
                    case "--help":
                        Console.WriteLine("usage: CXone.Emulator [--urls http://127.0.0.1:PORT] [--storage-urls http://127.0.0.1:PORT] [--allow-client-credentials] [--media-playback-limit N] [--contacts N] [--retry-after seconds|date|none] [--token-lifetime SECONDS] [--access-key-answer oauth|userhub] [--fault JSON]...");
                        return 0;
                    default:
                        throw new ArgumentException($"Unknown argument '{args[i]}'.");
                }
            }
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException or JsonException)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }

        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.TrySetResult();
        };
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx =>
        {
            ctx.Cancel = true;
            stop.TrySetResult();
        });

        CXoneEmulator emu;
        try
        {
            emu = await CXoneEmulator.StartAsync(options).ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
        catch (IOException e)
        {
            // typically the port is taken: say which and what to do, without a stack trace
            Console.Error.WriteLine($"The CXone emulator could not start: {e.Message} Pick another port with --urls / --storage-urls, or stop what is using it.");
            return 1;
        }

        await using var running = emu;
        Console.WriteLine($"CXone emulator listening on {emu.IssuerUri}");
        Console.Out.Flush();
        await stop.Task.ConfigureAwait(false);
        return 0;
    }

    /// <summary>Port of <c>http://127.0.0.1:PORT</c> (first of a ';' list). Only loopback is served.</summary>
    private static int Port(string urls)
    {
        var first = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0];
        if (!Uri.TryCreate(first, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
        {
            throw new ArgumentException($"Expected http://127.0.0.1:PORT, got '{first}'.");
        }

        if (uri.Host is not ("127.0.0.1" or "localhost"))
        {
            throw new ArgumentException("The emulator listens on 127.0.0.1 only.");
        }

        return uri.Port;
    }
}
