using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Threading.Tasks;
using static CXone.Emulator.Tests.TestSupport;

namespace CXone.Emulator.Tests;

/// <summary>Issue point 8: GET /_emulator/stats with the contract's JSON, and the typed twin.</summary>
public sealed class StatsTests
{
    [Fact]
    public async Task Stats_json_has_the_contract_names_and_matches_the_in_process_view()
    {
        await using var emu = await StartAsync();
        using var http = Client();
        var token = await AccessTokenAsync(http, emu);
        var o = emu.Options;
        await TokenAsync(http, emu, new Dictionary<string, string> { ["grant_type"] = "password", ["username"] = "x", ["password"] = "y" }, Basic(o.ClientId, o.ClientSecret));
        (await GetAsync(http, Api(emu, "inContactAPI/services/v30.0/server-time"), token)).Dispose();
        var contact = emu.Data.RecordedContacts.First(c => c.ContactId != emu.Data.LargeRecordingContactId);
        var rec = await FirstRecordingAsync(http, emu, token, contact.ContactId);
        var bytes = await http.GetByteArrayAsync(rec.GetProperty("interactions")[0].GetProperty("data").GetProperty("fileToPlayUrl").GetString());

        using var r = await http.GetAsync(new Uri(emu.IssuerUri, "_emulator/stats"));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var text = await r.Content.ReadAsStringAsync();
        var j = JsonDocument.Parse(text).RootElement;
        foreach (var name in new[] { "routes", "grants", "grantFailures", "throttled", "faultsInjected", "storageRequests", "storageBytesServed", "storageRequestsWithAuthorization" })
        {
            Assert.True(j.TryGetProperty(name, out _), name);
        }

        var token200 = j.GetProperty("routes").GetProperty(TokenRoute);
        Assert.Equal(2, token200.GetProperty("total").GetInt64());
        Assert.Equal(1, token200.GetProperty("statuses").GetProperty("200").GetInt64());
        Assert.Equal(1, token200.GetProperty("statuses").GetProperty("400").GetInt64());
        Assert.Equal(1, j.GetProperty("grants").GetProperty("password").GetInt64());
        Assert.Equal(0, j.GetProperty("grants").GetProperty("refresh_token").GetInt64());
        Assert.Equal(0, j.GetProperty("grants").GetProperty("authorization_code").GetInt64());
        Assert.Equal(0, j.GetProperty("grants").GetProperty("client_credentials").GetInt64());
        Assert.Equal(1, j.GetProperty("grantFailures").GetProperty("password").GetInt64());
        Assert.Equal(1, j.GetProperty("storageRequests").GetInt64());
        Assert.Equal(bytes.Length, j.GetProperty("storageBytesServed").GetInt64());

        var parsed = EmulatorStats.Parse(text);
        var local = emu.GetStats();
        Assert.Equal(local.ToJson(), parsed.ToJson());
        Assert.Equal(1, parsed.Requests(ServerTimeRoute, 200));
        Assert.Equal(1, parsed.Requests(MediaContactsRoute));
        Assert.Equal(1, parsed.Requests(StorageRoute, 200));

        // the emulator's own routes are not counted
        Assert.DoesNotContain(local.Routes.Keys, k => k.Contains("_emulator", StringComparison.Ordinal));
        Assert.Equal(5, local.TotalRequests);
    }

    [Fact]
    public async Task Unknown_paths_count_as_unmatched()
    {
        await using var emu = await StartAsync();
        using var http = Client();
        using var r = await http.GetAsync(new Uri(emu.IssuerUri, "nope/nothing"));
        Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        Assert.Equal(1, emu.GetStats().Requests("GET (unmatched)", 404));
    }

    [Fact]
    public async Task In_process_reset_zeroes_counters()
    {
        await using var emu = await StartAsync();
        using var http = Client();
        await AccessTokenAsync(http, emu);
        Assert.Equal(1, emu.GetStats().Grants("password"));
        emu.Reset();
        var st = emu.GetStats();
        Assert.Equal(0, st.Grants("password"));
        Assert.Equal(0, st.TotalRequests);
    }
}

/// <summary>Counters stay exact under concurrent clients.</summary>
public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Parallel_grants_and_calls_are_all_counted()
    {
        await using var emu = await StartAsync();
        using var http = Client();
        var tokens = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => AccessTokenAsync(http, emu)));
        Assert.Equal(40, tokens.Distinct().Count());
        var answers = await Task.WhenAll(tokens.Select(async t =>
        {
            using var r = await GetAsync(http, Api(emu, "inContactAPI/services/v30.0/server-time"), t);
            return r.StatusCode;
        }));
        Assert.All(answers, s => Assert.Equal(HttpStatusCode.OK, s));
        var st = emu.GetStats();
        Assert.Equal(40, st.Grants("password"));
        Assert.Equal(40, st.Requests(TokenRoute, 200));
        Assert.Equal(40, st.Requests(ServerTimeRoute, 200));
    }
}
