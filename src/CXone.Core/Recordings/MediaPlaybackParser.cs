using System;
using System.Collections.Generic;
using System.Text.Json;
using CXone.Core.Api;

namespace CXone.Core.Recordings
{
    /// <summary>
    /// Reads a media playback answer (docs/cxone-api.md section 4) into one <see cref="CXoneRecording"/> per
    /// interaction. Names are matched without regard to case; the <c>{"value":{...}}</c> wrapper is accepted; a
    /// missing or misshapen part yields fewer fields, never an exception. Only http and https file URLs are kept.
    /// </summary>
    internal static class MediaPlaybackParser
    {
        /// <summary>Reads <paramref name="root"/>.</summary>
        /// <param name="root">The answer.</param>
        /// <param name="lookupId">The id that was looked up (master contact id or segment id).</param>
        /// <param name="mediaType">The media type asked for.</param>
        /// <param name="segment">True for a segment lookup.</param>
        /// <returns>One recording per interaction, in the answer's order (empty without an <c>interactions</c> array).</returns>
        public static IReadOnlyList<CXoneRecording> Parse(JsonElement root, string lookupId, string mediaType, bool segment)
        {
            if (root.ValueKind == JsonValueKind.Object && !JsonRead.TryGet(root, "interactions", out _)
                && JsonRead.TryGet(root, "value", out var inner) && inner.ValueKind == JsonValueKind.Object)
            {
                root = inner;
            }

            var list = new List<CXoneRecording>();
            if (!JsonRead.TryGet(root, "interactions", out var interactions) || interactions.ValueKind != JsonValueKind.Array)
            {
                return list;
            }

            var contactId = JsonRead.String(root, "contactId");
            var acd = JsonRead.String(root, "acdcontactId") ?? JsonRead.String(root, "acdContactId");
            var index = 0;
            foreach (var it in interactions.EnumerateArray())
            {
                var r = new CXoneRecording
                {
                    MasterContactId = lookupId,
                    ContactId = string.IsNullOrEmpty(contactId) ? (acd ?? lookupId) : contactId!,
                    AcdContactId = acd,
                    InteractionIndex = index++,
                    MediaType = JsonRead.String(it, "mediaType") ?? mediaType,
                    ChannelType = JsonRead.String(it, "channelType"),
                    StartTime = JsonRead.Date(it, "startTime"),
                    EndTime = JsonRead.Date(it, "endTime"),
                    LookupMediaType = mediaType,
                    FromSegmentLookup = segment,
                };
                if (r.StartTime is { } s && r.EndTime is { } e && e >= s)
                {
                    r.Duration = e - s;
                }

                if (JsonRead.TryGet(it, "data", out var data) && data.ValueKind == JsonValueKind.Object)
                {
                    ReadData(data, r);
                }

                list.Add(r);
            }

            return list;
        }

        /// <summary>The interaction's <c>data</c>: file URL, segment ids, the agent.</summary>
        private static void ReadData(JsonElement data, CXoneRecording r)
        {
            var url = JsonRead.String(data, "fileToPlayUrl");
            if (!string.IsNullOrEmpty(url) && Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp))
            {
                r.FileUrl = u;
            }

            var segments = new List<string>();
            if (JsonRead.TryGet(data, "segmentsDataList", out var segs) && segs.ValueKind == JsonValueKind.Array)
            {
                foreach (var sd in segs.EnumerateArray())
                {
                    var sid = JsonRead.String(sd, "segmentId");
                    if (!string.IsNullOrEmpty(sid))
                    {
                        segments.Add(sid!);
                    }
                }
            }

            r.SegmentIds = segments;
            if (JsonRead.TryGet(data, "participantDataList", out var parts) && parts.ValueKind == JsonValueKind.Array)
            {
                ReadAgent(parts, r);
            }
        }

        /// <summary>The first participant that is an agent (by type, or by having an <c>agentId</c>).</summary>
        private static void ReadAgent(JsonElement participants, CXoneRecording r)
        {
            foreach (var p in participants.EnumerateArray())
            {
                var type = JsonRead.String(p, "participantType") ?? JsonRead.String(p, "type") ?? string.Empty;
                var agent = JsonRead.String(p, "agentId") ?? JsonRead.String(p, "userId");
                if (agent != null && (type.Length == 0 || type.IndexOf("agent", StringComparison.OrdinalIgnoreCase) >= 0 || JsonRead.String(p, "agentId") != null))
                {
                    r.AgentId = agent;
                    r.AgentName = JsonRead.String(p, "agentName") ?? JsonRead.String(p, "name") ?? JsonRead.String(p, "fullName");
                    return;
                }
            }
        }
    }
}
