using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core;
using CXone.Core.Api;
using CXone.Core.Auth;
using CXone.Core.Http;
using CXone.Core.Recordings;

namespace CXone.NetFx.Probe
{
    /// <summary>The probe's checks; each failure throws. In a class of its own so that Core types bind only after the resolver is installed.</summary>
    internal static class Checks
    {
        /// <summary>Eight downloads at ThrottleLimit 8 must take less than this many times one download.</summary>
        public const double MaxParallelRatio = 2.5;

        public static async Task<int> RunAsync(Uri issuer, string expectedStack)
        {
            using var admin = new HttpClient { BaseAddress = issuer, Timeout = TimeSpan.FromSeconds(30) };
            await PostAsync(admin, "_emulator/reset", "{}");
            // Read without System.Text.Json: the probe binds only what Core binds, from the module folder.
            var info = await admin.GetStringAsync("_emulator/info");
            string Info(string name) => Regex.Match(info, "\"" + name + "\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").Groups[1].Value is var v && v.Length > 0 ? Regex.Unescape(v) : v;

            // The HttpWebRequest stack is WebRequestHandler (on .NET Framework HttpClientHandler itself is built on
            // HttpWebRequest; Mono's HttpClientHandler defaults to SocketsHttpHandler); both pass through TransportFactory.
            using var transport = expectedStack == "webrequest" ? TransportFactory.Wrap(new WebRequestHandler(), null) : TransportFactory.Create(null);
            var stack = StackOf(transport);
            Console.WriteLine("stack: " + stack);
            Require(expectedStack == "webrequest" ? stack.IndexOf("WebRequest", StringComparison.OrdinalIgnoreCase) >= 0 : stack.IndexOf("Sockets", StringComparison.OrdinalIgnoreCase) >= 0,
                "expected the " + expectedStack + " stack, got " + stack);

            var options = new CXoneSessionOptions
            {
                Issuer = issuer,
                ClientId = Info("clientId"),
                ClientSecret = Info("clientSecret"),
                Credential = new AccessKeyCredential(Info("accessKeyId"), Info("accessKeySecret")),
                Transport = transport,
            };
            using var session = await CXoneSession.ConnectAsync(options, CancellationToken.None);
            Console.WriteLine("connect: tenant " + session.TenantId + ", API endpoint " + session.ApiEndpoint);
            Require(session.TenantId == Info("tenantId"), "tenant id");
            Console.WriteLine("TLS: SecurityProtocol = " + ServicePointManager.SecurityProtocol + ", DefaultConnectionLimit = " + ServicePointManager.DefaultConnectionLimit);
            Require((ServicePointManager.SecurityProtocol & SecurityProtocolType.Tls12) != 0 || ServicePointManager.SecurityProtocol == SecurityProtocolType.SystemDefault, "TLS 1.2 enabled");
            Require(ServicePointManager.DefaultConnectionLimit >= NetFrameworkDefaults.ConnectionLimit, "connection limit raised");

            var serverTime = await session.TestConnectionAsync(CancellationToken.None);
            Console.WriteLine("server-time: " + serverTime?.ToString("o"));
            Require(serverTime.HasValue, "server-time");

            var end = DateTimeOffset.Parse(Info("dataSetEnd"), System.Globalization.CultureInfo.InvariantCulture);
            var contacts = new List<CXoneContact>();
            await foreach (var c in session.Contacts.GetCompletedAsync(new ContactQuery { StartDate = end.AddDays(-30), EndDate = end }, new PagingOptions { PageSize = 5, First = 12 }, CancellationToken.None))
            {
                contacts.Add(c);
            }

            Console.WriteLine("paging: " + contacts.Count + " contacts in pages of 5");
            Require(contacts.Count == 12 && contacts.Select(c => c.ContactId).Distinct().Count() == 12, "12 distinct contacts over 3 pages");

            var ids = Regex.Matches(Regex.Match(info, "\"recordedContactIds\"\\s*:\\s*\\[([^\\]]*)\\]").Groups[1].Value, "\\d+").Cast<Match>().Select(m => m.Value).Take(9).ToArray();
            Require(ids.Length == 9, "9 recorded contact ids in /_emulator/info");
            var recordings = new List<CXoneRecording>();
            foreach (var id in ids)
            {
                var lookup = await session.Recordings.GetByContactAsync(id, "all", CancellationToken.None);
                Require(lookup.Found && lookup.Recordings.Count > 0, "recording of contact " + id);
                recordings.Add(lookup.Recordings[0]);
            }

            Console.WriteLine("lookup: " + recordings.Count + " recordings, first " + recordings[0].ContactId + " " + recordings[0].MediaType);
            var folder = Path.Combine(Path.GetTempPath(), "cxone-probe-" + Guid.NewGuid().ToString("n"));
            try
            {
                await PostAsync(admin, "_emulator/faults", "{\"route\":\"GET /storage/{fileId}\",\"latencyMs\":1000}");
                var one = Stopwatch.StartNew();
                var single = await session.Recordings.DownloadAsync(recordings[0], new DownloadOptions { Folder = Path.Combine(folder, "one") }, CancellationToken.None);
                one.Stop();
                Require(single.Status == DownloadStatus.Saved, "single download: " + single.Status + " " + single.Reason);
                var sha = Hex(SHA256.Create().ComputeHash(File.ReadAllBytes(single.Path!)));
                Console.WriteLine("download: " + single.Bytes + " bytes in " + one.Elapsed.TotalSeconds.ToString("0.00") + " s, SHA-256 " + single.Sha256);
                Require(sha == single.Sha256, "SHA-256 of the file matches the reported one");

                var many = Stopwatch.StartNew();
                var results = new List<DownloadResult>();
                await foreach (var r in session.Recordings.DownloadManyAsync(Items(recordings.Skip(1).Take(8)), new DownloadOptions { Folder = Path.Combine(folder, "many"), ThrottleLimit = 8 }, CancellationToken.None))
                {
                    results.Add(r);
                }

                many.Stop();
                var ratio = many.Elapsed.TotalSeconds / one.Elapsed.TotalSeconds;
                Console.WriteLine("parallel: 8 downloads at ThrottleLimit 8 in " + many.Elapsed.TotalSeconds.ToString("0.00") + " s = " + ratio.ToString("0.00") + "x one (limit " + MaxParallelRatio + "x)");
                Require(results.Count == 8 && results.All(r => r.Status == DownloadStatus.Saved), "8 downloads saved: " + string.Join(", ", results.Select(r => r.Status + " " + r.Reason)));
                Require(results.All(r => r.Sha256 == Hex(SHA256.Create().ComputeHash(File.ReadAllBytes(r.Path!)))), "every SHA-256 matches its file");
                Require(ratio < MaxParallelRatio, "8 parallel downloads took " + ratio.ToString("0.00") + "x one download");
            }
            finally
            {
                await PostAsync(admin, "_emulator/reset", "{}");
                if (Directory.Exists(folder))
                {
                    Directory.Delete(folder, true);
                }
            }

            Console.WriteLine("probe passed on the " + expectedStack + " stack");
            return 0;
        }

        private static async IAsyncEnumerable<CXoneRecording> Items(IEnumerable<CXoneRecording> items)
        {
            foreach (var r in items)
            {
                await Task.Yield();
                yield return r;
            }
        }

        /// <summary>The type of the platform handler inside the transport (Mono's HttpClientHandler delegates to one).</summary>
        private static string StackOf(HttpMessageHandler transport)
        {
            var h = transport;
            while (h is DelegatingHandler d && d.InnerHandler != null)
            {
                h = d.InnerHandler;
            }

            var names = new List<string> { h.GetType().Name };
            foreach (var field in h.GetType().GetFields(BindingFlags.Instance | BindingFlags.NonPublic))
            {
                var value = field.GetValue(h);
                if (value != null && (value is HttpMessageHandler || value.GetType().Name.IndexOf("Handler", StringComparison.Ordinal) >= 0))
                {
                    names.Add(value.GetType().Name);
                }
            }

            return string.Join(" > ", names);
        }

        private static async Task PostAsync(HttpClient admin, string path, string json)
        {
            using var content = new StringContent(json, Encoding.UTF8, "application/json");
            using var response = await admin.PostAsync(path, content);
            Require(response.IsSuccessStatusCode, "POST " + path + ": " + (int)response.StatusCode);
        }

        private static string Hex(byte[] bytes) => string.Concat(bytes.Select(b => b.ToString("x2")));

        private static void Require(bool condition, string what)
        {
            if (!condition)
            {
                throw new InvalidOperationException("check failed: " + what);
            }
        }
    }
}
