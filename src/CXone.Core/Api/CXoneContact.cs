using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace CXone.Core.Api
{
    /// <summary>
    /// One completed contact (an item of <c>completedContacts</c>, docs/cxone-api.md section 3). Properties the
    /// model does not name are kept in <see cref="AdditionalProperties"/>. Times are UTC.
    /// </summary>
    public sealed class CXoneContact
    {
        private static readonly HashSet<string> Known = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "contactId", "masterContactId", "contactStartDate", "contactEndDate", "lastUpdateTime", "agentId", "agentName", "skillId", "skillName",
            "teamId", "teamName", "mediaTypeId", "mediaTypeName", "isLogged", "totalDurationSeconds", "fromAddress", "toAddress", "campaignId",
        };

        /// <summary>The contact id.</summary>
        public long ContactId { get; set; }

        /// <summary>The master contact id: the id media playback looks recordings up by (docs/cxone-api.md section 4).</summary>
        public long MasterContactId { get; set; }

        /// <summary>When the contact started (UTC).</summary>
        public DateTimeOffset? ContactStartDate { get; set; }

        /// <summary>When the contact ended (UTC), when given.</summary>
        public DateTimeOffset? ContactEndDate { get; set; }

        /// <summary>Last update of the record (UTC), when given.</summary>
        public DateTimeOffset? LastUpdateTime { get; set; }

        /// <summary>The agent who handled it.</summary>
        public long? AgentId { get; set; }

        /// <summary>The agent's name, when given.</summary>
        public string? AgentName { get; set; }

        /// <summary>The skill.</summary>
        public long? SkillId { get; set; }

        /// <summary>The skill's name, when given.</summary>
        public string? SkillName { get; set; }

        /// <summary>The team.</summary>
        public long? TeamId { get; set; }

        /// <summary>The team's name, when given.</summary>
        public string? TeamName { get; set; }

        /// <summary>The media type id (4 phone call, ...).</summary>
        public int? MediaTypeId { get; set; }

        /// <summary>The media type's name, when given.</summary>
        public string? MediaTypeName { get; set; }

        /// <summary>Whether the contact was recorded.</summary>
        public bool? IsLogged { get; set; }

        /// <summary>Duration in seconds.</summary>
        public double? TotalDurationSeconds { get; set; }

        /// <summary>Caller address (phone number, e-mail), when given.</summary>
        public string? FromAddress { get; set; }

        /// <summary>Called address, when given.</summary>
        public string? ToAddress { get; set; }

        /// <summary>Every other property of the item, by its name as sent.</summary>
        public IDictionary<string, JsonElement> AdditionalProperties { get; } = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);

        /// <summary>Builds a contact from one JSON item (names read case-insensitively).</summary>
        /// <param name="item">An object from <c>completedContacts</c>.</param>
        /// <returns>The contact.</returns>
        public static CXoneContact FromJson(JsonElement item)
        {
            var c = new CXoneContact
            {
                ContactId = JsonRead.Int64(item, "contactId") ?? 0,
                ContactStartDate = JsonRead.Date(item, "contactStartDate"),
                ContactEndDate = JsonRead.Date(item, "contactEndDate"),
                LastUpdateTime = JsonRead.Date(item, "lastUpdateTime"),
                AgentId = JsonRead.Int64(item, "agentId"),
                AgentName = JsonRead.String(item, "agentName"),
                SkillId = JsonRead.Int64(item, "skillId"),
                SkillName = JsonRead.String(item, "skillName"),
                TeamId = JsonRead.Int64(item, "teamId"),
                TeamName = JsonRead.String(item, "teamName"),
                MediaTypeId = (int?)JsonRead.Int64(item, "mediaTypeId"),
                MediaTypeName = JsonRead.String(item, "mediaTypeName"),
                IsLogged = JsonRead.Bool(item, "isLogged"),
                TotalDurationSeconds = JsonRead.Double(item, "totalDurationSeconds"),
                FromAddress = JsonRead.String(item, "fromAddress"),
                ToAddress = JsonRead.String(item, "toAddress"),
            };
            c.MasterContactId = JsonRead.Int64(item, "masterContactId") ?? c.ContactId;
            if (item.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in item.EnumerateObject())
                {
                    if (!Known.Contains(p.Name))
                    {
                        c.AdditionalProperties[p.Name] = p.Value.Clone();
                    }
                }
            }

            return c;
        }

        /// <summary>For example <c>Contact 123 (master 120) 2026-11-21T09:00:00Z</c>.</summary>
        public override string ToString() =>
            "Contact " + ContactId.ToString(CultureInfo.InvariantCulture) + " (master " + MasterContactId.ToString(CultureInfo.InvariantCulture) + ")"
            + (ContactStartDate is { } d ? " " + Diagnostics.UtcText.Seconds(d) : string.Empty);
    }
}
