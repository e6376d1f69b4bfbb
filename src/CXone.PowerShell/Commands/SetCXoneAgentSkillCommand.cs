using System.Management.Automation;
using CXone.Core.Api;
using CXone.PowerShell.Hosting;

namespace CXone.PowerShell.Commands
{
    /// <summary>
    /// <c>Set-CXoneAgentSkill</c>: changes the proficiency or the active state of assigned skills
    /// (<c>PUT /agents/{agentId}/skills</c>, docs/cxone-api.md section 7); what is not given stays as it is. Pairs
    /// from the pipeline are collected and sent in one Core call; see <see cref="AgentSkillWriteCmdlet"/>.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "CXoneAgentSkill", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(AgentSkillResult))]
    public sealed class SetCXoneAgentSkillCommand : AgentSkillWriteCmdlet
    {
        /// <summary>The new proficiency, 1 (best) to 20; an empty CSV cell or no value keeps the current one.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [EmptyAsNull]
        public int? Proficiency { get; set; }

        /// <summary>The new active state (true/false, 1/0, yes/no in a CSV cell); an empty cell or no value keeps the current one.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [BooleanText]
        public bool? IsActive { get; set; }

        private protected override AgentSkillOperation Operation => AgentSkillOperation.Set;

        private protected override string What => "changes skills";

        private protected override int? ProficiencyToSend => Proficiency;

        private protected override bool? ActiveToSend => IsActive;
    }
}
