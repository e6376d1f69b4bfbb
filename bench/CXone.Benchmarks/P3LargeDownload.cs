using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core;
using CXone.Core.Recordings;
using CXone.Emulator;
using static CXone.Benchmarks.Bench;

namespace CXone.Benchmarks;

/// <summary>
/// P3: one large recording (the emulator's <see cref="EmulatorData.LargeRecordingContactId"/>, 1 GiB; 64 MiB with
/// <c>--quick</c>) saved by <see cref="RecordingsClient.DownloadAsync"/> next to a raw HttpClient that streams the same
/// signed storage URL into a file. Core also hashes with SHA-256 and checks Content-Length on the way, so a third
/// side, raw copy + SHA-256, shows what the hash alone costs; the headline ratio is against the plain raw copy.
/// Rounds rotate the order. Memory: peak managed heap growth and managed allocation while downloading, peak working
/// set growth; process-wide, so the in-process emulator's share is in every side's figure.
/// </summary>
internal static class P3LargeDownload
{
    private sealed record Sample(double Ms, long HeapGrowth, long Allocated, long WorkingSetGrowth, string? Sha256);

    public static async Task<IReadOnlyList<Row>> RunAsync(BenchConfig config, CancellationToken ct)
    {
        var options = new EmulatorOptions { ContactCount = 50, AgentCount = 5, LargeRecordingBytes = config.P3Bytes };
        await using var emu = await CXoneEmulator.StartAsync(options, ct).ConfigureAwait(false);
        using var session = await CXoneSession.ConnectAsync(SessionOptions(emu, TimeProvider.System), ct).ConfigureAwait(false);
        using var raw = RawClient();
        var folder = Path.Combine(config.Scratch, "p3");
        Directory.CreateDirectory(folder);

        var large = emu.Data.LargeRecordingContactId.ToString(CultureInfo.InvariantCulture);
        var recording = await LookupAsync(session, large, ct).ConfigureAwait(false);
        var small = await LookupAsync(session, emu.Data.RecordedContacts.First(c => c.ContactId != emu.Data.LargeRecordingContactId).ContactId.ToString(CultureInfo.InvariantCulture), ct).ConfigureAwait(false);
        var size = emu.Data.FindContact(emu.Data.LargeRecordingContactId)!.RecordingBytes;

        var sides = new (string Name, Func<CXoneRecording, Task<(long Bytes, string? Sha, string Path)>> Run)[]
        {
            ("raw", r => RawCopyAsync(raw, r, folder, hash: false, ct)),
            ("raw+sha", r => RawCopyAsync(raw, r, folder, hash: true, ct)),
            ("core", r => CoreAsync(session, r, folder, ct)),
        };

        // Warm-up on a small file: JIT, connection pools.
        foreach (var side in sides)
        {
            File.Delete((await side.Run(small).ConfigureAwait(false)).Path);
        }

        var samples = sides.ToDictionary(s => s.Name, _ => new List<Sample>());
        for (var round = 0; round < config.P3Rounds; round++)
        {
            var order = Enumerable.Range(0, sides.Length).Select(i => sides[(i + round) % sides.Length]);
            foreach (var side in order)
            {
                using var memory = MemorySampler.Start();
                var start = Stopwatch.GetTimestamp();
                var (bytes, sha, path) = await side.Run(recording).ConfigureAwait(false);
                var ms = Ms(start, Stopwatch.GetTimestamp());
                memory.Stop();
                File.Delete(path);
                if (bytes != size)
                {
                    throw new InvalidOperationException(side.Name + " saved " + bytes + " bytes of " + size + ".");
                }

                samples[side.Name].Add(new Sample(ms, memory.HeapGrowth, memory.Allocated, memory.WorkingSetGrowth, sha));
            }
        }

        var coreSha = samples["core"].Select(s => s.Sha256).Distinct().Single();
        var rawSha = samples["raw+sha"].Select(s => s.Sha256).Distinct().Single();
        if (!string.Equals(coreSha, rawSha, StringComparison.Ordinal))
        {
            throw new InvalidOperationException("Core's SHA-256 differs from the raw copy's.");
        }

        double Throughput(string side) => size / (1024.0 * 1024.0) / (Median(samples[side].Select(s => s.Ms).ToList()) / 1000.0);
        long MaxOf(string side, Func<Sample, long> pick) => samples[side].Max(pick);
        var core = Throughput("core");
        var rawCopy = Throughput("raw");
        var rawSha256 = Throughput("raw+sha");
        var label = (size >= 1L << 30 ? F(size / (double)(1L << 30), "0.#") + " GiB" : F(size / (double)(1L << 20), "0.#") + " MiB") +
            (config.P3Rounds > 1 ? ", median of " + config.P3Rounds : string.Empty);
        var coreGrowth = MaxOf("core", s => s.HeapGrowth);
        return new[]
        {
            new Row("P3", "download throughput vs raw copy + SHA-256, " + label, F(core, "0") + " MiB/s", F(rawSha256, "0") + " MiB/s (raw+sha)", X(core / rawSha256), ">= 0.95x", core / rawSha256 >= 0.95),
            new Row("P3", "download throughput vs plain raw copy (no hash; information)", F(core, "0") + " MiB/s", F(rawCopy, "0") + " MiB/s (raw copy)", X(core / rawCopy), "-", null),
            new Row("P3", "managed heap growth (peak, max of rounds)", MiB(coreGrowth), MiB(MaxOf("raw", s => s.HeapGrowth)) + " (raw copy)", "-", "<= 32 MiB", coreGrowth <= 32L << 20),
            new Row("P3", "managed allocation per download (max)", MiB(MaxOf("core", s => s.Allocated)), MiB(MaxOf("raw", s => s.Allocated)) + " (raw copy)", "-", "-", null),
            new Row("P3", "working set growth (peak, max)", MiB(MaxOf("core", s => s.WorkingSetGrowth)), MiB(MaxOf("raw", s => s.WorkingSetGrowth)) + " (raw copy)", "-", "-", null),
        };
    }

    private static async Task<CXoneRecording> LookupAsync(CXoneSession session, string contactId, CancellationToken ct)
    {
        var lookup = await session.Recordings.GetByContactAsync(contactId, "all", ct).ConfigureAwait(false);
        return lookup.Found && lookup.Recordings.Count > 0 && lookup.Recordings[0].GetFileUrl() != null
            ? lookup.Recordings[0]
            : throw new InvalidOperationException("Media playback has no file for contact " + contactId + ".");
    }

    private static async Task<(long, string?, string)> CoreAsync(CXoneSession session, CXoneRecording recording, string folder, CancellationToken ct)
    {
        var result = await session.Recordings.DownloadAsync(recording, new DownloadOptions { Folder = folder, Overwrite = true }, ct).ConfigureAwait(false);
        if (result.Status != DownloadStatus.Saved)
        {
            throw new InvalidOperationException("Core download: " + result);
        }

        return (result.Bytes, result.Sha256, result.Path!);
    }

    private static async Task<(long, string?, string)> RawCopyAsync(HttpClient http, CXoneRecording recording, string folder, bool hash, CancellationToken ct)
    {
        var path = Path.Combine(folder, "raw" + (hash ? "-sha" : string.Empty) + ".mp4");
        long bytes;
        string? sha = null;
        using (var response = await http.GetAsync(recording.GetFileUrl(), HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false))
        {
            response.EnsureSuccessStatusCode();
            await using var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
            if (!hash)
            {
                await body.CopyToAsync(file, 81920, ct).ConfigureAwait(false);
            }
            else
            {
                using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                var buffer = new byte[81920];
                int n;
                while ((n = await body.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
                {
                    await file.WriteAsync(buffer.AsMemory(0, n), ct).ConfigureAwait(false);
                    sha256.AppendData(buffer, 0, n);
                }

                sha = Convert.ToHexStringLower(sha256.GetHashAndReset());
            }

            await file.FlushAsync(ct).ConfigureAwait(false);
            bytes = file.Length;
        }

        return (bytes, sha, path);
    }
}
