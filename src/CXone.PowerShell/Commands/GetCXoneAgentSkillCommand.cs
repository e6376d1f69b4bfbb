using System.Management.Automation;
using CXone.Core.Api;
using CXone.PowerShell.Completion;
using CXone.PowerShell.Hosting;

namespace CXone.PowerShell.Commands
{
    /// <summary>
    /// <c>Get-CXoneAgentSkill</c>: the skill assignments of agents (<c>-AgentId</c>) or the agents of skills
    /// (<c>-SkillId</c>), docs/cxone-api.md section 7, one list per id, streamed as it arrives. An unknown id is a
    /// non-terminating error <c>CXone.NotFound</c> for that id and the next id goes on. No paging parameters: a
    /// <c>-First</c> per id would not cap the output of a pipeline, so <c>Select-Object -First</c> does that. One Core
    /// call per id: <see cref="AgentSkillsClient.GetByAgentAsync"/> or <see cref="AgentSkillsClient.GetBySkillAsync"/>.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "CXoneAgentSkill", DefaultParameterSetName = AgentSet)]
    [OutputType(typeof(CXoneAgentSkill))]
    public sealed class GetCXoneAgentSkillCommand : CXoneSessionCmdlet
    {
        private const string AgentSet = "AgentId", SkillSet = "SkillId";

        /// <summary>
        /// Agents whose assignments to read; from the pipeline as numbers or by property name AgentId (an agent). An
        /// agent also carries TeamId, which this cmdlet has no parameter for, so it binds to this set.
        /// </summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = AgentSet)]
        public long[] AgentId { get; set; } = null!;

        /// <summary>Skills whose agents to read; from the pipeline by property name SkillId (a skill).</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = SkillSet)]
        [ArgumentCompleter(typeof(SkillIdCompleter))]
        public long[] SkillId { get; set; } = null!;

        /// <summary>Another API version than the pinned v20.0, for example <c>v21.0</c> or <c>21</c>.</summary>
        [Parameter]
        public string? ApiVersion { get; set; }

        /// <summary>Reads each id's assignments.</summary>
        protected override void ProcessRecord()
        {
            var session = ResolveSession();
            if (ParameterSetName == SkillSet)
            {
                Run(
                    (pump, ct) => ItemLookups.EmitEachListAsync(pump, SkillId, "skill", (id, c) => session.AgentSkills.GetBySkillAsync(id, null, ApiVersion, c), ct),
                    ItemLookups.Target("skill", SkillId));
                return;
            }

            Run(
                (pump, ct) => ItemLookups.EmitEachListAsync(pump, AgentId, "agent", (id, c) => session.AgentSkills.GetByAgentAsync(id, null, ApiVersion, c), ct),
                ItemLookups.Target("agent", AgentId));
        }
    }
}
