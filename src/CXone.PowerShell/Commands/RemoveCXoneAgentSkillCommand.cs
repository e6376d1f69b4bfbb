using System.Management.Automation;
using CXone.Core.Api;
using CXone.PowerShell.Hosting;

namespace CXone.PowerShell.Commands
{
    /// <summary>
    /// <c>Remove-CXoneAgentSkill</c>: unassigns skills from agents (<c>DELETE /agents/{agentId}/skills</c>,
    /// docs/cxone-api.md section 7). ConfirmImpact High, so PowerShell asks for every pair unless <c>-Force</c> or
    /// <c>-Confirm:$false</c> is given; where nobody can answer the cmdlet ends with CXone.ConfirmationRequired before
    /// anything is sent. Pairs from the pipeline (Get-CXoneAgentSkill, Import-Csv) are collected and sent in one
    /// Core call; see <see cref="AgentSkillWriteCmdlet"/>.
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "CXoneAgentSkill", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(AgentSkillResult))]
    public sealed class RemoveCXoneAgentSkillCommand : AgentSkillWriteCmdlet
    {
        /// <summary>Removes without asking (as -Confirm:$false); -WhatIf and an explicit -Confirm still apply.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        private protected override AgentSkillOperation Operation => AgentSkillOperation.Remove;

        private protected override string What => "removes skills";

        private protected override bool Forced => Force;

        private protected override bool HasForce => true;
    }
}
