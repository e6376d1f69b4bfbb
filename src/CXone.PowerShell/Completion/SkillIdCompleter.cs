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
    /// Tab completion for skill ids (<c>-SkillId</c>): the session's skills, offered as the bare id with the list text
    /// <c>2001 - Skill 1 (Phone Call)</c> (the media type's name, or its id, in parentheses when known), filtered by
    /// what has been typed: an id prefix or a part of the name. The list is read once per session (GET /skills,
    /// docs/cxone-api.md section 7) and cached; every Get-CXoneSkill that reads the whole list replaces the cache.
    /// Without a session, after 5 seconds without an answer, or on any failure it offers nothing and never writes
    /// an error or prompts.
    /// </summary>
    public sealed class SkillIdCompleter : IArgumentCompleter
    {
        /// <summary>Completions for what has been typed so far.</summary>
        /// <returns>The matching skills; none when there is no session or the list cannot be read.</returns>
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
            IdCompletion.Complete(
                fakeBoundParameters,
                AdminListCache.Skills,
                AdminListCache.ReplaceSkills,
                (session, ct) => session.Skills.GetSkillsAsync(null, null, null, ct),
                skills => IdCompletion.Match(skills, wordToComplete, s => s.SkillId, s => s.SkillName, Label, ToolTip));

        private static string Label(CXoneSkill s) => IdCompletion.Label(s.SkillId, s.SkillName) + MediaType(s, " (", ")");

        private static string ToolTip(CXoneSkill s) =>
            (string.IsNullOrEmpty(s.SkillName) ? "Skill " + s.SkillId.ToString(CultureInfo.InvariantCulture) : s.SkillName) +
            MediaType(s, ", ", string.Empty) + (s.IsActive == false ? ", inactive" : string.Empty);

        private static string MediaType(CXoneSkill s, string before, string after) =>
            !string.IsNullOrEmpty(s.MediaTypeName) ? before + s.MediaTypeName + after
            : s.MediaTypeId is { } id ? before + "media type " + id.ToString(CultureInfo.InvariantCulture) + after
            : string.Empty;
    }
}
