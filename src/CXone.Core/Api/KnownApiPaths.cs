using System;
using System.Collections.Generic;
using System.Linq;

namespace CXone.Core.Api
{
    /// <summary>An API path the module knows, with its pinned version, and what it does.</summary>
    public sealed class KnownApiPath
    {
        /// <summary>Creates an entry.</summary>
        public KnownApiPath(string path, string description)
        {
            Path = path;
            Description = description;
        }

        /// <summary>Path relative to the API endpoint, for example <c>inContactAPI/services/v30.0/server-time</c>.</summary>
        public string Path { get; }

        /// <summary>One line on what the call answers.</summary>
        public string Description { get; }
    }

    /// <summary>
    /// The API paths the module's own clients use, with the versions they pin (docs/cxone-api.md sections 3, 4 and 7):
    /// what <c>Invoke-CXoneRequest -Path</c> offers on Tab. Other paths work too; these are the confirmed ones.
    /// </summary>
    public static class KnownApiPaths
    {
        private static readonly KnownApiPath[] Paths =
        {
            new KnownApiPath(CXoneSession.ServerTimePath, "server time: the cheap connection check"),
            new KnownApiPath("inContactAPI/services/v30.0/contacts/completed", "completed contacts (startDate, endDate, skip, top)"),
            // The admin paths with the versions their clients pin (docs/cxone-api.md section 7), from those clients.
            new KnownApiPath(AdminApi.Path(null, AgentsClient.DefaultApiVersion, "agents"), "agents (isActive, searchString, updatedSince, skip, top)"),
            new KnownApiPath(AdminApi.Path(null, SkillsClient.DefaultApiVersion, "skills"), "skills (mediaTypeId, isActive, searchString, skip, top)"),
            new KnownApiPath(AdminApi.Path(null, TeamsClient.DefaultApiVersion, "teams"), "teams (isActive, skip, top)"),
            new KnownApiPath(AdminApi.Path(null, AgentSkillsClient.DefaultApiVersion, "agents/skills"), "every agent's skill assignments"),
            new KnownApiPath("media-playback/v1/contacts", "recordings of a contact (acd-call-id, media-type)"),
        };

        /// <summary>Every known path, in a stable order.</summary>
        public static IReadOnlyList<KnownApiPath> All => Paths;

        /// <summary>
        /// The known paths that start with <paramref name="prefix"/> or contain it after a slash (so <c>skills</c>
        /// finds <c>inContactAPI/services/v30.0/skills</c>), ignoring case and a leading slash; all of them for an
        /// empty prefix.
        /// </summary>
        public static IReadOnlyList<KnownApiPath> Matching(string? prefix)
        {
            var p = (prefix ?? string.Empty).Trim().TrimStart('/');
            return Paths.Where(k => p.Length == 0
                    || k.Path.StartsWith(p, StringComparison.OrdinalIgnoreCase)
                    || k.Path.IndexOf("/" + p, StringComparison.OrdinalIgnoreCase) >= 0)
                .ToList();
        }
    }
}
