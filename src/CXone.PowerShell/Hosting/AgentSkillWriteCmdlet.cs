using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Threading.Tasks;
using CXone.Core;
using CXone.Core.Api;
using CXone.Core.Diagnostics;
using CXone.Core.Errors;
using CXone.PowerShell.Errors;

namespace CXone.PowerShell.Hosting
{
    /// <summary>
    /// What Add-, Set- and Remove-CXoneAgentSkill share (docs/cxone-api.md section 7): <c>-AgentId</c>,
    /// <c>-SkillId</c>, <c>-PassThru</c> and <c>-ApiVersion</c>, taken from the pipeline by property name (rows of
    /// Import-Csv, objects of Get-CXoneAgentSkill). ShouldProcess is asked per agent/skill pair in ProcessRecord and the
    /// approved pairs are kept; EndProcessing makes ONE Core call over all of them,
    /// <see cref="AgentSkillsClient.ApplyAsync"/>, so that the API's per-agent bulk bodies carry them (at most
    /// <see cref="AgentSkillsClient.MaxBatchSize"/> skills per request). Each result is written on the pipeline
    /// thread: with <c>-PassThru</c> an applied pair is output; a refused pair is a non-terminating error whose target
    /// is <c>agent X skill Y</c> (CXone.AgentSkillFailed, CXone.NotFound, CXone.InvalidArgument, ...); a failure that ends
    /// the run (<see cref="CXoneFailurePolicy"/>: the session is gone) ends the cmdlet with one terminating error.
    /// -WhatIf sends nothing. A host that cannot ask (a non-interactive pwsh, a runspace without a host) ends the
    /// cmdlet with CXone.ConfirmationRequired before anything is sent, instead of PowerShell's generic host error.
    /// </summary>
    public abstract class AgentSkillWriteCmdlet : CXoneSessionCmdlet
    {
        private const int ApplyActivity = 0;
        private readonly List<AgentSkillChange> _approved = new List<AgentSkillChange>();
        private CXoneSession? _session;
        private int _done;

        /// <summary>The agent id; from the pipeline by property name <c>AgentId</c>.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        public long AgentId { get; set; }

        /// <summary>Skill ids; from the pipeline by property name <c>SkillId</c>; Tab completes the session's skills.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(Completion.SkillIdCompleter))]
        public long[] SkillId { get; set; } = null!;

        /// <summary>Writes one result per applied pair (default: nothing).</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>Another API version than the pinned one (<see cref="AgentSkillsClient.DefaultApiVersion"/>), for example <c>v21.0</c>.</summary>
        [Parameter]
        public string? ApiVersion { get; set; }

        /// <summary>What the cmdlet does to each pair.</summary>
        private protected abstract AgentSkillOperation Operation { get; }

        /// <summary>The verb of the confirmation error, for example <c>removes skills</c>.</summary>
        private protected abstract string What { get; }

        /// <summary>The proficiency to send for the current input, or null to leave it out.</summary>
        private protected virtual int? ProficiencyToSend => null;

        /// <summary>The active state to send for the current input, or null to leave it out.</summary>
        private protected virtual bool? ActiveToSend => null;

        /// <summary>True when the cmdlet has <c>-Force</c> and it is given: approve without asking (unless -WhatIf or an explicit -Confirm).</summary>
        private protected virtual bool Forced => false;

        /// <summary>True when the cmdlet has a <c>-Force</c> parameter (the confirmation error names it).</summary>
        private protected virtual bool HasForce => false;

        /// <summary>Asks ShouldProcess for each pair of this input and keeps the approved ones.</summary>
        protected override void ProcessRecord()
        {
            _session ??= ResolveSession();
            foreach (var skillId in SkillId)
            {
                var change = new AgentSkillChange { AgentId = AgentId, SkillId = skillId, Proficiency = ProficiencyToSend, IsActive = ActiveToSend };
                if (Approve(change))
                {
                    _approved.Add(change);
                }
            }
        }

        /// <summary>Sends every approved pair in one Core call and writes the results.</summary>
        protected override void EndProcessing()
        {
            if (_approved.Count == 0 || _session is null)
            {
                return; // -WhatIf, every pair declined, or no input: nothing is sent
            }

            var session = _session;
            var changes = _approved.ToArray();
            Run(
                async (pump, ct) =>
                {
                    await foreach (var result in session.AgentSkills.ApplyAsync(Operation, changes, ApiVersion, ct).ConfigureAwait(false))
                    {
                        pump.Post(() => Write(result, changes.Length));
                    }
                },
                Operation + " " + changes.Length.ToString(CultureInfo.InvariantCulture) + " agent skill pairs");
            Progress(new CXoneReport(CXoneReportKind.Progress, "Done") { ActivityId = ApplyActivity, Activity = Activity, IsCompleted = true });
        }

        private string Activity => Operation + " agent skills";

        private bool Approve(AgentSkillChange change)
        {
            var target = Target(change.AgentId, change.SkillId);
            var action = Describe(change);
            if (Forced && !WhatIfRequested() && !ConfirmRequested())
            {
                WriteVerbose(action + " on " + target + " (-Force: not confirmed).");
                return true;
            }

            try
            {
                return ShouldProcess(target, action);
            }
            catch (System.Exception e) when (e is HostException || e is PSInvalidOperationException)
            {
                // The host cannot prompt (pwsh -NonInteractive, a runspace without a host): say what to add instead of
                // the host's generic message, once, before anything was sent.
                Terminate(CXoneErrors.ConfirmationRequired(MyInvocation.MyCommand.Name, What, HasForce, e), target);
                return false; // not reached
            }
        }

        private string Describe(AgentSkillChange change)
        {
            var details = new List<string>();
            if (change.Proficiency is { } p)
            {
                details.Add("proficiency " + p.ToString(CultureInfo.InvariantCulture));
            }

            if (change.IsActive is { } active)
            {
                details.Add(active ? "active" : "inactive");
            }

            return Operation + " skill" + (details.Count == 0 ? string.Empty : " (" + string.Join(", ", details) + ")");
        }

        private bool WhatIfRequested() =>
            MyInvocation.BoundParameters.TryGetValue("WhatIf", out var given)
                ? LanguagePrimitives.IsTrue(given)
                : LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));

        private bool ConfirmRequested() => MyInvocation.BoundParameters.TryGetValue("Confirm", out var given) && LanguagePrimitives.IsTrue(given);

        private void Write(AgentSkillResult result, int total)
        {
            _done++;
            Progress(new CXoneReport(CXoneReportKind.Progress, _done.ToString(CultureInfo.InvariantCulture) + " of " + total.ToString(CultureInfo.InvariantCulture))
            { ActivityId = ApplyActivity, Activity = Activity, Completed = _done, Total = total });
            if (result.Error is null)
            {
                if (PassThru)
                {
                    WriteObject(result);
                }

                return;
            }

            var target = Target(result.AgentId, result.SkillId);
            if (CXoneFailurePolicy.EndsPipeline(result.Error))
            {
                Terminate(result.Error, target);
            }

            WriteError(ErrorRecords.Create(result.Error, target));
        }

        private static string Target(long agentId, long skillId) =>
            "agent " + agentId.ToString(CultureInfo.InvariantCulture) + " skill " + skillId.ToString(CultureInfo.InvariantCulture);
    }
}
