using System.Management.Automation;
using CXone.Core.Api;
using CXone.PowerShell.Hosting;

namespace CXone.PowerShell.Commands
{
    /// <summary>
    /// <c>Add-CXoneAgentSkill</c>: assigns skills to agents (<c>POST /agents/{agentId}/skills</c>, docs/cxone-api.md
    /// section 7), active unless <c>-Inactive</c>. Pairs from the pipeline (Import-Csv rows with AgentId, SkillId,
    /// Proficiency) are collected and sent in one Core call; see <see cref="AgentSkillWriteCmdlet"/>.
    /// </summary>
    [Cmdlet(VerbsCommon.Add, "CXoneAgentSkill", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(AgentSkillResult))]
    public sealed class AddCXoneAgentSkillCommand : AgentSkillWriteCmdlet
    {
        /// <summary>Proficiency 1 (best) to 20; an empty CSV cell or no value leaves it out (the API's default).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [EmptyAsNull]
        public int? Proficiency { get; set; }

        /// <summary>Assigns the skills inactive (default: active).</summary>
        [Parameter]
        public SwitchParameter Inactive { get; set; }

        private protected override AgentSkillOperation Operation => AgentSkillOperation.Add;

        private protected override string What => "adds skills";

        private protected override int? ProficiencyToSend => Proficiency;

        // Sent on every add, so that an assignment is active (or not) whatever the API's default is.
        private protected override bool? ActiveToSend => !Inactive;
    }
}
