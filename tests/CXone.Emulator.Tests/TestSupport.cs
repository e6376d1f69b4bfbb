using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;

namespace CXone.Emulator.Tests;

/// <summary>Raw HttpClient helpers: nothing from src/, only what a client must send on the wire.</summary>
internal static class TestSupport
{
    public const string TokenRoute = "POST /auth/token";
    public const string ServerTimeRoute = "GET /inContactAPI/services/{version}/server-time";
    public const string ContactsRoute = "GET /inContactAPI/services/{version}/contacts/completed";
    public const string MediaContactsRoute = "GET /media-playback/v1/contacts";
    public const string StorageRoute = "GET /storage/{fileId}";

    public static Task<CXoneEmulator> StartAsync(ManualTimeProvider? clock = null, Action<EmulatorOptions>? configure = null)
    {
        var o = new EmulatorOptions { TimeProvider = clock ?? new ManualTimeProvider() };
        configure?.Invoke(o);
        return CXoneEmulator.StartAsync(o);
    }

    public static HttpClient Client(bool allowRedirect = true) =>
        new(new SocketsHttpHandler { AllowAutoRedirect = allowRedirect, PooledConnectionLifetime = TimeSpan.FromMinutes(1) }) { Timeout = TimeSpan.FromSeconds(30) };

    public static string Enc(string s) => Uri.EscapeDataString(s);

    public static string Basic(string id, string secret) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(Enc(id) + ":" + Enc(secret)));

    /// <summary>POSTs a form to the token endpoint; the body is built by hand (url-encoded) so tests control every byte.</summary>
    public static async Task<(HttpStatusCode Status, JsonElement Json, HttpResponseMessage Response)> TokenAsync(
        HttpClient http, CXoneEmulator emu, IDictionary<string, string> form, string? basic = null, string? rawBody = null)
    {
        var body = rawBody ?? string.Join("&", ToPairs(form));
        using var req = new HttpRequestMessage(HttpMethod.Post, new Uri(emu.IssuerUri, "auth/token"))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        req.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (basic != null)
        {
            req.Headers.Authorization = new AuthenticationHeaderValue("Basic", basic);
        }

        var resp = await http.SendAsync(req);
        var text = await resp.Content.ReadAsStringAsync();
        var json = text.Length > 0 && text.TrimStart().StartsWith('{') ? JsonDocument.Parse(text).RootElement.Clone() : default;
        return (resp.StatusCode, json, resp);
    }

    private static IEnumerable<string> ToPairs(IDictionary<string, string> form)
    {
        foreach (var (k, v) in form)
        {
            yield return Enc(k) + "=" + Enc(v);
        }
    }

    /// <summary>Password grant with the access key pair and Basic client authentication; returns the token JSON.</summary>
    public static async Task<JsonElement> AccessKeyTokenAsync(HttpClient http, CXoneEmulator emu)
    {
        var o = emu.Options;
        var (status, json, _) = await TokenAsync(http, emu,
            new Dictionary<string, string> { ["grant_type"] = "password", ["username"] = o.AccessKeyId, ["password"] = o.AccessKeySecret },
            Basic(o.ClientId, o.ClientSecret));
        Assert.Equal(HttpStatusCode.OK, status);
        return json;
    }

    public static async Task<string> AccessTokenAsync(HttpClient http, CXoneEmulator emu) =>
        (await AccessKeyTokenAsync(http, emu)).GetProperty("access_token").GetString()!;

    /// <summary>GET with a bearer token and Accept: application/json.</summary>
    public static Task<HttpResponseMessage> GetAsync(HttpClient http, Uri uri, string? token, HttpCompletionOption option = HttpCompletionOption.ResponseContentRead)
    {
        var req = new HttpRequestMessage(HttpMethod.Get, uri);
        req.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (token != null)
        {
            req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return http.SendAsync(req, option);
    }

    public static Uri Api(CXoneEmulator emu, string relative) => new(emu.ApiBaseUri, relative);

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage r) =>
        JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.Clone();

    public static JsonElement JwtPayload(string jwt)
    {
        var part = jwt.Split('.')[1].Replace('-', '+').Replace('_', '/');
        part = part.PadRight(part.Length + (4 - part.Length % 4) % 4, '=');
        return JsonDocument.Parse(Convert.FromBase64String(part)).RootElement.Clone();
    }

    public static async Task<JsonElement> FirstRecordingAsync(HttpClient http, CXoneEmulator emu, string token, long contactId)
    {
        using var r = await GetAsync(http, Api(emu, $"media-playback/v1/contacts?acd-call-id={contactId}&media-type=all&exclude-waveforms=true"), token);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        return await JsonAsync(r);
    }
}
