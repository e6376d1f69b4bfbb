using System;
using System.Buffers;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace CXone.Emulator;

public sealed partial class CXoneEmulator
{
    private const int InteractionNotFoundCode = 404001;

    private Task NotFoundInteraction(HttpContext ctx) =>
        WriteJson(ctx, 404, new JsonObject { ["internalCode"] = InteractionNotFoundCode, ["message"] = "Interaction not found" });

    private Task MediaByContact(HttpContext ctx)
    {
        var id = Query(ctx, "acd-call-id");
        if (id == null)
        {
            return WriteJson(ctx, 400, new JsonObject { ["internalCode"] = 400001, ["message"] = "acd-call-id is required" });
        }

        var contact = long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? Data.FindContact(n) : null;
        if (contact == null || !contact.IsRecorded)
        {
            return NotFoundInteraction(ctx);
        }

        var mediaType = Query(ctx, "media-type") ?? "all";
        var interactions = contact.Interactions.Where(i => mediaType == "all" || i.MediaType == mediaType).ToList();
        return interactions.Count == 0 ? NotFoundInteraction(ctx) : WritePlayback(ctx, contact, interactions.ToArray());
    }

    private Task MediaBySegment(HttpContext ctx)
    {
        var seg = ctx.Request.RouteValues["segmentId"] as string;
        if (seg == null || !Data.TryGetSegment(seg, out var contact, out var interaction))
        {
            return NotFoundInteraction(ctx);
        }

        var mediaType = Query(ctx, "media-type") ?? "all";
        return mediaType != "all" && mediaType != interaction.MediaType ? NotFoundInteraction(ctx) : WritePlayback(ctx, contact, interaction);
    }

    /// <summary>The signed, expiring storage URL of a file (what <c>fileToPlayUrl</c> carries).</summary>
    public Uri StorageUrl(string fileId, DateTimeOffset? expires = null)
    {
        var exp = (expires ?? Options.TimeProvider.GetUtcNow() + Options.StorageUrlLifetime).ToUnixTimeSeconds();
        return new Uri(StorageBaseUri, $"storage/{Uri.EscapeDataString(fileId)}?expires={exp}&signature={_signer.Sign(fileId, exp)}");
    }

    private Task WritePlayback(HttpContext ctx, EmulatorContact contact, params EmulatorInteraction[] interactions)
    {
        var agent = Data.Agents.FirstOrDefault(a => a.AgentId == contact.AgentId);
        var buffer = new ArrayBufferWriter<byte>(2048);
        var wrapped = Options.MediaPlaybackShape == MediaPlaybackShape.WrappedValue;
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            if (wrapped)
            {
                w.WriteStartObject("value");
            }

            w.WriteString("contactId", contact.ContactId.ToString(CultureInfo.InvariantCulture));
            w.WriteString("acdcontactId", contact.ContactId.ToString(CultureInfo.InvariantCulture));
            w.WriteString("masterContactId", contact.MasterContactId.ToString(CultureInfo.InvariantCulture));
            w.WriteBoolean("elevatedInteraction", false);
            w.WriteStartArray(wrapped ? "Interactions" : "interactions");
            foreach (var it in interactions)
            {
                w.WriteStartObject();
                w.WriteString("mediaType", it.MediaType);
                w.WriteString("channelType", it.MediaType == "voice-only" ? "Voice" : "VoiceAndScreen");
                w.WriteString("startTime", Iso(it.StartTime));
                w.WriteString("endTime", Iso(it.EndTime));
                w.WriteStartObject("data");
                w.WriteString("fileToPlayUrl", StorageUrl(it.FileId).ToString());
                if (it.MediaType == "voice-and-screen")
                {
                    w.WriteString("videoImageUrl", StorageUrl(it.FileId).ToString());
                }
                else
                {
                    w.WriteNull("videoImageUrl");
                }

                w.WriteString("acwEndTime", Iso(it.EndTime.AddSeconds(30)));
                w.WriteStartArray("participantDataList");
                w.WriteStartObject();
                w.WriteString("participantType", "Agent");
                w.WriteString("agentId", contact.AgentId.ToString(CultureInfo.InvariantCulture));
                w.WriteString("agentName", agent == null ? null : agent.FirstName + " " + agent.LastName);
                w.WriteEndObject();
                w.WriteStartObject();
                w.WriteString("participantType", "Customer");
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteStartArray("segmentsDataList");
                w.WriteStartObject();
                w.WriteString("segmentId", it.SegmentId);
                w.WriteString("startTime", Iso(it.StartTime));
                w.WriteString("endTime", Iso(it.EndTime));
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            if (wrapped)
            {
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        return WriteBytes(ctx, 200, "application/json; charset=utf-8", buffer.WrittenSpan.ToArray());
    }

    private static Task StorageError(HttpContext ctx, int status, string code, string message) =>
        WriteText(ctx, status, "application/xml", $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>{message}</Message></Error>");

    private async Task Storage(HttpContext ctx)
    {
        var fileId = ctx.Request.RouteValues["fileId"] as string ?? "";
        if (!Data.TryGetFile(fileId, out _, out var interaction))
        {
            await StorageError(ctx, 404, "NoSuchKey", "The specified key does not exist.").ConfigureAwait(false);
            return;
        }

        var expiresText = Query(ctx, "expires");
        var sig = Query(ctx, "signature");
        if (expiresText == null || sig == null || !long.TryParse(expiresText, NumberStyles.None, CultureInfo.InvariantCulture, out var expires) || !_signer.Verify(fileId, expires, sig))
        {
            await StorageError(ctx, 403, "AccessDenied", "Signature does not match.").ConfigureAwait(false);
            return;
        }

        if (Options.TimeProvider.GetUtcNow().ToUnixTimeSeconds() >= expires)
        {
            await StorageError(ctx, 403, "AccessDenied", "Request has expired").ConfigureAwait(false);
            return;
        }

        var length = interaction.Bytes;
        long from = 0;
        var to = length - 1;
        var partial = false;
        var range = ctx.Request.Headers.Range.ToString();
        if (!string.IsNullOrEmpty(range))
        {
            if (!TryParseRange(range, length, out from, out to, out var satisfiable))
            {
                from = 0;
                to = length - 1;
            }
            else if (!satisfiable)
            {
                ctx.Response.Headers.ContentRange = $"bytes */{length}";
                await StorageError(ctx, 416, "InvalidRange", "The requested range is not satisfiable").ConfigureAwait(false);
                return;
            }
            else
            {
                partial = true;
            }
        }

        var count = to - from + 1;
        ctx.Response.StatusCode = partial ? 206 : 200;
        ctx.Response.ContentType = "video/mp4";
        ctx.Response.ContentLength = count;
        ctx.Response.Headers.AcceptRanges = "bytes";
        ctx.Response.Headers.ETag = $"\"{fileId}-{length}\"";
        if (partial)
        {
            ctx.Response.Headers.ContentRange = $"bytes {from}-{to}/{length}";
        }

        if (HttpMethods.IsHead(ctx.Request.Method))
        {
            return;
        }

        if (ctx.Items.ContainsKey(DropKey))
        {
            // about half of the bytes, then the connection drops: a client can resume with Range
            await RawDropAsync(ctx, async send =>
            {
                var chunk = new byte[64 * 1024];
                long sent = 0;
                var limit = Math.Max(1, count / 2);
                while (sent < limit)
                {
                    var n = (int)Math.Min(chunk.Length, limit - sent);
                    EmulatorData.FillRecordingBytes(fileId, from + sent, chunk.AsSpan(0, n));
                    _stats.StorageBytes(n);
                    await send(chunk.AsMemory(0, n)).ConfigureAwait(false);
                    sent += n;
                }
            }).ConfigureAwait(false);
            return;
        }

        var buf = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            var body = ctx.Response.Body;
            long sent = 0;
            // Kestrel completes writes on an aborted connection without error, and signals RequestAborted through
            // the thread pool (late on a busy machine): also stop as soon as the socket itself is gone.
            var socket = ctx.Features.Get<Microsoft.AspNetCore.Connections.Features.IConnectionSocketFeature>()?.Socket;
            while (sent < count && !ClientGone(ctx, socket))
            {
                var n = (int)Math.Min(64 * 1024, count - sent);
                EmulatorData.FillRecordingBytes(fileId, from + sent, buf.AsSpan(0, n));
                _stats.StorageBytes(n);
                await body.WriteAsync(buf.AsMemory(0, n), ctx.RequestAborted).ConfigureAwait(false);
                sent += n;
            }
        }
        catch (Exception e) when ((e is OperationCanceledException or IOException) && ctx.RequestAborted.IsCancellationRequested)
        {
            // the client went away: nothing to answer
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buf);
        }
    }

    private static bool ClientGone(HttpContext ctx, System.Net.Sockets.Socket? socket)
    {
        if (ctx.RequestAborted.IsCancellationRequested)
        {
            return true;
        }

        try
        {
            return socket != null && (!socket.Connected || socket.SafeHandle.IsClosed);
        }
        catch (ObjectDisposedException)
        {
            return true;
        }
    }

    /// <summary>Parses one <c>bytes=a-b</c>, <c>bytes=a-</c> or <c>bytes=-n</c> range. False = ignore the header (serve all).</summary>
    internal static bool TryParseRange(string header, long length, out long from, out long to, out bool satisfiable)
    {
        from = 0;
        to = length - 1;
        satisfiable = true;
        if (!header.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase) || header.Contains(',', StringComparison.Ordinal))
        {
            return false;
        }

        var spec = header.AsSpan(6).Trim();
        var dash = spec.IndexOf('-');
        if (dash < 0)
        {
            return false;
        }

        var a = spec.Slice(0, dash).Trim();
        var b = spec.Slice(dash + 1).Trim();
        if (a.IsEmpty)
        {
            if (!long.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out var suffix))
            {
                return false;
            }

            if (suffix == 0 || length == 0)
            {
                satisfiable = false;
                return true;
            }

            from = Math.Max(0, length - suffix);
            return true;
        }

        if (!long.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out from))
        {
            return false;
        }

        if (!b.IsEmpty)
        {
            if (!long.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out to) || to < from)
            {
                return false;
            }

            to = Math.Min(to, length - 1);
        }

        satisfiable = from < length;
        return true;
    }
}
