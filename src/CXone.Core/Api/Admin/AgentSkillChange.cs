using System;
using System.Globalization;
using CXone.Core.Errors;

namespace CXone.Core.Api
{
    /// <summary>What a batch of <see cref="AgentSkillChange"/> does (docs/cxone-api.md section 7).</summary>
    public enum AgentSkillOperation
    {
        /// <summary>Assign skills: <c>POST /agents/{agentId}/skills</c>.</summary>
        Add,

        /// <summary>Change proficiency or active state: <c>PUT /agents/{agentId}/skills</c>.</summary>
        Set,

        /// <summary>Unassign skills: <c>DELETE /agents/{agentId}/skills</c>.</summary>
        Remove,
    }

    /// <summary>One agent/skill pair to add, change or remove.</summary>
    public sealed class AgentSkillChange
    {
        /// <summary>The agent id.</summary>
        public long AgentId { get; set; }

        /// <summary>The skill id.</summary>
        public long SkillId { get; set; }

        /// <summary>Proficiency 1 (best) to 20; null leaves it out of the body (the API's default on add, unchanged on set).</summary>
        public int? Proficiency { get; set; }

        /// <summary>Whether the assignment is active; null leaves it out of the body.</summary>
        public bool? IsActive { get; set; }

        /// <summary>For example <c>agent 30000001 skill 2001</c>.</summary>
        public override string ToString() =>
            "agent " + AgentId.ToString(CultureInfo.InvariantCulture) + " skill " + SkillId.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The outcome of one <see cref="AgentSkillChange"/>: applied (<see cref="Error"/> null) or refused, with the
    /// API's per-item answer or the failure of the whole request that carried it.
    /// </summary>
    public sealed class AgentSkillResult
    {
        /// <summary>Creates an outcome.</summary>
        /// <param name="operation">What was asked.</param>
        /// <param name="change">The pair.</param>
        /// <param name="error">Null when applied; otherwise why not (kind AgentSkillFailed for a per-item refusal).</param>
        public AgentSkillResult(AgentSkillOperation operation, AgentSkillChange change, CXoneException? error)
        {
            Operation = operation;
            Change = change ?? throw new ArgumentNullException(nameof(change));
            Error = error;
        }

        /// <summary>What was asked.</summary>
        public AgentSkillOperation Operation { get; }

        /// <summary>The agent id.</summary>
        public long AgentId => Change.AgentId;

        /// <summary>The skill id.</summary>
        public long SkillId => Change.SkillId;

        /// <summary>The proficiency sent, if any.</summary>
        public int? Proficiency => Change.Proficiency;

        /// <summary>The active state sent, if any.</summary>
        public bool? IsActive => Change.IsActive;

        /// <summary>True when the API applied the change.</summary>
        public bool Success => Error is null;

        /// <summary>Why the change was not applied, or null.</summary>
        public CXoneException? Error { get; }

        /// <summary>The pair asked for.</summary>
        internal AgentSkillChange Change { get; }

        /// <summary>For example <c>Add agent 30000001 skill 2001: ok</c>.</summary>
        public override string ToString() => Operation + " " + Change + ": " + (Success ? "ok" : "failed");
    }
}
