using System;
using System.Collections.Generic;
using System.Management.Automation;
using CXone.Core.Api;
using CXone.PowerShell.Completion;
using CXone.PowerShell.Hosting;

namespace CXone.PowerShell.Commands
{
    /// <summary>
    /// <c>Get-CXoneTeam</c>: the teams of the business unit, streamed page by page, or teams by id
    /// (docs/cxone-api.md section 7). Supports <c>-First</c>, <c>-Skip</c> and <c>-IncludeTotalCount</c> on the list.
    /// A run that reads the whole list (no filter, no paging) also replaces the session's cached team list that
    /// <see cref="TeamIdCompleter"/> offers. One Core call per record: <see cref="TeamsClient.GetTeamsAsync"/> or,
    /// per id, <see cref="TeamsClient.GetTeamAsync"/>.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "CXoneTeam", DefaultParameterSetName = ListSet, SupportsPaging = true)]
    [OutputType(typeof(CXoneTeam))]
    public sealed class GetCXoneTeamCommand : CXoneSessionCmdlet
    {
        private const string ListSet = "List", IdSet = "TeamId";

        /// <summary>Team ids to look up; from the pipeline as numbers or as the TeamId property (a team, an agent).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = IdSet)]
        [ArgumentCompleter(typeof(TeamIdCompleter))]
        public long[] TeamId { get; set; } = null!;

        /// <summary>Only active (true) or inactive (false) teams.</summary>
        [Parameter(ParameterSetName = ListSet)]
        public bool? IsActive { get; set; }

        /// <summary>Another API version than the pinned v20.0, for example <c>v21.0</c> or <c>21</c>.</summary>
        [Parameter]
        public string? ApiVersion { get; set; }

        /// <summary>Streams the list, or looks up each id.</summary>
        protected override void ProcessRecord()
        {
            var session = ResolveSession();
            if (ParameterSetName == IdSet)
            {
                Run(
                    (pump, ct) => ItemLookups.EmitEachAsync(pump, TeamId, "team", (id, c) => session.Teams.GetTeamAsync(id, ApiVersion, c), ct),
                    ItemLookups.Target("team", TeamId));
                return;
            }

            // Only a run over the whole list (no filter, no paging) may replace what completion offers.
            Action<IReadOnlyList<CXoneTeam>>? keepWhole = IsActive is null && !CmdletMaps.IsUsed(PagingParameters) ? list => AdminListCache.ReplaceTeams(session, list) : null;
            Run(
                (pump, ct) =>
                {
                    var paging = CmdletMaps.Paging(PagingParameters, total => pump.Post(() => WriteObject(PagingParameters.NewTotalCount((ulong)total, 1.0))));
                    return ItemLookups.EmitListAsync(pump, session.Teams.GetTeamsAsync(IsActive, paging, ApiVersion, ct), keepWhole, ct);
                },
                "teams");
        }
    }
}
