using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core.Api;
using CXone.Core.Errors;
using CXone.Core.Http;
using CXone.Core.Tests.Requests.Support;

namespace CXone.Core.Tests.Hostile;

/// <summary>
/// A server that would keep a paging walk going forever: a next link back to a page already fetched, a server that
/// ignores <c>skip</c>, a server with endless distinct pages. Each walk ends after a bounded number of requests with a
/// typed error that names what happened.
/// </summary>
public sealed class EndlessPagingTests
{
    private static async Task<(CXoneException Error, int Items)> WalkAsync(ScriptedHttpServer server, PagingOptions paging)
    {
        using var scripted = new ScriptedApi(server);
        var client = scripted.Api;
        var items = 0;
        var error = await Assert.ThrowsAsync<CXoneException>(async () =>
        {
            await foreach (var _ in client.PageAsync("items", null, paging, CancellationToken.None))
            {
                items++;
            }
        });
        return (error, items);
    }

    private static string Page(int from, int count, string? next) =>
        "{\"totalRecords\":1000000,\"_links\":{\"next\":" + (next is null ? "null" : "\"" + next + "\"") + "},\"items\":[" +
        string.Join(",", Enumerable.Range(from, count).Select(i => "{\"id\":" + i + "}")) + "]}";

    [Fact]
    public async Task A_next_link_back_to_a_page_already_fetched_stops_the_walk()
    {
        ScriptedHttpServer? server = null;
        server = new ScriptedHttpServer((ctx, r) =>
        {
            var skip = int.Parse(System.Web.HttpUtility.ParseQueryString(r.Url.Query)["skip"] ?? "0");
            // Pages 0 and 2 alternate forever: page 2's next link points back at page 1's.
            var next = new Uri(server!.BaseUri, "items?skip=" + (skip == 2 ? 1 : 2) + "&top=1").ToString();
            return ScriptedHttpServer.WriteAsync(ctx, 200, "application/json", Page(skip, 1, next));
        });
        using var _ = server;

        var (error, items) = await WalkAsync(server, new PagingOptions { PageSize = 1 });

        Assert.Equal(CXoneErrorKind.InvalidResponse, error.Kind);
        Assert.Contains("already fetched", error.Message);
        Assert.Contains("/items", error.Message);
        Assert.True(server.Received.Count <= 4, "stopped at the loop, not after thousands of requests: " + server.Received.Count);
        Assert.Equal(server.Received.Count, items);
    }

    [Fact]
    public async Task A_server_that_ignores_skip_stops_the_walk_at_the_second_page()
    {
        using var server = new ScriptedHttpServer((ctx, r) => ScriptedHttpServer.WriteAsync(ctx, 200, "application/json",
            "{\"totalRecords\":1000000,\"items\":[" + string.Join(",", Enumerable.Range(0, 5).Select(i => "{\"id\":" + i + "}")) + "]}"));

        var (error, items) = await WalkAsync(server, new PagingOptions { PageSize = 5 });

        Assert.Equal(CXoneErrorKind.InvalidResponse, error.Kind);
        Assert.Contains("repeats the page before it", error.Message);
        Assert.Equal(2, server.Received.Count);
        Assert.Equal(5, items);
    }

    [Fact]
    public async Task Endless_distinct_pages_stop_at_the_page_cap_which_the_user_can_raise()
    {
        using var server = new ScriptedHttpServer((ctx, r) =>
        {
            var skip = int.Parse(System.Web.HttpUtility.ParseQueryString(r.Url.Query)["skip"] ?? "0");
            return ScriptedHttpServer.WriteAsync(ctx, 200, "application/json", Page(skip, 2, null).Replace("\"_links\":{\"next\":null},", string.Empty));
        });

        var (error, items) = await WalkAsync(server, new PagingOptions { PageSize = 2, MaxPages = 7 });

        Assert.Equal(CXoneErrorKind.InvalidArgument, error.Kind);
        Assert.Contains("7 pages", error.Message);
        Assert.Contains("MaxPages", error.RecommendedAction);
        Assert.Equal(7, server.Received.Count);
        Assert.Equal(14, items);
        Assert.Equal(10000, new PagingOptions().MaxPages);
    }
}
