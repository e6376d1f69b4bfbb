using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using CXone.Core.Diagnostics;
using CXone.Core.Errors;

namespace CXone.Core.Api
{
    /// <summary>
    /// Keeps one paging walk finite against a server that misbehaves (docs/cxone-api.md section 3): a
    /// <c>_links.next</c> that points at a page already fetched, a server that ignores <c>skip</c> and sends the same
    /// page again, and a walk longer than <see cref="PagingOptions.MaxPages"/>. Each ends the walk with
    /// <see cref="CXoneErrorKind.InvalidResponse"/> (or <see cref="CXoneErrorKind.InvalidArgument"/> for the page cap,
    /// which the user can raise) instead of requesting forever. One instance per walk; not thread-safe.
    /// </summary>
    internal sealed class PagingGuard
    {
        private readonly HashSet<string> _links = new HashSet<string>(StringComparer.Ordinal);
        private readonly string _what;
        private readonly string _host;
        private readonly int _maxPages;
        private int _pages;
        private string? _previousFirst;
        private string? _previousLast;
        private int _previousCount;

        public PagingGuard(string what, string host, int maxPages)
        {
            _what = what;
            _host = host;
            _maxPages = maxPages;
        }

        /// <summary>Counts a page about to be requested; throws once the walk would pass the page cap.</summary>
        public void BeforeRequest()
        {
            if (++_pages > _maxPages)
            {
                throw new CXoneException(
                    CXoneErrorKind.InvalidArgument,
                    _what + " stopped after " + _maxPages.ToString(CultureInfo.InvariantCulture) + " pages, the most one walk may fetch.",
                    "Narrow the query (dates, filters) or raise the page cap (PagingOptions.MaxPages; -MaxPages) if this many pages are really wanted.",
                    host: _host);
            }
        }

        /// <summary>Refuses a next-page link that this walk has already followed (a loop).</summary>
        public void CheckNextLink(string link)
        {
            if (!_links.Add(link))
            {
                throw new CXoneException(
                    CXoneErrorKind.InvalidResponse,
                    _what + ": the server's next-page link points at a page already fetched (" + Redactor.SafeUrl(Uri.TryCreate(link, UriKind.RelativeOrAbsolute, out var u) ? u : null) +
                        "); paging stopped after " + _pages.ToString(CultureInfo.InvariantCulture) + " pages instead of looping.",
                    "The API answered with a paging loop: try again later; if it persists, page by hand with -First/-Skip and report it to NICE support.",
                    host: _host);
            }
        }

        /// <summary>Refuses a page whose items are the previous page's again (the server ignored <c>skip</c> or the link).</summary>
        public void CheckPage(JsonElement array, int count)
        {
            if (count == 0)
            {
                return;
            }

            var first = array[0].GetRawText();
            var last = array[count - 1].GetRawText();
            if (count == _previousCount && string.Equals(first, _previousFirst, StringComparison.Ordinal) && string.Equals(last, _previousLast, StringComparison.Ordinal))
            {
                throw new CXoneException(
                    CXoneErrorKind.InvalidResponse,
                    _what + ": page " + _pages.ToString(CultureInfo.InvariantCulture) + " repeats the page before it (the server ignored skip or its own next link); paging stopped instead of looping.",
                    "The API does not advance through pages for this query: try again later, or narrow the query so that it fits one page.",
                    host: _host);
            }

            _previousCount = count;
            _previousFirst = first;
            _previousLast = last;
        }
    }
}
