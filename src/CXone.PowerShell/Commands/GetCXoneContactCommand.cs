using System;
using System.Management.Automation;
using System.Threading.Tasks;
using CXone.Core.Api;
using CXone.PowerShell.Hosting;

namespace CXone.PowerShell.Commands
{
    /// <summary>
    /// <c>Get-CXoneContact</c>: completed contacts between two dates, streamed page by page as they arrive
    /// (docs/cxone-api.md section 3). Supports <c>-First</c>, <c>-Skip</c> and <c>-IncludeTotalCount</c>.
    /// One Core call: <see cref="ContactsClient.GetCompletedAsync"/>.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "CXoneContact", SupportsPaging = true)]
    [OutputType(typeof(CXoneContact))]
    public sealed class GetCXoneContactCommand : CXoneSessionCmdlet
    {
        /// <summary>Start of the period (contacts that started at or after it); a date without offset is local time.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        public DateTimeOffset StartDate { get; set; }

        /// <summary>
        /// End of the period (a date without offset is local time, as for <see cref="StartDate"/>). Default: the
        /// time the cmdlet starts, taken once, so that <c>Get-CXoneContact -StartDate (Get-Date).AddDays(-1)</c>
        /// works as typed. An end at or before the start is an error (<c>CXone.InvalidArgument</c>).
        /// </summary>
        [Parameter(Position = 1)]
        public DateTimeOffset? EndDate { get; set; }

        private DateTimeOffset _endDate;

        /// <summary>Fixes the end of the period once for the whole run.</summary>
        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _endDate = EndDate ?? DateTimeOffset.UtcNow;
        }

        /// <summary>Only this media type id.</summary>
        [Parameter]
        public int? MediaTypeId { get; set; }

        /// <summary>Only this skill id.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(Completion.SkillIdCompleter))]
        public int? SkillId { get; set; }

        /// <summary>Only this agent id.</summary>
        [Parameter]
        public int? AgentId { get; set; }

        /// <summary>Only this team id.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(Completion.TeamIdCompleter))]
        public int? TeamId { get; set; }

        /// <summary>Only logged (true) or unlogged (false) contacts.</summary>
        [Parameter]
        public bool? IsLogged { get; set; }

        /// <summary>Sort order, for example <c>contactStartDate desc</c>.</summary>
        [Parameter]
        public string? OrderBy { get; set; }

        /// <summary>Fields to return (comma-separated names).</summary>
        [Parameter]
        public string? Fields { get; set; }

        /// <summary>Streams the contacts.</summary>
        protected override void ProcessRecord()
        {
            var session = ResolveSession();
            var query = new ContactQuery
            {
                StartDate = StartDate, EndDate = _endDate, MediaTypeId = MediaTypeId, SkillId = SkillId, AgentId = AgentId,
                TeamId = TeamId, IsLogged = IsLogged, OrderBy = OrderBy, Fields = Fields,
            };
            Run(
                async (pump, ct) =>
                {
                    var paging = CmdletMaps.Paging(PagingParameters, total => pump.Post(() => WriteObject(PagingParameters.NewTotalCount((ulong)total, 1.0))));
                    await foreach (var contact in session.Contacts.GetCompletedAsync(query, paging, ct).ConfigureAwait(false))
                    {
                        await pump.EmitAsync(contact, ct).ConfigureAwait(false);
                    }
                },
                "contacts/completed " + ContactsClient.IsoDate(StartDate) + " to " + ContactsClient.IsoDate(_endDate));
        }
    }
}
