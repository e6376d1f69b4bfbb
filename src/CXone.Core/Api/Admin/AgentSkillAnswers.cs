using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using CXone.Core.Diagnostics;
using CXone.Core.Errors;
using CXone.Core.Http;

namespace CXone.Core.Api
{
    /// <summary>
    /// Bodies and per-item answers of the assignment writes (docs/cxone-api.md section 7). The answer is read in every
    /// shape the sources show: <c>{resultSet:{errorCount, skillResults:[...]}}</c>, <c>{skillResults:[...]}</c>, a bare
    /// array, or no body (a 200/204 with nothing to say: every pair applied).
    /// </summary>
    internal static class AgentSkillAnswers
    {
        /// <summary><c>{skills:[{skillId, proficiency?, isActive?}]}</c>; Remove sends only <c>skillId</c>.</summary>
        public static object Body(AgentSkillOperation operation, IEnumerable<AgentSkillChange> batch)
        {
            var skills = new List<Dictionary<string, object>>();
            foreach (var c in batch)
            {
                var item = new Dictionary<string, object> { ["skillId"] = c.SkillId };
                if (operation != AgentSkillOperation.Remove)
                {
                    if (c.Proficiency is { } p)
                    {
                        item["proficiency"] = p;
                    }

                    if (c.IsActive is { } a)
                    {
                        item["isActive"] = a;
                    }
                }

                skills.Add(item);
            }

            return new Dictionary<string, object> { ["skills"] = skills };
        }

        /// <summary>
        /// One result per pair of <paramref name="batch"/>. A per-item answer is matched to its pair by <c>skillId</c>,
        /// or by position when it has none; it refuses the pair when its <c>success</c> is false or it carries an
        /// <c>error</c> text. A pair the answer does not mention was applied.
        /// </summary>
        public static IReadOnlyList<AgentSkillResult> Read(AgentSkillOperation operation, IReadOnlyList<AgentSkillChange> batch, CXoneResponse response)
        {
            var items = Items(response.Json);
            var results = new List<AgentSkillResult>(batch.Count);
            for (var i = 0; i < batch.Count; i++)
            {
                var change = batch[i];
                var answer = Match(items, change.SkillId, i);
                results.Add(new AgentSkillResult(operation, change, answer is JsonElement a ? Refusal(operation, change, a, response) : null));
            }

            return results;
        }

        private static List<JsonElement> Items(JsonElement? json)
        {
            if (json is not JsonElement root)
            {
                return new List<JsonElement>();
            }

            if (JsonRead.TryGet(root, "resultSet", out var set) && set.ValueKind == JsonValueKind.Object)
            {
                root = set;
            }

            return AdminJson.Items(root, "skillResults").Where(e => e.ValueKind == JsonValueKind.Object).ToList();
        }

        private static JsonElement? Match(List<JsonElement> items, long skillId, int index)
        {
            var anyId = false;
            foreach (var item in items)
            {
                if (JsonRead.Int64(item, "skillId") is { } id)
                {
                    anyId = true;
                    if (id == skillId)
                    {
                        return item;
                    }
                }
            }

            return !anyId && index < items.Count ? items[index] : (JsonElement?)null;
        }

        private static CXoneException? Refusal(AgentSkillOperation operation, AgentSkillChange change, JsonElement answer, CXoneResponse response)
        {
            var error = JsonRead.String(answer, "error");
            var refused = JsonRead.Bool(answer, "success") == false || !string.IsNullOrWhiteSpace(error);
            if (!refused)
            {
                return null;
            }

            var why = string.IsNullOrWhiteSpace(error) ? "the API gave no reason" : Redactor.Sanitize(error);
            return new CXoneException(
                CXoneErrorKind.AgentSkillFailed,
                "CXone refused to " + Verb(operation) + " " + change + ": " + why,
                CXoneErrors.ActionFor(CXoneErrorKind.AgentSkillFailed),
                statusCode: response.StatusCode,
                host: response.RequestUri?.Authority);
        }

        private static string Verb(AgentSkillOperation operation) =>
            operation == AgentSkillOperation.Add ? "add" : operation == AgentSkillOperation.Set ? "change" : "remove";
    }
}
