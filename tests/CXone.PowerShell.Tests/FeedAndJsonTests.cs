using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CXone.PowerShell.Hosting;
using CXone.PowerShell.Json;

namespace CXone.PowerShell.Tests;

/// <summary>The streamed pipeline input of Save-CXoneRecording and the JSON-to-PowerShell values of Invoke-CXoneRequest.</summary>
public sealed class FeedAndJsonTests
{
    [Fact]
    public async Task A_feed_yields_items_added_while_it_is_read_and_ends_after_Complete()
    {
        var feed = new AsyncFeed<int>();
        var read = new List<int>();
        var reader = Task.Run(async () =>
        {
            await foreach (var i in feed)
            {
                read.Add(i);
            }
        });

        for (var i = 0; i < 100; i++)
        {
            feed.Add(i);
            if (i % 10 == 0)
            {
                await Task.Yield();
            }
        }

        Assert.False(reader.IsCompleted && read.Count < 100, "the reader ended before Complete");
        feed.Complete();
        await reader.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(Enumerable.Range(0, 100), read);
        Assert.Equal(100, feed.Count);
    }

    [Fact]
    public async Task A_feed_completed_before_reading_yields_its_items_then_ends_and_reading_is_cancellable()
    {
        var feed = new AsyncFeed<string>();
        feed.Add("a");
        feed.Add("b");
        feed.Complete();
        var read = new List<string>();
        await foreach (var s in feed)
        {
            read.Add(s);
        }

        Assert.Equal(new[] { "a", "b" }, read);

        var open = new AsyncFeed<string>();
        using var cts = new CancellationTokenSource();
        var waiting = Task.Run(async () =>
        {
            await foreach (var _ in open.WithCancellation(cts.Token))
            {
            }
        });
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void Json_becomes_ordered_properties_narrow_numbers_and_unrolled_arrays()
    {
        using var doc = JsonDocument.Parse("""[{"b":1,"a":"x","big":12345678901,"dec":1.25,"exp":1e300,"t":true,"n":null,"arr":[1,{"c":false}],"date":"2026-11-21T10:00:00Z"},2]""");
        var values = JsonValues.Unroll(doc.RootElement).ToList();
        Assert.Equal(2, values.Count);
        Assert.Equal(2, values[1]);
        var first = Assert.IsType<List<KeyValuePair<string, object?>>>(values[0]);
        Assert.Equal(new[] { "b", "a", "big", "dec", "exp", "t", "n", "arr", "date" }, first.Select(p => p.Key));
        var map = first.ToDictionary(p => p.Key, p => p.Value);
        Assert.IsType<int>(map["b"]);
        Assert.IsType<long>(map["big"]);
        Assert.Equal(1.25m, map["dec"]);
        Assert.IsType<double>(map["exp"]);
        Assert.Equal(true, map["t"]);
        Assert.Null(map["n"]);
        Assert.Equal("2026-11-21T10:00:00Z", map["date"]);
        var arr = Assert.IsType<object?[]>(map["arr"]);
        Assert.Equal(1, arr[0]);
        Assert.IsType<List<KeyValuePair<string, object?>>>(arr[1]);

        using var single = JsonDocument.Parse("""{"ServerTime":"x"}""");
        Assert.Single(JsonValues.Unroll(single.RootElement));
    }
}
