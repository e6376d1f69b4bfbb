using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Reflection;
using System.Threading.Tasks;
using CXone.Core.Auth;
using CXone.Core.Http;
using CXone.Core.Tests.Support;

namespace CXone.Core.Tests;

/// <summary>
/// The session's public surface is read-only facts and the request clients: walking every public member reachable
/// from <see cref="CXoneSession"/> (properties, fields and methods, static or not, recursively through their return
/// types, generic arguments and array elements) finds no HTTP client or handler, no token cache and nothing that
/// returns the access token. What a PowerShell user holding <c>$s</c> can reach is exactly this graph.
/// </summary>
public sealed class SessionSurfaceTests
{
    private static readonly Type[] Forbidden =
    {
        typeof(HttpMessageInvoker), // HttpClient and every HttpMessageHandler derive from it
        typeof(HttpClient),
        typeof(HttpMessageHandler),
        typeof(TokenCache),
        typeof(ITokenProvider),
        typeof(AccessToken),
        typeof(TimeProvider),
        typeof(CXoneHttpOptions),
    };

    [Fact]
    public void Nothing_reachable_from_a_session_is_an_HTTP_client_a_handler_the_token_cache_or_the_token()
    {
        var walk = Walk(typeof(CXoneSession));

        Assert.Empty(walk.Findings);
        // The walk really went through the graph: the clients, their results and the error type were visited.
        foreach (var reached in new[] { "CXoneApiClient", "RecordingsClient", "ContactsClient", "CXoneRecording", "DownloadResult", "CXoneContact", "CXoneResponse", "CXoneException", "CXoneHttpSettings" })
        {
            Assert.Contains(walk.Visited, t => t.Name == reached);
        }
    }

    [Fact]
    public void The_walk_finds_a_client_a_handler_a_token_cache_and_a_token_where_they_are_reachable()
    {
        // The same walk over a type that exposes each of them, through a property, a method, a task, an array and a
        // generic argument: it must name every one (otherwise the test above could not fail).
        var findings = Walk(typeof(LeakyShape)).Findings;

        Assert.Contains(findings, f => f.Contains("LeakyShape.Http", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Contains("LeakyShape.GetHandlersAsync", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Contains("LeakyShape.Caches", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Contains("Nested.Token", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Contains("Nested.AccessTokenText", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Contains("LeakyShape.GetToken", StringComparison.Ordinal));
    }

    [Fact]
    public void The_session_shows_no_plumbing_by_name()
    {
        var names = typeof(CXoneSession).GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static).Select(m => m.Name).ToHashSet();

        foreach (var hidden in new[] { "ApiHttp", "StorageHttp", "Tokens", "TokenCache", "TimeProvider", "HttpOptions", "GetTokenAsync", "Authenticator" })
        {
            Assert.DoesNotContain(hidden, names);
        }

        Assert.Equal(typeof(CXoneCredentialKind), typeof(CXoneSession).GetProperty(nameof(CXoneSession.CredentialKind))!.PropertyType);
        Assert.All(typeof(CXoneHttpSettings).GetProperties(), p => Assert.Null(p.SetMethod));
    }

    [Fact]
    public async Task Reading_every_property_creates_nothing_and_returns_the_same_clients()
    {
        await using var h = await AuthHarness.StartAsync();
        using var session = await h.ConnectAsync();
        var grantsBefore = (await h.StatsAsync()).TokenRequests;

        var first = typeof(CXoneSession).GetProperties().ToDictionary(p => p.Name, p => p.GetValue(session));
        var second = typeof(CXoneSession).GetProperties().ToDictionary(p => p.Name, p => p.GetValue(session));

        Assert.Same(first["Api"], second["Api"]);
        Assert.Same(first["Contacts"], second["Contacts"]);
        Assert.Same(first["Recordings"], second["Recordings"]);
        Assert.Same(first["HttpSettings"], second["HttpSettings"]);
        Assert.Equal(CXoneCredentialKind.AccessKey, first["CredentialKind"]);
        Assert.Equal(0, ((CXoneHttpSettings)first["HttpSettings"]!).MaxRetries); // the harness connects with MaxRetries = 0
        Assert.Equal(grantsBefore, (await h.StatsAsync()).TokenRequests);
    }

    private static WalkResult Walk(Type root)
    {
        var result = new WalkResult();
        var queue = new Queue<(Type Type, string Path)>();
        queue.Enqueue((root, root.Name));
        while (queue.Count > 0)
        {
            var (type, path) = queue.Dequeue();
            foreach (var (reached, via) in Expand(type, path))
            {
                if (Forbidden.Any(f => f.IsAssignableFrom(reached)))
                {
                    result.Findings.Add(via + " -> " + reached.FullName);
                }

                // Our own types are walked member by member; framework types only through their type arguments.
                if (IsOurs(reached) && result.Visited.Add(reached))
                {
                    queue.Enqueue((reached, reached.Name));
                }
            }
        }

        return result;
    }

    /// <summary>The types reachable in one step from <paramref name="type"/>'s public members, with the member path.</summary>
    private static IEnumerable<(Type Type, string Via)> Expand(Type type, string path)
    {
        const BindingFlags Public = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static;
        foreach (var member in type.GetMembers(Public))
        {
            var returned = member switch
            {
                PropertyInfo p => p.PropertyType,
                FieldInfo f => f.FieldType,
                MethodInfo m => m.ReturnType,
                _ => null,
            };
            if (returned is null)
            {
                continue;
            }

            var via = path + "." + member.Name;
            // A token string: a member named for a token that gives text (directly, in a task or a list), such as
            // Token, AccessToken or GetTokenAsync; TokenEndpoint and TokenExpiresOn are not text.
            if (member.Name.Contains("Token", StringComparison.OrdinalIgnoreCase) && Unwrap(returned).Contains(typeof(string)))
            {
                yield return (typeof(AccessToken), via + " (a token string)");
            }

            foreach (var t in Unwrap(returned))
            {
                yield return (t, via);
            }
        }
    }

    /// <summary>The type and every type inside it: array elements, by-ref targets and generic arguments, recursively.</summary>
    private static IEnumerable<Type> Unwrap(Type type)
    {
        yield return type;
        if (type.HasElementType)
        {
            foreach (var t in Unwrap(type.GetElementType()!))
            {
                yield return t;
            }
        }

        if (type.IsGenericType)
        {
            foreach (var argument in type.GetGenericArguments())
            {
                foreach (var t in Unwrap(argument))
                {
                    yield return t;
                }
            }
        }
    }

    private static bool IsOurs(Type type) =>
        type.Assembly == typeof(CXoneSession).Assembly || type.Assembly == typeof(SessionSurfaceTests).Assembly;

    private sealed class WalkResult
    {
        public List<string> Findings { get; } = new();

        public HashSet<Type> Visited { get; } = new();
    }

    /// <summary>A deliberately leaky shape for the walk's own test.</summary>
    internal sealed class LeakyShape
    {
        public HttpClient? Http { get; set; }

        public Nested[] Items { get; } = Array.Empty<Nested>();

        public IReadOnlyList<KeyValuePair<string, TokenCache>>? Caches => null;

        public Task<List<HttpMessageHandler>> GetHandlersAsync() => Task.FromResult(new List<HttpMessageHandler>());

        public Task<string> GetToken() => Task.FromResult(string.Empty);
    }

    /// <summary>Reached only through an array of <see cref="LeakyShape"/>.</summary>
    internal sealed class Nested
    {
        public AccessToken? Token { get; set; }

        public string AccessTokenText { get; set; } = string.Empty;
    }
}
