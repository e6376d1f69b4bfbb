using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using CXone.Core.Api;

namespace CXone.PowerShell.Completion
{
    /// <summary>
    /// Tab completion for <c>Invoke-CXoneRequest -Path</c>: the API paths the module knows, with their versions
    /// (<see cref="KnownApiPaths"/>), the description as the tooltip. Needs no session and sends nothing.
    /// </summary>
    public sealed class ApiPathCompleter : IArgumentCompleter
    {
        /// <summary>Completions for what has been typed so far (quotes removed).</summary>
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var typed = (wordToComplete ?? string.Empty).Trim('\'', '"');
            return KnownApiPaths.Matching(typed).Select(p => new CompletionResult("'" + p.Path + "'", p.Path, CompletionResultType.ParameterValue, p.Description));
        }
    }
}
