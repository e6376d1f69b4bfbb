using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Language;
using CXone.Core.Api;

namespace CXone.PowerShell.Completion
{
    /// <summary>
    /// Tab completion for team ids (<c>-TeamId</c>): the session's teams, offered as the bare id with the list text
    /// <c>1001 - Team 1</c>, filtered by what has been typed: an id prefix or a part of the name. The list is read
    /// once per session (GET /teams, docs/cxone-api.md section 7) and cached; every Get-CXoneTeam that reads the
    /// whole list replaces the cache. Without a session, after 5 seconds without an answer, or on any failure it
    /// offers nothing and never writes an error or prompts.
    /// </summary>
    public sealed class TeamIdCompleter : IArgumentCompleter
    {
        /// <summary>Completions for what has been typed so far.</summary>
        /// <returns>The matching teams; none when there is no session or the list cannot be read.</returns>
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
            IdCompletion.Complete(
                fakeBoundParameters,
                AdminListCache.Teams,
                AdminListCache.ReplaceTeams,
                (session, ct) => session.Teams.GetTeamsAsync(null, null, null, ct),
                teams => IdCompletion.Match(teams, wordToComplete, t => t.TeamId, t => t.TeamName, t => IdCompletion.Label(t.TeamId, t.TeamName), ToolTip));

        private static string ToolTip(CXoneTeam t) =>
            (string.IsNullOrEmpty(t.TeamName) ? "Team " + t.TeamId.ToString(CultureInfo.InvariantCulture) : t.TeamName!) +
            (t.IsActive == false ? ", inactive" : string.Empty);
    }
}
