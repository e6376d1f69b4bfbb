using System;
using System.Globalization;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core.Api;
using CXone.Core.Errors;
using CXone.Core.Http;
using CXone.Core.Recordings;

namespace CXone.Core
{
    /// <summary>The request-layer clients of a session (docs/architecture.md: <c>session.Api</c>, <c>Contacts</c>, <c>Recordings</c>).</summary>
    public sealed partial class CXoneSession
    {
        /// <summary>The path of the cheap connection test (docs/cxone-api.md section 3).</summary>
        public const string ServerTimePath = "inContactAPI/services/v30.0/server-time";

        private readonly object _clientsGate = new object();
        private CXoneApiClient? _api;
        private ContactsClient? _contacts;
        private RecordingsClient? _recordings;

        /// <summary>The session's API client over <see cref="ApiHttp"/> (created once; thread-safe).</summary>
        public CXoneApiClient Api => Lazy(ref _api, () => new CXoneApiClient(ApiHttp, ApiEndpoint, HttpOptions));

        /// <summary>The session's completed-contacts client (created once; thread-safe).</summary>
        public ContactsClient Contacts => Lazy(ref _contacts, () => new ContactsClient(Api));

        /// <summary>
        /// The session's recordings client (created once, so every caller of this session shares one client-side
        /// media playback rate limit of <see cref="CXoneHttpOptions.MediaPlaybackPermits"/> per window).
        /// </summary>
        public RecordingsClient Recordings => Lazy(ref _recordings, () => new RecordingsClient(Api, StorageHttp, HttpOptions, TimeProvider));

        /// <summary>
        /// Checks the connection with one cheap API call, <c>GET inContactAPI/services/v30.0/server-time</c>, with the
        /// cached token (no new grant).
        /// </summary>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The server's time (UTC), or null when the answer has no readable <c>ServerTime</c>.</returns>
        /// <exception cref="CXoneException">The API refused or failed the call (kinds as <see cref="CXoneApiClient.SendAsync"/>).</exception>
        /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
        public async Task<DateTimeOffset?> TestConnectionAsync(CancellationToken cancellationToken = default)
        {
            var response = await Api.SendAsync(new CXoneRequest(HttpMethod.Get, ServerTimePath), cancellationToken).ConfigureAwait(false);
            if (response.Json is JsonElement json && json.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in json.EnumerateObject())
                {
                    if (string.Equals(property.Name, "ServerTime", StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind == JsonValueKind.String &&
                        DateTimeOffset.TryParse(property.Value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
                    {
                        return time.ToUniversalTime();
                    }
                }
            }

            return null;
        }

        private T Lazy<T>(ref T? field, Func<T> create)
            where T : class
        {
            if (_disposed)
            {
                throw new ObjectDisposedException(nameof(CXoneSession));
            }

            lock (_clientsGate)
            {
                return field ??= create();
            }
        }
    }
}
