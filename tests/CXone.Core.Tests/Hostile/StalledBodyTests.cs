using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core.Diagnostics;
using CXone.Core.Errors;
using CXone.Core.Http;
using CXone.Core.Recordings;
using CXone.Core.Tests.Requests.Support;
using CXone.Emulator;

namespace CXone.Core.Tests.Hostile;

/// <summary>
/// Bodies that stop arriving once the headers are in: a stall ends at the read-idle timeout (a recording resumes with
/// Range, counted against its resumes; -OutFile is a Timeout naming the cause), a trickle (slowloris) ends at the
/// total budget, and nothing partial is left. Every clock here is a manual one moved by the test.
/// </summary>
public sealed class StalledBodyTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cxone-stall-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string[] Files() => Directory.GetFiles(_dir, "*", SearchOption.AllDirectories);

    /// <summary>Moves <paramref name="clock"/> by <paramref name="step"/> until <paramref name="task"/> ends (the server side runs on real time).</summary>
    private static async Task<T> AdvanceUntil<T>(ManualTimeProvider clock, Task<T> task, TimeSpan step)
    {
        for (var i = 0; !task.IsCompleted; i++)
        {
            Assert.True(i < 20_000, "the call never ended");
            await Task.WhenAny(task, Task.Delay(2));
            if (!task.IsCompleted)
            {
                clock.Advance(step);
            }
        }

        return await task;
    }

    /// <summary>Headers announcing <paramref name="length"/> bytes, <paramref name="send"/> of them, then silence until the client leaves.</summary>
    private static async Task StallAsync(HttpListenerContext ctx, byte[] data, int send, int status = 200, long? from = null)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/octet-stream";
        var start = from ?? 0;
        if (status == 206)
        {
            ctx.Response.Headers["Content-Range"] = "bytes " + start + "-" + (data.Length - 1) + "/" + data.Length;
        }

        ctx.Response.ContentLength64 = data.Length - start;
        await ctx.Response.OutputStream.WriteAsync(data.AsMemory((int)start, send));
        await ctx.Response.OutputStream.FlushAsync();
        await HoldAsync(ctx);
    }

    private static async Task HoldAsync(HttpListenerContext ctx)
    {
        // Until the client closes the connection (a write then fails) or the test ends.
        for (var i = 0; i < 3000; i++)
        {
            await Task.Delay(20);
            try
            {
                await ctx.Response.OutputStream.FlushAsync();
            }
            catch (Exception)
            {
                return;
            }
        }
    }

    [Fact]
    public async Task An_out_file_body_that_stalls_is_a_timeout_naming_the_read_idle_cause_and_leaves_no_file()
    {
        var data = RandomNumberGenerator.GetBytes(100_000);
        using var server = new ScriptedHttpServer((ctx, _) => StallAsync(ctx, data, 1000));
        var clock = new ManualTimeProvider();
        using var api = new ScriptedApi(server, new CXoneHttpOptions(), clock);
        var target = Path.Combine(_dir, "export.bin");
        var start = clock.GetUtcNow();

        var call = api.Api.SendToFileAsync(new CXoneRequest(HttpMethod.Get, "export"), target, CancellationToken.None);
        var e = await Assert.ThrowsAsync<CXoneException>(() => AdvanceUntil(clock, call, TimeSpan.FromSeconds(1)));

        Assert.Equal(CXoneErrorKind.Timeout, e.Kind);
        Assert.Contains("read-idle timeout", e.Message);
        Assert.Contains("No byte arrived for 30 s", e.Message);
        Assert.Contains("1,000 bytes", e.Message);
        Assert.Contains("-ReadIdleTimeoutSec", e.RecommendedAction);
        Assert.InRange(clock.GetUtcNow() - start, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(100)); // the idle timeout, well before the budget
        Assert.Empty(Files());
        Assert.Single(server.Received); // a stalled streamed body is not sent again
    }

    [Fact]
    public async Task An_out_file_body_that_trickles_forever_ends_at_the_total_budget_and_leaves_no_file()
    {
        using var server = new ScriptedHttpServer(async (ctx, _) =>
        {
            ctx.Response.StatusCode = 200;
            ctx.Response.ContentLength64 = 1_000_000;
            for (var i = 0; i < 5000; i++)
            {
                await ctx.Response.OutputStream.WriteAsync(new byte[] { 42 });
                await ctx.Response.OutputStream.FlushAsync();
                await Task.Delay(10);
            }
        });
        var clock = new ManualTimeProvider();
        // A byte every few (manual) seconds never trips a read-idle timeout; here it is off, so only the budget can end the call.
        using var api = new ScriptedApi(server, new CXoneHttpOptions { ReadIdleTimeout = Timeout.InfiniteTimeSpan, TotalBudget = TimeSpan.FromSeconds(120) }, clock);
        var target = Path.Combine(_dir, "slow.bin");
        var start = clock.GetUtcNow();

        var call = api.Api.SendToFileAsync(new CXoneRequest(HttpMethod.Get, "slow"), target, CancellationToken.None);
        var e = await Assert.ThrowsAsync<CXoneException>(() => AdvanceUntil(clock, call, TimeSpan.FromSeconds(2)));

        Assert.Equal(CXoneErrorKind.Timeout, e.Kind);
        Assert.Contains("total budget of 120 s", e.Message);
        Assert.Contains("while the body was still arriving", e.Message);
        Assert.InRange(clock.GetUtcNow() - start, TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(140));
        Assert.Empty(Files());
    }

    [Fact]
    public async Task A_recording_whose_body_stalls_resumes_with_range_and_is_saved_whole()
    {
        var data = RandomNumberGenerator.GetBytes(100_000);
        using var storage = new ScriptedHttpServer(async (ctx, req) =>
        {
            if (!req.Headers.TryGetValue("Range", out var range))
            {
                await StallAsync(ctx, data, 40_000);
                return;
            }

            var from = long.Parse(range["bytes=".Length..^1]);
            await StallAsync(ctx, data, data.Length - (int)from, 206, from);
        });
        await using var w = await RequestsWorld.StartAsync();
        var rec = new CXoneRecording { ContactId = "42", MasterContactId = "42", MediaType = "voice-only", FileUrl = new Uri(storage.BaseUri, "f/42.mp4?sig=abc") };
        using var _ = CXoneReporting.Listen(w.Reports);

        var r = await AdvanceUntil(w.Clock, w.Recordings.DownloadAsync(rec, new DownloadOptions { Folder = _dir }, CancellationToken.None), TimeSpan.FromSeconds(1));

        Assert.Equal(DownloadStatus.Saved, r.Status);
        Assert.Equal(1, r.Resumes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(data)), r.Sha256);
        Assert.Equal(data, File.ReadAllBytes(r.Path!));
        Assert.Equal(2, storage.Received.Count);
        Assert.Equal("bytes=40000-", storage.Received[1].Headers["Range"]);
        Assert.Contains(w.Reports.Lines, l => l.Contains("stalled (no byte for 30 s) after 40000 bytes", StringComparison.Ordinal));
        Assert.Equal(new[] { r.Path }, Files());
    }

    [Fact]
    public async Task A_recording_that_keeps_stalling_fails_as_a_timeout_after_its_resumes_leaving_no_file()
    {
        var data = RandomNumberGenerator.GetBytes(100_000);
        using var storage = new ScriptedHttpServer(async (ctx, req) =>
        {
            var from = req.Headers.TryGetValue("Range", out var range) ? long.Parse(range["bytes=".Length..^1]) : 0;
            await StallAsync(ctx, data, 10_000, from == 0 ? 200 : 206, from);
        });
        await using var w = await RequestsWorld.StartAsync(http: o => o.ReadIdleTimeout = TimeSpan.FromSeconds(5));
        var rec = new CXoneRecording { ContactId = "43", MasterContactId = "43", MediaType = "voice-only", FileUrl = new Uri(storage.BaseUri, "f/43.mp4?sig=abc") };

        var r = await AdvanceUntil(w.Clock, w.Recordings.DownloadAsync(rec, new DownloadOptions { Folder = _dir, MaxResumes = 2 }, CancellationToken.None), TimeSpan.FromSeconds(1));

        Assert.Equal(DownloadStatus.Failed, r.Status);
        Assert.Equal(CXoneErrorKind.Timeout, r.Error!.Kind);
        Assert.Contains("the body stalled (3 attempts)", r.Reason);
        Assert.Contains("No byte arrived for 5.0 s (read-idle timeout)", r.Reason);
        Assert.DoesNotContain("sig=abc", r.Reason);
        Assert.Equal(2, r.Resumes);
        Assert.Equal(new[] { null, "bytes=10000-", "bytes=20000-" }, storage.Received.Select(q => q.Headers.TryGetValue("Range", out var v) ? v : null));
        Assert.Empty(Files());
    }

    [Fact]
    public async Task A_recording_that_trickles_forever_fails_at_the_total_budget_without_resuming_and_leaves_no_file()
    {
        using var storage = new ScriptedHttpServer(async (ctx, _) =>
        {
            ctx.Response.StatusCode = 200;
            ctx.Response.ContentLength64 = 1_000_000;
            for (var i = 0; i < 5000; i++)
            {
                await ctx.Response.OutputStream.WriteAsync(new byte[] { 7 });
                await ctx.Response.OutputStream.FlushAsync();
                await Task.Delay(10);
            }
        });
        await using var w = await RequestsWorld.StartAsync(http: o =>
        {
            o.ReadIdleTimeout = Timeout.InfiniteTimeSpan;
            o.TotalBudget = TimeSpan.FromSeconds(60);
        });
        var rec = new CXoneRecording { ContactId = "44", MasterContactId = "44", MediaType = "voice-only", FileUrl = new Uri(storage.BaseUri, "f/44.mp4?sig=abc") };
        var start = w.Clock.GetUtcNow();

        var r = await AdvanceUntil(w.Clock, w.Recordings.DownloadAsync(rec, new DownloadOptions { Folder = _dir }, CancellationToken.None), TimeSpan.FromSeconds(2));

        Assert.Equal(DownloadStatus.Failed, r.Status);
        Assert.Equal(CXoneErrorKind.Timeout, r.Error!.Kind);
        Assert.Contains("total budget of 60 s", r.Reason);
        Assert.Equal(0, r.Resumes);
        Assert.Single(storage.Received);
        Assert.InRange(w.Clock.GetUtcNow() - start, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(80));
        Assert.Empty(Files());
    }

    [Fact]
    public async Task The_idle_clock_restarts_with_every_read_that_returns_bytes_and_the_callers_cancellation_stays_a_cancellation()
    {
        var clock = new ManualTimeProvider();
        var body = new PulsedStream();
        using var s = new DeadlineStream(body, clock, TimeSpan.FromSeconds(30), Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan, "h.example", "GET /x");
        var buffer = new byte[16];

        for (var i = 0; i < 3; i++)
        {
            var read = s.ReadAsync(buffer, 0, buffer.Length, CancellationToken.None);
            clock.Advance(TimeSpan.FromSeconds(20));
            Assert.False(read.IsCompleted);
            body.Pulse();
            Assert.Equal(1, await read); // 3 x 20 s in all: more than 30 s, but never 30 s without a byte
        }

        var stalled = s.ReadAsync(buffer, 0, buffer.Length, CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.False(stalled.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));
        var e = await Assert.ThrowsAsync<ReadIdleTimeoutException>(() => stalled);
        Assert.Equal(3, e.BytesRead);
        await Assert.ThrowsAsync<ReadIdleTimeoutException>(() => s.ReadAsync(buffer, 0, buffer.Length, CancellationToken.None)); // stays failed

        using var cts = new CancellationTokenSource();
        using var s2 = new DeadlineStream(new PulsedStream(), clock, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(60), "h.example", "GET /x");
        var cancelled = s2.ReadAsync(buffer, 0, buffer.Length, cts.Token);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
    }

    /// <summary>A body that returns one byte each time the test pulses it, and honours cancellation.</summary>
    private sealed class PulsedStream : Stream
    {
        private readonly SemaphoreSlim _pulses = new(0);

        public void Pulse() => _pulses.Release();

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            await _pulses.WaitAsync(cancellationToken);
            buffer[offset] = 1;
            return 1;
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
