using System;
using System.Globalization;
using System.Text.Json;

namespace CXone.Core.Api
{
    /// <summary>Tolerant, case-insensitive readers for CXone JSON (numbers may come as strings and the other way round).</summary>
    internal static class JsonRead
    {
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
