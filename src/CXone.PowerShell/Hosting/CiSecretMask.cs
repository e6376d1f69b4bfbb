using System;
using System.Collections;
using System.Collections.Generic;

namespace CXone.PowerShell.Hosting
{
    /// <summary>
    /// The commands that tell a CI host to hide a value in its job log, written before a secret is printed:
    /// GitHub Actions (<c>GITHUB_ACTIONS=true</c>): <c>::add-mask::value</c>; Azure DevOps (<c>TF_BUILD=True</c>):
    /// <c>##vso[task.setsecret]value</c> (the logging command that registers a value as a secret).
    /// </summary>
    internal static class CiSecretMask
    {
        /// <summary>The mask commands for <paramref name="secret"/> in the CI host(s) that <paramref name="environment"/> names; empty elsewhere.</summary>
        /// <param name="secret">The value to hide (for example an access token).</param>
        /// <param name="environment">Environment variables; default: this process's.</param>
        public static IReadOnlyList<string> CommandsFor(string secret, IDictionary? environment = null)
        {
            environment ??= Environment.GetEnvironmentVariables();
            var commands = new List<string>();
            if (string.IsNullOrEmpty(secret) || secret.IndexOf('\n') >= 0 || secret.IndexOf('\r') >= 0)
            {
                return commands;
            }

            if (IsTrue(environment, "GITHUB_ACTIONS"))
            {
                commands.Add("::add-mask::" + secret);
            }

            if (IsTrue(environment, "TF_BUILD"))
            {
                commands.Add("##vso[task.setsecret]" + secret);
            }

            return commands;
        }

        private static bool IsTrue(IDictionary environment, string name)
        {
            foreach (DictionaryEntry entry in environment)
            {
                if (string.Equals(entry.Key as string, name, StringComparison.OrdinalIgnoreCase))
                {
                    return string.Equals((entry.Value as string)?.Trim(), "true", StringComparison.OrdinalIgnoreCase);
                }
            }

            return false;
        }
    }
}
