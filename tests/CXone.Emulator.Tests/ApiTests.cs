using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using static CXone.Emulator.Tests.TestSupport;

namespace CXone.Emulator.Tests;

/// <summary>Issue point 4: the admin API over the seeded data set.</summary>
public sealed class ApiTests
{
    [Fact]
    public async Task Server_time_reads_the_emulators_clock_under_any_version()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero));
        await using var emu = await StartAsync(clock);
        using var http = Client();
        var token = await AccessTokenAsync(http, emu);
        foreach (var v in new[] { "v2.0", "v30.0", "v31.0" })
        {
            using var r = await GetAsync(http, Api(emu, $"inContactAPI/services/{v}/server-time"), token);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Equal("2026-11-21T10:00:00.000Z", (await JsonAsync(r)).GetProperty("ServerTime").GetString());
        }

        using var bad = await GetAsync(http, Api(emu, "inContactAPI/services/latest/server-time"), token);
        Assert.Equal(HttpStatusCode.NotFound, bad.StatusCode);
        Assert.Equal(3, emu.GetStats().Requests(ServerTimeRoute, 200));
    }

    [Fact]
    public async Task Api_without_accept_json_answers_no_known_way_to_render_data()
    {
        await using var emu = await StartAsync();
        using var http = Client();
        var token = await AccessTokenAsync(http, emu);
        using var req = new HttpRequestMessage(HttpMethod.Get, Api(emu, "inContactAPI/services/v30.0/server-time"));
        req.Headers.Authorization = new("Bearer", token);
        using var r = await http.SendAsync(req);
        Assert.Equal(HttpStatusCode.NotAcceptable, r.StatusCode);
        Assert.Contains("No known way to render data", await r.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Other_methods_answer_405_and_count_under_their_own_method()
    {
        await using var emu = await StartAsync();
        using var http = Client();
        using var r = await http.PostAsync(Api(emu, "inContactAPI/services/v30.0/server-time"), new StringContent(""));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, r.StatusCode);
        Assert.Equal(1, emu.GetStats().Requests("POST /inContactAPI/services/{version}/server-time", 405));
    }

    [Fact]
    public async Task Data_set_is_deterministic_and_has_the_default_shape()
    {
        var clock = new ManualTimeProvider();
        await using var a = await StartAsync(clock);
        await using var b = await StartAsync(new ManualTimeProvider());
        var d = a.Data;
        Assert.Equal(2000, d.Contacts.Count);
        Assert.Equal(50, d.Agents.Count);
        Assert.Equal(10, d.Skills.Count);
        Assert.True(d.Teams.Count >= 2);
        var recorded = d.Contacts.Count(c => c.IsRecorded);
        Assert.InRange(recorded, 1100, 1300);
        Assert.Contains(d.Contacts, c => c.Interactions.Count == 2);
        Assert.Contains(d.Contacts, c => c.MasterContactId != c.ContactId);
        Assert.All(d.Contacts, c => Assert.InRange(c.ContactId, 100_000_000_000L, 999_999_999_999L));
        Assert.All(d.Contacts, c => Assert.InRange(c.ContactStartDate, clock.GetUtcNow().AddDays(-30), clock.GetUtcNow()));
        Assert.Equal(d.Contacts.Select(c => c.ContactId), b.Data.Contacts.Select(c => c.ContactId));
        Assert.Equal(d.Contacts.Select(c => c.IsRecorded), b.Data.Contacts.Select(c => c.IsRecorded));
        Assert.Equal(1L << 30, d.FindContact(d.LargeRecordingContactId)!.RecordingBytes);
        Assert.All(d.Contacts.Where(c => c.IsRecorded && c.ContactId != d.LargeRecordingContactId), c => Assert.Equal(256 * 1024, c.RecordingBytes));
    }

    [Fact]
    public async Task Completed_contacts_pages_with_links_next_until_done()
    {
        await using var emu = await StartAsync();
        using var http = Client();
        var token = await AccessTokenAsync(http, emu);
        var start = emu.Data.DataSetEnd.AddDays(-31).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var end = emu.Data.DataSetEnd.AddDays(1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        Uri? next = Api(emu, $"inContactAPI/services/v30.0/contacts/completed?startDate={start}&endDate={end}&top=700");
        var ids = new List<long>();
        var pages = 0;
        while (next != null)
        {
            using var r = await GetAsync(http, next, token);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            var j = await JsonAsync(r);
            pages++;
            Assert.Equal(2000, j.GetProperty("totalRecords").GetInt32());
            Assert.Equal(emu.Options.BusinessUnitId, j.GetProperty("businessUnitId").GetInt32());
            Assert.True(j.TryGetProperty("lastPollTime", out _));
            foreach (var c in j.GetProperty("completedContacts").EnumerateArray())
            {
                var id = c.GetProperty("contactId").GetInt64();
                ids.Add(id);
                // the row names of cxone-api.md section 3, with the seeded values
                var expected = emu.Data.FindContact(id)!;
                Assert.Equal(expected.MasterContactId, c.GetProperty("masterContactId").GetInt64());
                Assert.Equal(expected.ContactStartDate, DateTimeOffset.Parse(c.GetProperty("contactStartDate").GetString()!, CultureInfo.InvariantCulture));
                Assert.EndsWith("Z", c.GetProperty("contactStartDate").GetString());
                Assert.Equal(expected.AgentId, c.GetProperty("agentId").GetInt32());
                Assert.Equal(expected.SkillId, c.GetProperty("skillId").GetInt32());
                Assert.Equal(expected.MediaTypeId, c.GetProperty("mediaTypeId").GetInt32());
                Assert.Equal(expected.IsRecorded, c.GetProperty("isLogged").GetBoolean());
                Assert.Equal(expected.TotalDurationSeconds, c.GetProperty("totalDurationSeconds").GetInt32());
            }

            var links = j.GetProperty("_links");
            Assert.True(new Uri(links.GetProperty("self").GetString()!).IsAbsoluteUri);
            Assert.Equal(pages == 1 ? JsonValueKind.Null : JsonValueKind.String, links.GetProperty("previous").ValueKind);
            var n = links.GetProperty("next");
            next = n.ValueKind == JsonValueKind.String ? new Uri(n.GetString()!) : null;
            Assert.True(next == null || next.IsAbsoluteUri);
        }

        Assert.Equal(3, pages);
        Assert.Equal(emu.Data.Contacts.Select(c => c.ContactId), ids);
        Assert.Equal(3, emu.GetStats().Requests(ContactsRoute, 200));
    }

    [Fact]
    public async Task Completed_contacts_pages_with_skip_and_top_without_links_and_ends_with_204()
    {
        await using var emu = await StartAsync(configure: o => o.IncludeLinks = false);
        using var http = Client();
        var token = await AccessTokenAsync(http, emu);
        var ids = new List<long>();
        for (var skip = 0; ; skip += 1000)
        {
            using var r = await GetAsync(http, Api(emu, $"inContactAPI/services/v30.0/contacts/completed?skip={skip}&top=1000"), token);
            if (r.StatusCode == HttpStatusCode.NoContent)
            {
                Assert.Empty(await r.Content.ReadAsByteArrayAsync());
                break;
            }

            var j = await JsonAsync(r);
            Assert.False(j.TryGetProperty("_links", out _));
            ids.AddRange(j.GetProperty("completedContacts").EnumerateArray().Select(c => c.GetProperty("contactId").GetInt64()));
        }

        Assert.Equal(2000, ids.Distinct().Count());
        Assert.Equal(1, emu.GetStats().Requests(ContactsRoute, 204));
    }

    [Fact]
    public async Task Completed_contacts_filters_by_dates_with_offsets_and_caps_pages_at_10000()
    {
        await using var emu = await StartAsync(configure: o => o.ContactCount = 12_000);
        using var http = Client();
        var token = await AccessTokenAsync(http, emu);
        using (var r = await GetAsync(http, Api(emu, "inContactAPI/services/v30.0/contacts/completed?top=50000"), token))
        {
            var j = await JsonAsync(r);
            Assert.Equal(12_000, j.GetProperty("totalRecords").GetInt32());
            Assert.Equal(10_000, j.GetProperty("completedContacts").GetArrayLength());
        }

        var from = emu.Data.DataSetEnd.AddDays(-10);
        var to = emu.Data.DataSetEnd.AddDays(-5);
        var expected = emu.Data.Contacts.Count(c => c.ContactStartDate >= from && c.ContactStartDate < to);
        var fromText = Enc(from.ToOffset(TimeSpan.FromHours(2)).ToString("yyyy-MM-ddTHH:mm:ss.fffzzz", CultureInfo.InvariantCulture));
        var toText = to.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        using (var r = await GetAsync(http, Api(emu, $"inContactAPI/services/v30.0/contacts/completed?startDate={fromText}&endDate={toText}"), token))
        {
            var j = await JsonAsync(r);
            Assert.Equal(expected, j.GetProperty("totalRecords").GetInt32());
            Assert.All(j.GetProperty("completedContacts").EnumerateArray(), c =>
                Assert.InRange(DateTimeOffset.Parse(c.GetProperty("contactStartDate").GetString()!, CultureInfo.InvariantCulture), from, to));
        }

        // an un-encoded '+' offset arrives as a space: the server refuses it
        var raw = from.ToOffset(TimeSpan.FromHours(2)).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);
        using (var r = await GetAsync(http, Api(emu, $"inContactAPI/services/v30.0/contacts/completed?startDate={raw}"), token))
        {
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        }

        // a window with nothing in it is 204
        var empty = Enc(emu.Data.DataSetEnd.AddDays(1).ToString("o", CultureInfo.InvariantCulture));
        using (var r = await GetAsync(http, Api(emu, $"inContactAPI/services/v30.0/contacts/completed?startDate={empty}"), token))
        {
            Assert.Equal(HttpStatusCode.NoContent, r.StatusCode);
        }
    }

    [Fact]
    public async Task Agents_skills_teams()
    {
        await using var emu = await StartAsync();
        using var http = Client();
        var token = await AccessTokenAsync(http, emu);
        var agents = await JsonAsync(await GetAsync(http, Api(emu, "inContactAPI/services/v30.0/agents?top=20&skip=10"), token));
        Assert.Equal(50, agents.GetProperty("totalRecords").GetInt32());
        Assert.Equal(20, agents.GetProperty("agents").GetArrayLength());
        var id = agents.GetProperty("agents")[0].GetProperty("agentId").GetInt32();
        Assert.Equal(emu.Data.Agents[10].AgentId, id);

        var one = await JsonAsync(await GetAsync(http, Api(emu, $"inContactAPI/services/v30.0/agents/{id}"), token));
        Assert.Equal(id, one.GetProperty("agents")[0].GetProperty("agentId").GetInt32());
        using (var missing = await GetAsync(http, Api(emu, "inContactAPI/services/v30.0/agents/1"), token))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        var active = await JsonAsync(await GetAsync(http, Api(emu, "inContactAPI/services/v30.0/agents?isActive=false"), token));
        Assert.Equal(emu.Data.Agents.Count(a => !a.IsActive), active.GetProperty("totalRecords").GetInt32());

        var skills = await JsonAsync(await GetAsync(http, Api(emu, "inContactAPI/services/v30.0/skills"), token));
        Assert.Equal(10, skills.GetProperty("skills").GetArrayLength());
        var teams = await JsonAsync(await GetAsync(http, Api(emu, "inContactAPI/services/v30.0/teams"), token));
        Assert.Equal(emu.Data.Teams.Count, teams.GetProperty("teams").GetArrayLength());

        var st = emu.GetStats();
        Assert.Equal(2, st.Requests("GET /inContactAPI/services/{version}/agents", 200));
        Assert.Equal(1, st.Requests("GET /inContactAPI/services/{version}/agents/{id}", 404));
        Assert.Equal(1, st.Requests("GET /inContactAPI/services/{version}/skills"));
        Assert.Equal(1, st.Requests("GET /inContactAPI/services/{version}/teams"));
    }
}
