using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace CXone.PowerShell.Json
{
    /// <summary>Plain values (<see cref="JsonValues"/>) to PSCustomObjects, and PowerShell input (hashtables, PSObjects) to plain values for request bodies.</summary>
    internal static class PSObjects
    {
        /// <summary>Name/value lists become PSCustomObjects (recursively), arrays object[]; everything else is returned as is.</summary>
        public static object? FromPlain(object? value)
        {
            switch (value)
            {
                case List<KeyValuePair<string, object?>> properties:
                    var o = new PSObject();
                    foreach (var p in properties)
                    {
                        o.Properties.Add(new PSNoteProperty(p.Key, FromPlain(p.Value)));
                    }

                    return o;
                case object?[] items:
                    return items.Select(FromPlain).ToArray();
                default:
                    return value;
            }
        }

        /// <summary>
        /// A request body PowerShell gave us as plain values System.Text.Json can serialize: PSCustomObjects and
        /// dictionaries become <c>Dictionary&lt;string, object?&gt;</c>, lists <c>List&lt;object?&gt;</c>; strings and
        /// numbers stay.
        /// </summary>
        public static object? ToPlain(object? value)
        {
            if (value is PSObject pso)
            {
                if (pso.BaseObject is PSCustomObject)
                {
                    return pso.Properties.ToDictionary(p => p.Name, p => ToPlain(p.Value));
                }

                value = pso.BaseObject;
            }

            switch (value)
            {
                case null:
                case string _:
                    return value;
                case IDictionary dictionary:
                    var d = new Dictionary<string, object?>();
                    foreach (DictionaryEntry e in dictionary)
                    {
                        d[e.Key?.ToString() ?? string.Empty] = ToPlain(e.Value);
                    }

                    return d;
                case IEnumerable list:
                    return list.Cast<object?>().Select(ToPlain).ToList();
                default:
                    return value;
            }
        }

        /// <summary>A hashtable of names to values as a string dictionary (query values, headers); null stays null.</summary>
        public static Dictionary<string, string?>? ToStrings(IDictionary? table)
        {
            if (table is null)
            {
                return null;
            }

            var result = new Dictionary<string, string?>(System.StringComparer.OrdinalIgnoreCase);
            foreach (DictionaryEntry e in table)
            {
                var v = e.Value is PSObject p ? p.BaseObject : e.Value;
                result[e.Key?.ToString() ?? string.Empty] = v switch
                {
                    System.DateTime t => new System.DateTimeOffset(t).ToString("o", System.Globalization.CultureInfo.InvariantCulture),
                    System.DateTimeOffset t => t.ToString("o", System.Globalization.CultureInfo.InvariantCulture),
                    bool b => b ? "true" : "false",
                    System.IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
                    _ => v?.ToString(),
                };
            }

            return result;
        }
    }
}
