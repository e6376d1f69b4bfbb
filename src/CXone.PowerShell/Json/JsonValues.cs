using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace CXone.PowerShell.Json
{
    /// <summary>
    /// JSON from Core turned into plain .NET values for PowerShell: objects become ordered name/value lists,
    /// arrays <c>object?[]</c>, numbers int, long, decimal or double (the narrowest that holds the value), strings
    /// stay strings (dates are not guessed), true/false bool, null null.
    /// </summary>
    internal static class JsonValues
    {
        /// <summary>The plain value of <paramref name="element"/>.</summary>
        public static object? ToPlain(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    var properties = new List<KeyValuePair<string, object?>>();
                    foreach (var p in element.EnumerateObject())
                    {
                        properties.Add(new KeyValuePair<string, object?>(p.Name, ToPlain(p.Value)));
                    }

                    return properties;
                case JsonValueKind.Array:
                    var items = new List<object?>();
                    foreach (var item in element.EnumerateArray())
                    {
                        items.Add(ToPlain(item));
                    }

                    return items.ToArray();
                case JsonValueKind.String:
                    return element.GetString();
                case JsonValueKind.Number:
                    if (element.TryGetInt32(out var i)) return i;
                    if (element.TryGetInt64(out var l)) return l;
                    var raw = element.GetRawText();
                    if (raw.IndexOfAny(new[] { 'e', 'E' }) < 0 && decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return d;
                    return element.GetDouble();
                case JsonValueKind.True:
                    return true;
                case JsonValueKind.False:
                    return false;
                default:
                    return null;
            }
        }

        /// <summary>
        /// The values to write for a whole response body: a top-level array is unrolled into its items, anything
        /// else is one value.
        /// </summary>
        public static IEnumerable<object?> Unroll(JsonElement body)
        {
            if (body.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in body.EnumerateArray())
                {
                    yield return ToPlain(item);
                }
            }
            else
            {
                yield return ToPlain(body);
            }
        }
    }
}
