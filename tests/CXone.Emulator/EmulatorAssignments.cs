using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace CXone.Emulator;

/// <summary>One skill assignment held by the emulator.</summary>
/// <param name="AgentId">The agent.</param>
/// <param name="SkillId">The skill.</param>
/// <param name="Proficiency">1 (best) to 20.</param>
/// <param name="IsActive">Whether the assignment is active.</param>
public sealed record EmulatorAssignment(int AgentId, int SkillId, int Proficiency, bool IsActive);

/// <summary>
/// The skill assignments of one emulator instance, in memory: seeded from the data set (every agent holds two
/// skills) and put back to that seed by <c>/_emulator/reset</c>. Thread-safe.
/// </summary>
public sealed class EmulatorAssignments
{
    private readonly EmulatorData _data;
    private readonly object _gate = new();
    private Dictionary<(int Agent, int Skill), EmulatorAssignment> _byPair = new();
    private long _writes;

    internal EmulatorAssignments(EmulatorData data)
    {
        _data = data;
        Reset();
    }

    /// <summary>Pairs applied by writes (add, change, remove) since the last reset.</summary>
    public long Writes => Interlocked.Read(ref _writes);

    /// <summary>How many assignments there are now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _byPair.Count;
            }
        }
    }

    /// <summary>The assignments of an agent, by skill id.</summary>
    public IReadOnlyList<EmulatorAssignment> OfAgent(int agentId)
    {
        lock (_gate)
        {
            return _byPair.Values.Where(a => a.AgentId == agentId).OrderBy(a => a.SkillId).ToList();
        }
    }

    /// <summary>The assignments of a skill, by agent id.</summary>
    public IReadOnlyList<EmulatorAssignment> OfSkill(int skillId)
    {
        lock (_gate)
        {
            return _byPair.Values.Where(a => a.SkillId == skillId).OrderBy(a => a.AgentId).ToList();
        }
    }

    /// <summary>The assignment of the pair, or null.</summary>
    public EmulatorAssignment? Find(int agentId, int skillId)
    {
        lock (_gate)
        {
            return _byPair.TryGetValue((agentId, skillId), out var a) ? a : null;
        }
    }

    /// <summary>Adds or replaces an assignment (counted as a write).</summary>
    internal void Put(EmulatorAssignment assignment)
    {
        lock (_gate)
        {
            _byPair[(assignment.AgentId, assignment.SkillId)] = assignment;
        }

        Interlocked.Increment(ref _writes);
    }

    /// <summary>Removes an assignment (counted as a write when there was one).</summary>
    internal bool Remove(int agentId, int skillId)
    {
        bool removed;
        lock (_gate)
        {
            removed = _byPair.Remove((agentId, skillId));
        }

        if (removed)
        {
            Interlocked.Increment(ref _writes);
        }

        return removed;
    }

    /// <summary>Back to the seed: agent i holds skills i and i+3 (modulo the skill count), proficiency i mod 20 + 1.</summary>
    internal void Reset()
    {
        var seed = new Dictionary<(int, int), EmulatorAssignment>();
        for (var i = 0; i < _data.Agents.Count; i++)
        {
            var agent = _data.Agents[i].AgentId;
            foreach (var s in new[] { _data.Skills[i % _data.Skills.Count], _data.Skills[(i + 3) % _data.Skills.Count] })
            {
                seed[(agent, s.SkillId)] = new EmulatorAssignment(agent, s.SkillId, i % 20 + 1, true);
            }
        }

        lock (_gate)
        {
            _byPair = seed;
        }

        Interlocked.Exchange(ref _writes, 0);
    }
}
