using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using CXone.Core;
using CXone.Core.Api;

namespace CXone.PowerShell.Completion
{
    /// <summary>
    /// The skill and team lists that Tab completion offers, one pair per session (held as long as the session
    /// object lives, dropped with it). Filled by the first completion that needs a list, and replaced by every run
    /// of Get-CXoneSkill or Get-CXoneTeam that reads the whole list (no filter, no paging), so that a skill or team
    /// created since shows up after the next such run. Never expires by time. Thread-safe.
    /// </summary>
    internal static class AdminListCache
    {
        private static readonly ConditionalWeakTable<CXoneSession, Lists> BySession = new ConditionalWeakTable<CXoneSession, Lists>();

        /// <summary>The cached skills of <paramref name="session"/>, or null when none were read yet.</summary>
        public static IReadOnlyList<CXoneSkill>? Skills(CXoneSession session) =>
            BySession.TryGetValue(session, out var lists) ? Volatile.Read(ref lists.Skills) : null;

        /// <summary>The cached teams of <paramref name="session"/>, or null when none were read yet.</summary>
        public static IReadOnlyList<CXoneTeam>? Teams(CXoneSession session) =>
            BySession.TryGetValue(session, out var lists) ? Volatile.Read(ref lists.Teams) : null;

        /// <summary>Replaces the cached skills of <paramref name="session"/> with the whole list just read.</summary>
        public static void ReplaceSkills(CXoneSession session, IReadOnlyList<CXoneSkill> skills) =>
            Volatile.Write(ref BySession.GetValue(session, _ => new Lists()).Skills, skills);

        /// <summary>Replaces the cached teams of <paramref name="session"/> with the whole list just read.</summary>
        public static void ReplaceTeams(CXoneSession session, IReadOnlyList<CXoneTeam> teams) =>
            Volatile.Write(ref BySession.GetValue(session, _ => new Lists()).Teams, teams);

        private sealed class Lists
        {
            public IReadOnlyList<CXoneSkill>? Skills;
            public IReadOnlyList<CXoneTeam>? Teams;
        }
    }
}
