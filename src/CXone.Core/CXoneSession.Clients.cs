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

        private CXoneApiClient? _api;
        private ContactsClient? _contacts;
        private RecordingsClient? _recordings;
        private AgentsClient? _agents;
        private SkillsClient? _skills;
        private TeamsClient? _teams;
        private AgentSkillsClient? _agentSkills;

        /// <summary>The session's API client (created on connect; thread-safe).</summary>
        /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
        public CXoneApiClient Api => Alive(_api);

        /// <summary>The session's completed-contacts client (created on connect; thread-safe).</summary>
        /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
        public ContactsClient Contacts => Alive(_contacts);

        /// <summary>
        /// The session's recordings client (created on connect, so every caller of this session shares one client-side
        /// media playback rate limit of <see cref="CXoneHttpSettings.MediaPlaybackPermits"/> per window).
        /// </summary>
        /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
        public RecordingsClient Recordings => Alive(_recordings);

        /// <summary>The session's agents client (docs/cxone-api.md section 7; created on connect; thread-safe).</summary>
        /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
        public AgentsClient Agents => Alive(_agents);

        /// <summary>The session's skills client (docs/cxone-api.md section 7; created on connect; thread-safe).</summary>
        /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
        public SkillsClient Skills => Alive(_skills);

        /// <summary>The session's teams client (docs/cxone-api.md section 7; created on connect; thread-safe).</summary>
        /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
        public TeamsClient Teams => Alive(_teams);

        /// <summary>The session's skill-assignment client (docs/cxone-api.md section 7; created on connect; thread-safe).</summary>
        /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
        public AgentSkillsClient AgentSkills => Alive(_agentSkills);

        /// <summary>
        /// Checks the connection with one cheap API call with the cached token (no new grant): <c>GET</c>
        /// <see cref="ConnectionCheckPath"/>, which is <c>inContactAPI/services/v30.0/server-time</c> for a CXone API
        /// endpoint (docs/cxone-api.md section 3). Makes no call when the session has no check path (Genesys Cloud or
        /// another issuer without one given).
        /// </summary>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The server's time (UTC), or null when the answer has no readable <c>ServerTime</c> or no call was made.</returns>
        /// <exception cref="CXoneException">The API refused or failed the call (kinds as <see cref="CXoneApiClient.SendAsync"/>).</exception>
        /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
        public async Task<DateTimeOffset?> TestConnectionAsync(CancellationToken cancellationToken = default)
        {
            var api = Api;
            if (ConnectionCheckPath is null)
            {
                Diagnostics.CXoneReporting.Verbose("no connection check for " + ApiEndpoint.Authority + " (not a CXone API endpoint, and no connection check path was given)");
                return null;
            }

            var response = await api.SendAsync(new CXoneRequest(HttpMethod.Get, ConnectionCheckPath), cancellationToken).ConfigureAwait(false);
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

        /// <summary>Creates the request clients once, on connect, so that reading a property never creates anything.</summary>
        private void CreateClients()
        {
            _api = new CXoneApiClient(ApiHttp, ApiEndpoint, HttpOptions);
            _contacts = new ContactsClient(_api);
            _recordings = new RecordingsClient(_api, StorageHttp, HttpOptions, TimeProvider);
            _teams = new TeamsClient(_api);
            _agents = new AgentsClient(_api, _teams);
            _skills = new SkillsClient(_api);
            _agentSkills = new AgentSkillsClient(_api);
        }

        private T Alive<T>(T? client)
            where T : class
        {
            if (_disposed || client is null)
            {
                throw new ObjectDisposedException(nameof(CXoneSession), "The CXone session was disposed.");
            }

            return client;
        }
    }
}
