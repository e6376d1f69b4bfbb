using System;
using System.Globalization;
using System.Text.Json;

namespace CXone.Core.Api
{
    /// <summary>
    /// The one place Core reads JSON it did not shape itself: tolerant, case-insensitive readers for CXone answers
    /// (numbers may come as strings and the other way round; docs/cxone-api.md sections 3 and 4), used by the API
    /// models, the error factory and the token endpoint reader alike.
    /// </summary>
    internal static class JsonRead
    {
        /// <summary>
        /// Parses a body that should be one JSON object. Null for an empty body, anything that does not start with
        /// <c>{</c> (an HTML page), invalid JSON or another JSON value. The element is detached from the parser.
        /// </summary>
        public static JsonElement? ParseObject(string? body)
        {
            if (string.IsNullOrWhiteSpace(body) || body!.TrimStart()[0] != '{')
            {
                return null;
            }

            try
            {
                using (var doc = JsonDocument.Parse(body))
                {
                    return doc.RootElement.ValueKind == JsonValueKind.Object ? doc.RootElement.Clone() : (JsonElement?)null;
                }
            }
            catch (JsonException)
            {
                return null;
            }
        }

        /// <summary>A property that must be a JSON string (a token, a type name); null for any other kind or when absent.</summary>
        public static string? StringValue(JsonElement obj, string name) =>
            TryGet(obj, name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        public static bool TryGet(JsonElement obj, string name, out JsonElement value)
        {
            value = default;
            if (obj.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            if (obj.TryGetProperty(name, out value))
            {
                return true;
            }

            foreach (var p in obj.EnumerateObject())
            {
                if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    value = p.Value;
                    return true;
                }
            }

            return false;
        }

        public static string? String(JsonElement obj, string name)
        {
            if (!TryGet(obj, name, out var v))
            {
                return null;
            }

            switch (v.ValueKind)
            {
                case JsonValueKind.String: return v.GetString();
                case JsonValueKind.Number: return v.GetRawText();
                case JsonValueKind.True: return "true";
                case JsonValueKind.False: return "false";
                default: return null;
            }
        }

        public static long? Int64(JsonElement obj, string name)
        {
            if (!TryGet(obj, name, out var v))
            {
                return null;
            }

            if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n))
            {
                return n;
            }

            if (v.ValueKind == JsonValueKind.String && long.TryParse(v.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out n))
            {
                return n;
            }

            return null;
        }

        public static double? Double(JsonElement obj, string name)
        {
            if (!TryGet(obj, name, out var v))
            {
                return null;
            }

            if (v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d))
            {
                return d;
            }

            if (v.ValueKind == JsonValueKind.String && double.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out d))
            {
                return d;
            }

            return null;
        }

        public static bool? Bool(JsonElement obj, string name)
        {
            if (!TryGet(obj, name, out var v))
            {
                return null;
            }

            switch (v.ValueKind)
            {
                case JsonValueKind.True: return true;
                case JsonValueKind.False: return false;
                case JsonValueKind.String:
                    return bool.TryParse(v.GetString(), out var b) ? b : (bool?)null;
                default: return null;
            }
        }

        public static DateTimeOffset? Date(JsonElement obj, string name)
        {
            var s = String(obj, name);
            if (string.IsNullOrEmpty(s))
            {
                return null;
            }

            return DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var d)
                ? d
                : (DateTimeOffset?)null;
        }
    }
}
