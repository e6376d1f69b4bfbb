using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core.Api;
using CXone.Core.Diagnostics;
using CXone.Core.Errors;
using CXone.Core.Http;
using CXone.Core.Tests.Requests.Support;
using CXone.Emulator;

namespace CXone.Core.Tests.Api;

/// <summary>Lazy paging over completed contacts (2,000 seeded contacts), and the typed contact models.</summary>
public sealed class PagingTests
{
    private static ContactQuery All(CXoneEmulator emu) => new()
    {
        StartDate = emu.Data.DataSetEnd.AddDays(-40),
        EndDate = emu.Data.DataSetEnd.AddMinutes(1),
    };

    private static List<Uri> PageRequests(RequestsWorld w) =>
        w.ApiWire.Requests.Where(r => r.Uri.AbsolutePath.EndsWith("/contacts/completed", StringComparison.Ordinal)).Select(r => r.Uri).ToList();

    private static Dictionary<string, string> QueryOf(Uri u) =>
        u.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Two_thousand_contacts_at_top_500_take_exactly_four_page_requests(bool links)
    {
        await using var w = await RequestsWorld.StartAsync(e => e.IncludeLinks = links);
        long? total = null;

        var contacts = new List<CXoneContact>();
        await foreach (var c in w.Contacts.GetCompletedAsync(All(w.Emu), new PagingOptions { PageSize = 500, OnTotalCount = t => total = t }, CancellationToken.None))
        {
            contacts.Add(c);
        }

        Assert.Equal(2000, contacts.Count);
        Assert.Equal(w.Emu.Data.Contacts.Select(c => c.ContactId), contacts.Select(c => c.ContactId));
        Assert.Equal(2000, total);
        Assert.Equal(4, w.Emu.GetStats().Requests(Routes.Contacts, 200));
        Assert.Equal(4, w.Emu.GetStats().Requests(Routes.Contacts));
        Assert.Equal(new[] { "0", "500", "1000", "1500" }, PageRequests(w).Select(u => QueryOf(u)["skip"]));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Extra_headers_go_with_every_page_request(bool links)
    {
        await using var w = await RequestsWorld.StartAsync(e => e.IncludeLinks = links);
        var paging = new PagingOptions { PageSize = 500, Headers = new Dictionary<string, string> { ["Accept"] = "application/json, text/plain" } };

        var count = 0;
        await foreach (var _ in w.Api.PageAsync("inContactAPI/services/v30.0/contacts/completed", new Dictionary<string, string?> { ["startDate"] = "2000-01-01T00:00:00Z", ["endDate"] = "2100-01-01T00:00:00Z" }, paging, CancellationToken.None))
        {
            count++;
        }

        Assert.Equal(2000, count);
        var pages = w.ApiWire.Requests.Where(r => r.Uri.AbsolutePath.EndsWith("/contacts/completed", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, pages.Count);
        Assert.All(pages, p => Assert.Equal("application/json, text/plain", p.Accept));
    }

    [Fact]
    public async Task A_server_page_cap_below_top_does_not_end_the_walk_early_when_next_links_say_more_remain()
    {
        await using var w = await RequestsWorld.StartAsync(e => e.MaxPageSize = 300);

        var ids = new List<long>();
        await foreach (var c in w.Contacts.GetCompletedAsync(All(w.Emu), new PagingOptions { PageSize = 500 }, CancellationToken.None))
        {
            ids.Add(c.ContactId);
        }

        Assert.Equal(w.Emu.Data.Contacts.Select(c => c.ContactId), ids);
        Assert.Equal(7, w.Emu.GetStats().Requests(Routes.Contacts)); // 6 x 300 + 200
    }

    [Fact]
    public async Task Paging_with_skip_top_stops_on_a_short_page()
    {
        await using var w = await RequestsWorld.StartAsync(e => e.IncludeLinks = false);
        var query = All(w.Emu);
        query.EndDate = w.Emu.Data.Contacts[1199].ContactStartDate.AddMilliseconds(500);

        var count = 0;
        await foreach (var _ in w.Contacts.GetCompletedAsync(query, new PagingOptions { PageSize = 500 }, CancellationToken.None))
        {
            count++;
        }

        Assert.Equal(w.Emu.Data.Contacts.Count(c => c.ContactStartDate < query.EndDate), count);
        Assert.Equal(3, w.Emu.GetStats().Requests(Routes.Contacts)); // 500 + 500 + a short page, no empty fourth
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task First_n_stops_early_and_asks_no_more_than_needed(bool links)
    {
        await using var w = await RequestsWorld.StartAsync(e => e.IncludeLinks = links);

        var contacts = new List<CXoneContact>();
        await foreach (var c in w.Contacts.GetCompletedAsync(All(w.Emu), new PagingOptions { PageSize = 500, First = 700 }, CancellationToken.None))
        {
            contacts.Add(c);
        }

        Assert.Equal(w.Emu.Data.Contacts.Take(700).Select(c => c.ContactId), contacts.Select(c => c.ContactId));
        var pages = PageRequests(w);
        Assert.Equal(2, pages.Count);
        Assert.Equal("500", QueryOf(pages[0])["top"]);
        Assert.Equal("500", QueryOf(pages[1])["skip"]);
        Assert.Equal("200", QueryOf(pages[1])["top"]);
        Assert.Equal(2, w.Emu.GetStats().Requests(Routes.Contacts));
    }

    [Fact]
    public async Task Skip_n_starts_there_and_the_total_count_is_reported()
    {
        await using var w = await RequestsWorld.StartAsync();
        long? total = null;

        var contacts = new List<CXoneContact>();
        await foreach (var c in w.Contacts.GetCompletedAsync(All(w.Emu), new PagingOptions { Skip = 1990, OnTotalCount = t => total = t }, CancellationToken.None))
        {
            contacts.Add(c);
        }

        Assert.Equal(w.Emu.Data.Contacts.Skip(1990).Select(c => c.ContactId), contacts.Select(c => c.ContactId));
        Assert.Equal(2000, total);
        Assert.Equal("1990", QueryOf(Assert.Single(PageRequests(w)))["skip"]);
    }

    [Fact]
    public async Task Pages_are_fetched_as_the_consumer_reads_never_up_front()
    {
        await using var w = await RequestsWorld.StartAsync();
        var sequence = w.Contacts.GetCompletedAsync(All(w.Emu), new PagingOptions { PageSize = 500 }, CancellationToken.None);

        await using var e = sequence.GetAsyncEnumerator();
        Assert.Equal(0, w.Emu.GetStats().Requests(Routes.Contacts)); // nothing before the first read
        Assert.True(await e.MoveNextAsync());
        Assert.Equal(1, w.Emu.GetStats().Requests(Routes.Contacts));
        for (var i = 1; i < 500; i++)
        {
            Assert.True(await e.MoveNextAsync());
        }

        Assert.Equal(1, w.Emu.GetStats().Requests(Routes.Contacts)); // the whole first page, still one request
        Assert.True(await e.MoveNextAsync());
        Assert.Equal(2, w.Emu.GetStats().Requests(Routes.Contacts));
    }

    [Fact]
    public async Task No_content_204_yields_an_empty_sequence_and_a_zero_count()
    {
        await using var w = await RequestsWorld.StartAsync();
        long? total = null;
        var future = new ContactQuery { StartDate = w.Emu.Data.DataSetEnd.AddDays(1), EndDate = w.Emu.Data.DataSetEnd.AddDays(2) };

        var contacts = new List<CXoneContact>();
        await foreach (var c in w.Contacts.GetCompletedAsync(future, new PagingOptions { OnTotalCount = t => total = t }, CancellationToken.None))
        {
            contacts.Add(c);
        }

        Assert.Empty(contacts);
        Assert.Equal(0, total);
        Assert.Equal(1, w.Emu.GetStats().Requests(Routes.Contacts, 204));
    }

    [Fact]
    public async Task Contacts_are_typed_and_carry_every_field_of_the_answer()
    {
        await using var w = await RequestsWorld.StartAsync();

        var contacts = new List<CXoneContact>();
        await foreach (var c in w.Contacts.GetCompletedAsync(All(w.Emu), new PagingOptions { First = 300 }, CancellationToken.None))
        {
            contacts.Add(c);
        }

        foreach (var c in contacts)
        {
            var seed = w.Emu.Data.FindContact(c.ContactId)!;
            Assert.Equal(seed.MasterContactId, c.MasterContactId);
            Assert.Equal(seed.ContactStartDate, c.ContactStartDate);
            Assert.Equal(TimeSpan.Zero, c.ContactStartDate!.Value.Offset);
            Assert.Equal(seed.ContactEndDate, c.ContactEndDate);
            Assert.Equal(seed.AgentId, c.AgentId);
            Assert.Equal(seed.SkillId, c.SkillId);
            Assert.Equal(seed.TeamId, c.TeamId);
            Assert.Equal(seed.MediaTypeId, c.MediaTypeId);
            Assert.Equal(seed.IsRecorded, c.IsLogged);
            Assert.Equal(seed.TotalDurationSeconds, c.TotalDurationSeconds);
            Assert.False(string.IsNullOrEmpty(c.SkillName));
            Assert.Equal(JsonValueKind.String, c.AdditionalProperties["firstName"].ValueKind);
            Assert.True(c.AdditionalProperties.ContainsKey("isOutbound"));
        }

        Assert.Contains(contacts, c => c.MasterContactId != c.ContactId); // legs of a transferred call keep their master id
    }

    [Fact]
    public async Task Filters_reach_the_server_and_dates_with_an_offset_mean_the_same_instant()
    {
        await using var w = await RequestsWorld.StartAsync();
        var seed = w.Emu.Data.Contacts.First(c => c.IsRecorded);
        var plus2 = TimeSpan.FromHours(2);
        var query = new ContactQuery
        {
            StartDate = w.Emu.Data.DataSetEnd.AddDays(-40).ToOffset(plus2),
            EndDate = w.Emu.Data.DataSetEnd.AddMinutes(1).ToOffset(plus2),
            AgentId = seed.AgentId,
            SkillId = seed.SkillId,
            MediaTypeId = 4,
            IsLogged = true,
        };

        var ids = new List<long>();
        await foreach (var c in w.Contacts.GetCompletedAsync(query, null, CancellationToken.None))
        {
            ids.Add(c.ContactId);
        }

        var expected = w.Emu.Data.Contacts.Where(c => c.AgentId == seed.AgentId && c.SkillId == seed.SkillId && c.MediaTypeId == 4 && c.IsRecorded).Select(c => c.ContactId);
        Assert.Equal(expected, ids);
        Assert.Contains(seed.ContactId, ids);
        var q = QueryOf(Assert.Single(PageRequests(w)));
        Assert.EndsWith("+02:00", q["startDate"]);
        Assert.Equal(seed.AgentId.ToString(), q["agentId"]);
        Assert.Equal("true", q["isLogged"]);
        Assert.Equal("10000", q["top"]);
    }

    [Fact]
    public async Task An_end_not_after_the_start_is_refused_before_any_request()
    {
        await using var w = await RequestsWorld.StartAsync();
        var t = w.Emu.Data.DataSetEnd;

        var ex = await Assert.ThrowsAsync<CXoneException>(async () =>
        {
            await foreach (var _ in w.Contacts.GetCompletedAsync(new ContactQuery { StartDate = t, EndDate = t.AddHours(-1) }, null, CancellationToken.None))
            {
            }
        });

        Assert.Equal(CXoneErrorKind.InvalidArgument, ex.Kind);
        Assert.Contains("not after the start", ex.Message);
        Assert.Equal(0, w.Emu.GetStats().TotalRequests);
    }

    [Fact]
    public async Task A_next_link_to_another_host_is_not_followed_and_paging_goes_on_with_skip_top()
    {
        using var evil = new ScriptedHttpServer((ctx, _) => ScriptedHttpServer.WriteAsync(ctx, 200, "application/json", "{\"items\":[]}"));
        ScriptedHttpServer? api = null;
        api = new ScriptedHttpServer((ctx, r) =>
        {
            var skip = int.Parse(System.Web.HttpUtility.ParseQueryString(r.Url.Query)["skip"] ?? "0");
            var items = string.Join(",", Enumerable.Range(skip, skip == 0 ? 2 : 1).Select(i => "{\"id\":" + i + "}"));
            var next = skip == 0 ? "\"" + new Uri(evil.BaseUri, "items?skip=2&top=2") + "\"" : "null";
            return ScriptedHttpServer.WriteAsync(ctx, 200, "application/json", "{\"totalRecords\":3,\"_links\":{\"next\":" + next + "},\"items\":[" + items + "]}");
        });
        using var _api = api;
        using var http = CXoneHttpPipeline.CreateClient(CXoneHttpPipeline.CreateApiHandler(new FixedTokens(), new CXoneHttpOptions(), TimeProvider.System, new System.Net.Http.SocketsHttpHandler()));
        var client = new CXoneApiClient(http, api.BaseUri, new CXoneHttpOptions());
        var reports = new ReportLog();
        using var listen = CXoneReporting.Listen(reports);

        var ids = new List<int>();
        await foreach (var item in client.PageAsync("items", null, new PagingOptions { PageSize = 2 }, CancellationToken.None))
        {
            ids.Add(item.GetProperty("id").GetInt32());
        }

        Assert.Equal(new[] { 0, 1, 2 }, ids);
        Assert.Empty(evil.Received);
        Assert.Equal(new[] { "?skip=0&top=2", "?skip=2&top=2" }, api.Received.Select(r => r.Url.Query));
        Assert.Contains(reports.All, r => r.Kind == CXoneReportKind.Warning && r.Message.Contains("another host"));
    }
}
