using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;

namespace CXone.Emulator;

/// <summary>A completed contact of the seeded data set.</summary>
public sealed class EmulatorContact
{
    /// <summary>Contact id (12 digits).</summary>
    public long ContactId { get; init; }

    /// <summary>Master contact id (equal to <see cref="ContactId"/> except for transfer legs).</summary>
    public long MasterContactId { get; init; }

    /// <summary>Start (UTC).</summary>
    public DateTimeOffset ContactStartDate { get; init; }

    /// <summary>End (UTC).</summary>
    public DateTimeOffset ContactEndDate { get; init; }

    /// <summary>Agent id.</summary>
    public int AgentId { get; init; }

    /// <summary>Skill id.</summary>
    public int SkillId { get; init; }

    /// <summary>Team id.</summary>
    public int TeamId { get; init; }

    /// <summary>Media type id (4 phone call, 3 chat, 1 email).</summary>
    public int MediaTypeId { get; init; }

    /// <summary>Whole seconds.</summary>
    public int TotalDurationSeconds { get; init; }

    /// <summary>Whether media playback finds a recording for this contact id.</summary>
    public bool IsRecorded { get; init; }

    /// <summary>Recordings (one per interaction; empty when not recorded).</summary>
    public IReadOnlyList<EmulatorInteraction> Interactions { get; init; } = Array.Empty<EmulatorInteraction>();

    /// <summary>Size in bytes of the first interaction's file (0 when not recorded).</summary>
    public long RecordingBytes => Interactions.Count == 0 ? 0 : Interactions[0].Bytes;
}

/// <summary>One recorded interaction of a contact (one media file in storage).</summary>
public sealed class EmulatorInteraction
{
    /// <summary>Storage file id (the <c>{fileId}</c> of <c>GET /storage/{fileId}</c>).</summary>
    public string FileId { get; init; } = "";

    /// <summary>Segment id (for <c>/media-playback/v1/segments/{segmentId}</c>).</summary>
    public string SegmentId { get; init; } = "";

    /// <summary><c>voice-only</c> or <c>voice-and-screen</c>.</summary>
    public string MediaType { get; init; } = "voice-only";

    /// <summary>File size in bytes.</summary>
    public long Bytes { get; set; }

    /// <summary>Start (UTC).</summary>
    public DateTimeOffset StartTime { get; init; }

    /// <summary>End (UTC).</summary>
    public DateTimeOffset EndTime { get; init; }
}

/// <summary>An agent.</summary>
public sealed record EmulatorAgent(int AgentId, string FirstName, string LastName, string UserName, string EmailAddress, bool IsActive, int TeamId, string TeamName, DateTimeOffset LastUpdated);

/// <summary>A skill.</summary>
public sealed record EmulatorSkill(int SkillId, string SkillName, int MediaTypeId, bool IsActive);

/// <summary>A team.</summary>
public sealed record EmulatorTeam(int TeamId, string TeamName, bool IsActive);

/// <summary>
/// The deterministic seeded data set: same options (seed, counts, clock start) give the same contacts, agents,
/// skills, teams and recording bytes.
/// </summary>
public sealed class EmulatorData
{
    private readonly Dictionary<long, EmulatorContact> _byId;
    private readonly Dictionary<string, (EmulatorContact Contact, EmulatorInteraction Interaction)> _byFile;
    private readonly Dictionary<string, (EmulatorContact Contact, EmulatorInteraction Interaction)> _bySegment;

    internal EmulatorData(EmulatorOptions o, DateTimeOffset end)
    {
        var rnd = new Random(o.DataSeed);
        DataSetEnd = end;
        Teams = Enumerable.Range(1, Math.Max(1, o.TeamCount)).Select(i => new EmulatorTeam(1000 + i, "Team " + i, i != o.TeamCount || o.TeamCount < 3)).ToList();
        Skills = Enumerable.Range(1, Math.Max(1, o.SkillCount)).Select(i => new EmulatorSkill(2000 + i, "Skill " + i, i % 5 == 0 ? 3 : 4, true)).ToList();
        string[] first = { "Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Radia", "Niklaus" };
        string[] last = { "Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson", "Perlman", "Wirth" };
        var agents = new List<EmulatorAgent>();
        for (var i = 0; i < Math.Max(1, o.AgentCount); i++)
        {
            var team = Teams[i % Teams.Count];
            var fn = first[i % first.Length];
            var ln = last[(i / first.Length + i) % last.Length];
            var user = $"{fn.ToLowerInvariant()}.{ln.ToLowerInvariant()}{i}@emulator.cxone.test";
            agents.Add(new EmulatorAgent(30000001 + i, fn, ln, user, user, i % 10 != 9, team.TeamId, team.TeamName, end.AddDays(-(i % 30))));
        }

        Agents = agents;

        var start = end.AddDays(-Math.Max(1, o.ContactDays));
        var spanTicks = (end - start).Ticks;
        var starts = new long[o.ContactCount];
        for (var i = 0; i < starts.Length; i++)
        {
            starts[i] = (long)(rnd.NextDouble() * spanTicks);
        }

        Array.Sort(starts);
        var contacts = new List<EmulatorContact>(o.ContactCount);
        long id = 600_000_000_000L + rnd.Next(100_000, 900_000);
        EmulatorContact? previous = null;
        for (var i = 0; i < starts.Length; i++)
        {
            id += rnd.Next(1, 50);
            var s = new DateTimeOffset(start.UtcTicks + starts[i], TimeSpan.Zero);
            s = new DateTimeOffset(s.UtcTicks - (s.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
            var duration = rnd.Next(30, 1800);
            var e = s.AddSeconds(duration);
            if (e > end)
            {
                e = end;
                duration = (int)(e - s).TotalSeconds;
            }

            var media = rnd.NextDouble() switch { < 0.85 => 4, < 0.95 => 3, _ => 1 };
            var agent = Agents[rnd.Next(Agents.Count)];
            var skill = Skills[rnd.Next(Skills.Count)];
            var isLeg = previous != null && rnd.NextDouble() < 0.05;
            var recorded = !isLeg && media == 4 && rnd.NextDouble() < Math.Min(1.0, o.RecordedFraction / 0.85 * 1.05);
            var interactions = new List<EmulatorInteraction>();
            if (recorded)
            {
                var n = rnd.NextDouble() < o.MultiInteractionFraction ? 2 : 1;
                for (var k = 0; k < n; k++)
                {
                    var seg = NewGuid(rnd);
                    interactions.Add(new EmulatorInteraction
                    {
                        FileId = $"{id}-{k}",
                        SegmentId = seg,
                        MediaType = k == 0 ? "voice-only" : "voice-and-screen",
                        Bytes = o.DefaultRecordingBytes,
                        StartTime = s,
                        EndTime = e,
                    });
                }
            }

            var c = new EmulatorContact
            {
                ContactId = id,
                MasterContactId = isLeg ? previous!.MasterContactId : id,
                ContactStartDate = s,
                ContactEndDate = e,
                AgentId = agent.AgentId,
                SkillId = skill.SkillId,
                TeamId = agent.TeamId,
                MediaTypeId = media,
                TotalDurationSeconds = duration,
                IsRecorded = recorded,
                Interactions = interactions,
            };
            contacts.Add(c);
            previous = c;
        }

        Contacts = contacts;
        var large = contacts.FirstOrDefault(c => c.IsRecorded && c.Interactions.Count == 1); // the oldest: tests that walk recent windows rarely meet it
        if (large != null)
        {
            large.Interactions[0].Bytes = o.LargeRecordingBytes;
            LargeRecordingContactId = large.ContactId;
        }

        _byId = contacts.ToDictionary(c => c.ContactId);
        _byFile = new Dictionary<string, (EmulatorContact, EmulatorInteraction)>(StringComparer.Ordinal);
        _bySegment = new Dictionary<string, (EmulatorContact, EmulatorInteraction)>(StringComparer.OrdinalIgnoreCase);
        foreach (var c in contacts)
        {
            foreach (var it in c.Interactions)
            {
                _byFile[it.FileId] = (c, it);
                _bySegment[it.SegmentId] = (c, it);
            }
        }
    }

    /// <summary>The clock's time when the emulator started: the newest contact starts before it.</summary>
    public DateTimeOffset DataSetEnd { get; }

    /// <summary>Completed contacts, oldest first.</summary>
    public IReadOnlyList<EmulatorContact> Contacts { get; }

    /// <summary>Agents.</summary>
    public IReadOnlyList<EmulatorAgent> Agents { get; }

    /// <summary>Skills.</summary>
    public IReadOnlyList<EmulatorSkill> Skills { get; }

    /// <summary>Teams.</summary>
    public IReadOnlyList<EmulatorTeam> Teams { get; }

    /// <summary>The recorded contact whose one file is <see cref="EmulatorOptions.LargeRecordingBytes"/> long (generated on the fly).</summary>
    public long LargeRecordingContactId { get; }

    /// <summary>Recorded contacts.</summary>
    public IEnumerable<EmulatorContact> RecordedContacts => Contacts.Where(c => c.IsRecorded);

    /// <summary>A contact by id, or null.</summary>
    public EmulatorContact? FindContact(long contactId) => _byId.TryGetValue(contactId, out var c) ? c : null;

    internal bool TryGetFile(string fileId, out EmulatorContact contact, out EmulatorInteraction interaction)
    {
        if (_byFile.TryGetValue(fileId, out var t))
        {
            (contact, interaction) = t;
            return true;
        }

        contact = null!;
        interaction = null!;
        return false;
    }

    internal bool TryGetSegment(string segmentId, out EmulatorContact contact, out EmulatorInteraction interaction)
    {
        if (_bySegment.TryGetValue(segmentId, out var t))
        {
            (contact, interaction) = t;
            return true;
        }

        contact = null!;
        interaction = null!;
        return false;
    }

    /// <summary>Fills <paramref name="destination"/> with the bytes of file <paramref name="fileId"/> from <paramref name="offset"/>. Random access, no state.</summary>
    public static void FillRecordingBytes(string fileId, long offset, Span<byte> destination)
    {
        var key = FileKey(fileId);
        var pos = offset;
        var i = 0;
        while (i < destination.Length && (pos & 7) != 0)
        {
            destination[i++] = (byte)(Mix(key ^ (ulong)(pos >> 3)) >> ((int)(pos & 7) * 8));
            pos++;
        }

        while (destination.Length - i >= 8)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(destination.Slice(i), Mix(key ^ (ulong)(pos >> 3)));
            i += 8;
            pos += 8;
        }

        while (i < destination.Length)
        {
            destination[i++] = (byte)(Mix(key ^ (ulong)(pos >> 3)) >> ((int)(pos & 7) * 8));
            pos++;
        }

        // An MP4 'ftyp' box at the start so the file looks like what it claims to be.
        ReadOnlySpan<byte> header = [0, 0, 0, 24, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'i', (byte)'s', (byte)'o', (byte)'m', 0, 0, 2, 0, (byte)'i', (byte)'s', (byte)'o', (byte)'m', (byte)'m', (byte)'p', (byte)'4', (byte)'1'];
        if (offset < header.Length)
        {
            for (var k = (int)offset; k < header.Length && k - offset < destination.Length; k++)
            {
                destination[(int)(k - offset)] = header[k];
            }
        }
    }

    /// <summary>All bytes of a file of <paramref name="length"/> bytes (for small files only).</summary>
    public static byte[] GetRecordingBytes(string fileId, long length)
    {
        if (length > 64L * 1024 * 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(length), "Use ComputeSha256 or FillRecordingBytes for large files.");
        }

        var b = new byte[length];
        FillRecordingBytes(fileId, 0, b);
        return b;
    }

    /// <summary>Lower-case hex SHA-256 of the whole file, computed in 1 MiB chunks (no full copy in memory).</summary>
    public static string ComputeSha256(string fileId, long length)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buf = new byte[1 << 20];
        for (long off = 0; off < length; off += buf.Length)
        {
            var n = (int)Math.Min(buf.Length, length - off);
            FillRecordingBytes(fileId, off, buf.AsSpan(0, n));
            hash.AppendData(buf, 0, n);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Expected lower-case hex SHA-256 of a contact's interaction file.</summary>
    public string ExpectedSha256(long contactId, int interactionIndex = 0)
    {
        var c = FindContact(contactId) ?? throw new ArgumentException("Unknown contact " + contactId, nameof(contactId));
        var it = c.Interactions[interactionIndex];
        return ComputeSha256(it.FileId, it.Bytes);
    }

    private static ulong FileKey(string fileId)
    {
        ulong h = 1469598103934665603UL;
        foreach (var ch in fileId)
        {
            h = (h ^ ch) * 1099511628211UL;
        }

        return Mix(h);
    }

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static string NewGuid(Random rnd)
    {
        var b = new byte[16];
        rnd.NextBytes(b);
        b[7] = (byte)((b[7] & 0x0F) | 0x40);
        b[8] = (byte)((b[8] & 0x3F) | 0x80);
        return new Guid(b).ToString();
    }
}
