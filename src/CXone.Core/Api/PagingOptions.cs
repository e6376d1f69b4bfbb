using System;

namespace CXone.Core.Api
{
    /// <summary>
    /// How <see cref="CXoneApiClient.PageAsync(string, System.Collections.Generic.IDictionary{string, string}, PagingOptions, System.Threading.CancellationToken)"/> walks a list endpoint (docs/cxone-api.md section 3: the array is
    /// named after the resource; <c>skip</c>/<c>top</c> or <c>_links.next</c>; 204 when empty).
    /// </summary>
    public sealed class PagingOptions
    {
        /// <summary>The default of <see cref="MaxPages"/>: 10,000 pages (100 million rows at the largest page size).</summary>
        public const int DefaultMaxPages = 10000;

        private int _pageSize = 10000;
        private int _maxPages = DefaultMaxPages;

        /// <summary>Stop after this many items (null: all). Pages are shortened so that no more than needed is fetched.</summary>
        public long? First { get; set; }

        /// <summary>Items to skip before the first one returned (sent as the first <c>skip</c>; default 0).</summary>
        public long Skip { get; set; }

        /// <summary>Items per page, sent as <c>top</c> (1..10000; default 10000, the API's maximum).</summary>
        /// <exception cref="ArgumentOutOfRangeException">Outside 1..10000.</exception>
        public int PageSize
        {
            get => _pageSize;
            set => _pageSize = value >= 1 && value <= 10000 ? value : throw new ArgumentOutOfRangeException(nameof(value), "PageSize must be between 1 and 10000.");
        }

        /// <summary>Called once with the total count (<c>totalRecords</c>) when the first page gives it (0 for 204).</summary>
        public Action<long>? OnTotalCount { get; set; }

        /// <summary>The name of the array property holding the items; null finds it (the property that is an array of objects).</summary>
        public string? ArrayName { get; set; }

        /// <summary>
        /// The most pages one walk requests (default <see cref="DefaultMaxPages"/>); the walk ends with an
        /// InvalidArgument error rather than go past it, so that a misbehaving server cannot keep a job paging forever.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException">Less than 1.</exception>
        public int MaxPages
        {
            get => _maxPages;
            set => _maxPages = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), "MaxPages must be at least 1.");
        }

        /// <summary>A copy of these options that reads the array <paramref name="arrayName"/> unless one is named already.</summary>
        internal PagingOptions Named(string arrayName) => new PagingOptions
        {
            First = First, Skip = Skip, PageSize = PageSize, OnTotalCount = OnTotalCount, MaxPages = MaxPages, Headers = Headers,
            ArrayName = ArrayName ?? arrayName,
        };

        /// <summary>Extra headers sent with every page request (Authorization and Host are always the session's).</summary>
        public System.Collections.Generic.IDictionary<string, string>? Headers { get; set; }
    }
}
