using System;
using System.Globalization;
using System.Management.Automation;
using System.Threading.Tasks;
using CXone.Core.Api;
using CXone.PowerShell.Completion;
using CXone.PowerShell.Hosting;

namespace CXone.PowerShell.Commands
{
    /// <summary>
    /// <c>Get-CXoneAgent</c>: the agents of the business unit, streamed page by page as they arrive, a team's
    /// members (<c>-TeamId</c>), or agents by id (docs/cxone-api.md section 7). Supports <c>-First</c>, <c>-Skip</c>
    /// and <c>-IncludeTotalCount</c> on the lists. An unknown id is a non-terminating error <c>CXone.NotFound</c> for
    /// that id and the next id goes on. One Core call per record: <see cref="AgentsClient.GetAgentsAsync"/> or, per id,
    /// <see cref="AgentsClient.GetAgentAsync"/>.
    /// </summary>
    /// <remarks>
    /// The default parameter set is the id set, with <see cref="AgentId"/> optional (no id lists every agent):
    /// PowerShell binds piped objects to the default set's parameters first, so an object that carries both AgentId
    /// and TeamId (an agent, a skill assignment, a contact) looks up its agent. With the id set not the default, both
    /// properties bind and PowerShell cannot choose a set; a team (TeamId only) binds to <see cref="TeamId"/>.
    /// </remarks>
    [Cmdlet(VerbsCommon.Get, "CXoneAgent", DefaultParameterSetName = IdSet, SupportsPaging = true)]
    [OutputType(typeof(CXoneAgent))]
    public sealed class GetCXoneAgentCommand : CXoneSessionCmdlet
    {
        private const string ListSet = "List", IdSet = "AgentId", TeamSet = "TeamId";

        /// <summary>
        /// Agent ids to look up; from the pipeline as numbers or as the AgentId property (an agent, a skill assignment,
        /// a contact). Without it (and without filters) every agent is listed.
        /// </summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = IdSet)]
        [ValidateNotNullOrEmpty]
        public long[]? AgentId { get; set; }

        /// <summary>The members of this team instead (<c>GET /teams/{teamId}/agents</c>); from the pipeline by property name TeamId (a team).</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = TeamSet)]
        [ArgumentCompleter(typeof(TeamIdCompleter))]
        public long TeamId { get; set; }

        /// <summary>Only active (true) or inactive (false) agents.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [Parameter(ParameterSetName = TeamSet)]
        public bool? IsActive { get; set; }

        /// <summary>Text matched against first, last and user names.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [Parameter(ParameterSetName = TeamSet)]
        public string? SearchString { get; set; }

        /// <summary>Only agents changed at or after this time (a date without offset is local time).</summary>
        [Parameter(ParameterSetName = ListSet)]
        [Parameter(ParameterSetName = TeamSet)]
        public DateTimeOffset? UpdatedSince { get; set; }

        /// <summary>Another API version than the pinned one (v23.0 for agents, v20.0 for team members), for example <c>v24.0</c> or <c>24</c>.</summary>
        [Parameter]
        public string? ApiVersion { get; set; }

        /// <summary>Streams the list, or looks up each id.</summary>
        protected override void ProcessRecord()
        {
            var session = ResolveSession();
            if (AgentId is { } ids)
            {
                Run(
                    (pump, ct) => ItemLookups.EmitEachAsync(pump, ids, "agent", (id, c) => session.Agents.GetAgentAsync(id, ApiVersion, c), ct),
                    ItemLookups.Target("agent", ids));
                return;
            }

            var query = new AgentQuery
            {
                IsActive = IsActive, SearchString = SearchString, UpdatedSince = UpdatedSince,
                TeamId = ParameterSetName == TeamSet ? TeamId : (long?)null,
            };
            Run(
                async (pump, ct) =>
                {
                    var paging = CmdletMaps.Paging(PagingParameters, total => pump.Post(() => WriteObject(PagingParameters.NewTotalCount((ulong)total, 1.0))));
                    await foreach (var agent in session.Agents.GetAgentsAsync(query, paging, ApiVersion, ct).ConfigureAwait(false))
                    {
                        await pump.EmitAsync(agent, ct).ConfigureAwait(false);
                    }
                },
                query.TeamId is { } team ? "team " + team.ToString(CultureInfo.InvariantCulture) + " agents" : "agents");
        }
    }
}
