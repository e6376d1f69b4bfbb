using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;

namespace CXone.PowerShell.Tests;

/// <summary>
/// Get-CXoneSession writes the CXoneSession itself, and users pipe it to ConvertTo-Json, Export-Clixml -Depth or
/// Format-Custom. PowerShell adapts the runtime type of every property value and shows its public properties, even
/// when the type itself is internal (the session's token cache is). So no chain of public properties from the
/// session may reach an access token or a secret: the walk below follows what the adapter would, through every Core
/// type that can stand behind a property's declared type.
/// </summary>
[Collection("module")]
public sealed class SessionSecretsTests
{
    private static readonly Regex SecretName = new("(^|[a-z])(Token|Secret|Password|RefreshToken|Authorization)$", RegexOptions.IgnoreCase);

    private readonly ModuleMetadata _m;

    public SessionSecretsTests(ModuleMetadata m) => _m = m;

    [Fact]
    public void No_public_property_path_from_the_session_reaches_a_token_or_secret()
    {
        var session = _m.Core.GetType("CXone.Core.CXoneSession", throwOnError: true)!;
        var accessToken = _m.Core.GetType("CXone.Core.Auth.AccessToken", throwOnError: true)!;
        var coreTypes = _m.Core.GetTypes().Where(t => t.IsClass && !t.IsAbstract).ToList();
        var offenders = new List<string>();
        var seen = new HashSet<Type>();
        var queue = new Queue<(Type Type, string Path)>();
        queue.Enqueue((session, "session"));
        var walked = 0;
        while (queue.Count > 0)
        {
            var (type, path) = queue.Dequeue();
            if (!seen.Add(type))
            {
                continue;
            }

            walked++;
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetMethod is { IsPublic: true }))
            {
                var where = path + "." + property.Name;
                var declared = property.PropertyType;
                if (declared == accessToken || (declared.FullName == "System.String" && SecretName.IsMatch(property.Name)))
                {
                    offenders.Add(where + " (" + declared.Name + ")");
                    continue;
                }

                // What can stand behind the declared type at run time: the type itself and every Core class assignable to it.
                foreach (var runtime in coreTypes.Where(t => declared.IsAssignableFrom(t)).Append(declared).Where(t => t.Assembly == _m.Core))
                {
                    queue.Enqueue((runtime, where + (runtime == declared ? string.Empty : "<" + runtime.Name + ">")));
                }
            }
        }

        Assert.True(walked > 5, "the walk reached only " + walked + " types");
        Assert.Empty(offenders);
    }
}
