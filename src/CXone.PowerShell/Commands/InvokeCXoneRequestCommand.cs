using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;
using CXone.Core.Http;
using CXone.PowerShell.Errors;
using CXone.PowerShell.Hosting;
using CXone.PowerShell.Json;

namespace CXone.PowerShell.Commands
{
    /// <summary>
    /// <c>Invoke-CXoneRequest</c>: any CXone API call through the session's pipeline (token, retries, redaction).
    /// JSON comes back as PSCustomObjects with arrays unrolled; <c>-All</c> (or <c>-First</c>/<c>-Skip</c>) walks
    /// a list endpoint page by page. ShouldProcess is asked for every method but GET. One Core call:
    /// <see cref="Core.Api.CXoneApiClient.SendAsync"/>, <c>SendToFileAsync</c> or <c>PageAsync</c>.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "CXoneRequest", SupportsShouldProcess = true, SupportsPaging = true, DefaultParameterSetName = PathSet)]
    [OutputType(typeof(PSObject), typeof(string))]
    public sealed class InvokeCXoneRequestCommand : CXoneSessionCmdlet
    {
        private const string PathSet = "Path", UriSet = "Uri";

        /// <summary>The HTTP method (default GET).</summary>
        [Parameter]
        [ValidateSet("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")]
        public string Method { get; set; } = "GET";

        /// <summary>A path relative to the API endpoint, for example <c>inContactAPI/services/v30.0/agents</c>.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
        [ArgumentCompleter(typeof(Completion.ApiPathCompleter))]
        public string Path { get; set; } = string.Empty;

        /// <summary>An absolute URL on the session's API endpoint host.</summary>
        [Parameter(Mandatory = true, ParameterSetName = UriSet)]
        public Uri Uri { get; set; } = null!;

        /// <summary>Query values (a hashtable); dates are sent as ISO 8601.</summary>
        [Parameter]
        public IDictionary? Query { get; set; }

        /// <summary>The body: a string is sent as is; a hashtable or object is sent as JSON.</summary>
        [Parameter]
        public object? Body { get; set; }

        /// <summary>The body's content type (default application/json).</summary>
        [Parameter]
        public string? ContentType { get; set; }

        /// <summary>Extra request headers (a hashtable). Authorization is always the session's.</summary>
        [Parameter]
        public IDictionary? Headers { get; set; }

        /// <summary>Walks every page of a list endpoint and writes its items.</summary>
        [Parameter]
        public SwitchParameter All { get; set; }

        /// <summary>Saves the response body to this file instead of writing objects.</summary>
        [Parameter]
        public string? OutFile { get; set; }

        /// <summary>The name of a variable that receives the HTTP status code.</summary>
        [Parameter]
        public string? StatusCodeVariable { get; set; }

        /// <summary>The name of a variable that receives the response headers (a dictionary).</summary>
        [Parameter]
        public string? ResponseHeadersVariable { get; set; }

        /// <summary>Returns error responses instead of raising errors.</summary>
        [Parameter]
        public SwitchParameter SkipHttpErrorCheck { get; set; }

        /// <summary>Writes the response text instead of objects.</summary>
        [Parameter]
        public SwitchParameter Raw { get; set; }

        /// <summary>Sends the request and writes what came back.</summary>
        protected override void ProcessRecord()
        {
            var session = ResolveSession();
            var method = Method.ToUpperInvariant();
            var target = TargetSummary.Request(method, Path.Length > 0 ? Path : Uri?.ToString());
            var paged = OutFile is null && (All || CmdletMaps.IsUsed(PagingParameters));
            var request = Guard(() => new CXoneRequest
            {
                Method = new System.Net.Http.HttpMethod(method), Path = Path.Length > 0 ? Path : null, Uri = Uri, Query = PSObjects.ToStrings(Query),
                Body = Body is string ? null : PSObjects.ToPlain(Body), RawBody = (Body is PSObject p ? p.BaseObject : Body) as string, ContentType = ContentType,
                Headers = PSObjects.ToStrings(Headers)?.ToDictionary(h => h.Key, h => h.Value ?? string.Empty), ThrowOnErrorStatus = !SkipHttpErrorCheck,
            }, target);
            if (paged)
            {
                // Core's rule (only GET pages), checked before ShouldProcess and before anything is sent.
                Guard(() => { request.EnsurePageable(); return true; }, target);
            }

            if (method != "GET" && !ShouldProcess(target, method))
            {
                return;
            }

            if (OutFile != null)
            {
                var file = GetUnresolvedProviderPathFromPSPath(OutFile);
                var bytes = Run((pump, ct) => session.Api.SendToFileAsync(request, file, ct), target);
                WriteVerbose("Saved " + bytes + " bytes to " + file + ".");
            }
            else if (paged)
            {
                Run((pump, ct) => ResponseOutput.PageAsync(session.Api, request, CmdletMaps.Paging(PagingParameters, total => pump.Post(() => WriteObject(PagingParameters.NewTotalCount((ulong)total, 1.0)))), pump, ct), target);
            }
            else
            {
                var response = Run((pump, ct) => session.Api.SendAsync(request, ct), target);
                if (StatusCodeVariable != null) { SessionState.PSVariable.Set(StatusCodeVariable, response.StatusCode); }
                if (ResponseHeadersVariable != null) { SessionState.PSVariable.Set(ResponseHeadersVariable, response.Headers.ToDictionary(h => h.Key, h => h.Value.ToArray(), StringComparer.OrdinalIgnoreCase)); }
                foreach (var value in ResponseOutput.Values(response, Raw))
                {
                    WriteObject(value);
                }
            }
        }
    }
}
