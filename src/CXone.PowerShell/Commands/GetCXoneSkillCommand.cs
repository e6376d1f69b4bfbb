using System;
using System.Collections.Generic;
using System.Management.Automation;
using CXone.Core.Api;
using CXone.PowerShell.Completion;
using CXone.PowerShell.Hosting;

namespace CXone.PowerShell.Commands
{
    /// <summary>
    /// <c>Get-CXoneSkill</c>: the skills of the business unit, streamed page by page, or skills by id
    /// (docs/cxone-api.md section 7). Supports <c>-First</c>, <c>-Skip</c> and <c>-IncludeTotalCount</c> on the list.
    /// A run that reads the whole list (no filter, no paging) also replaces the session's cached skill list that
    /// <see cref="SkillIdCompleter"/> offers. One Core call per record: <see cref="SkillsClient.GetSkillsAsync"/> or,
    /// per id, <see cref="SkillsClient.GetSkillAsync"/>.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "CXoneSkill", DefaultParameterSetName = ListSet, SupportsPaging = true)]
    [OutputType(typeof(CXoneSkill))]
    public sealed class GetCXoneSkillCommand : CXoneSessionCmdlet
    {
        private const string ListSet = "List", IdSet = "SkillId";

        /// <summary>Skill ids to look up; from the pipeline as numbers or as the SkillId property (a skill, a skill assignment).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = IdSet)]
        [ArgumentCompleter(typeof(SkillIdCompleter))]
        public long[] SkillId { get; set; } = null!;

        /// <summary>Only skills of this media type (4 is phone call).</summary>
        [Parameter(ParameterSetName = ListSet)]
        public int? MediaTypeId { get; set; }

        /// <summary>Only active (true) or inactive (false) skills.</summary>
        [Parameter(ParameterSetName = ListSet)]
        public bool? IsActive { get; set; }

        /// <summary>Text matched against skill names.</summary>
        [Parameter(ParameterSetName = ListSet)]
        public string? SearchString { get; set; }

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
                    (pump, ct) => ItemLookups.EmitEachAsync(pump, SkillId, "skill", (id, c) => session.Skills.GetSkillAsync(id, ApiVersion, c), ct),
                    ItemLookups.Target("skill", SkillId));
                return;
            }

            var query = new SkillQuery { MediaTypeId = MediaTypeId, IsActive = IsActive, SearchString = SearchString };
            // Only a run over the whole list (no filter, no paging) may replace what completion offers.
            Action<IReadOnlyList<CXoneSkill>>? keepWhole = MediaTypeId is null && IsActive is null && string.IsNullOrEmpty(SearchString) && !CmdletMaps.IsUsed(PagingParameters) ? list => AdminListCache.ReplaceSkills(session, list) : null;
            Run(
                (pump, ct) =>
                {
                    var paging = CmdletMaps.Paging(PagingParameters, total => pump.Post(() => WriteObject(PagingParameters.NewTotalCount((ulong)total, 1.0))));
                    return ItemLookups.EmitListAsync(pump, session.Skills.GetSkillsAsync(query, paging, ApiVersion, ct), keepWhole, ct);
                },
                "skills");
        }
    }
}
