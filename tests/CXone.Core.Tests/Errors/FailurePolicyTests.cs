using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core.Errors;
using CXone.Core.Http;
using CXone.Core.Recordings;
using CXone.Core.Tests.Support;

namespace CXone.Core.Tests.Policy;

/// <summary>
/// The one rule that decides which failures end a run of many items (the session is gone) and which are one item's
/// error: every kind decided, exceptions classified, and the failures the emulator really produces land on the right side.
/// </summary>
public sealed class FailurePolicyTests
{
    private const string TokenRoute = "POST /auth/token";
    private const string MediaPlaybackRoute = "GET /media-playback/v1/contacts";

    /// <summary>The session is gone: no later item can succeed until the user acts.</summary>
    private static readonly CXoneErrorKind[] EndTheRun =
    {
        CXoneErrorKind.AuthenticationFailed, CXoneErrorKind.UnsupportedGrant, CXoneErrorKind.ReconnectRequired,
        CXoneErrorKind.TokenExpired, CXoneErrorKind.NotConnected, CXoneErrorKind.InteractiveLoginUnavailable,
        CXoneErrorKind.DiskFull, CXoneErrorKind.ProxyAuthenticationRequired, CXoneErrorKind.AreaRequired,
        CXoneErrorKind.ConfirmationRequired,
    };

    /// <summary>One item's failure: report it and go on with the next item.</summary>
    private static readonly CXoneErrorKind[] OneItem =
    {
        CXoneErrorKind.Forbidden, CXoneErrorKind.NotFound, CXoneErrorKind.RecordingNotFound, CXoneErrorKind.RateLimited,
        CXoneErrorKind.Timeout, CXoneErrorKind.NetworkFailure, CXoneErrorKind.InvalidResponse, CXoneErrorKind.ServerError,
        CXoneErrorKind.BadRequest, CXoneErrorKind.InvalidArgument, CXoneErrorKind.AgentSkillFailed,
    };

    [Fact]
    public void Every_kind_is_decided_once_and_the_session_kinds_end_the_run()
    {
        // A kind added later must be placed on one side here: this fails until it is.
        var all = Enum.GetValues<CXoneErrorKind>();
        Assert.Equal(all.OrderBy(k => k), EndTheRun.Concat(OneItem).OrderBy(k => k));
        foreach (var kind in EndTheRun)
        {
            Assert.Equal(CXoneFailureScope.Pipeline, CXoneFailurePolicy.ScopeOf(kind));
            var error = new CXoneException(kind, "m", "a");
            Assert.True(CXoneFailurePolicy.EndsPipeline(error), kind.ToString());
            Assert.False(CXoneFailurePolicy.IsItemFailure(error), kind.ToString());
            Assert.Equal(CXoneFailureScope.Pipeline, error.Scope);
        }

        foreach (var kind in OneItem)
        {
            Assert.Equal(CXoneFailureScope.Item, CXoneFailurePolicy.ScopeOf(kind));
            var error = new CXoneException(kind, "m", "a");
            Assert.True(CXoneFailurePolicy.IsItemFailure(error), kind.ToString());
            Assert.False(CXoneFailurePolicy.EndsPipeline(error), kind.ToString());
            Assert.Equal(CXoneFailureScope.Item, error.Scope);
        }

        Assert.Equal(CXoneFailureScope.Pipeline, CXoneFailurePolicy.ScopeOf((CXoneErrorKind)999));
    }

    [Fact]
    public void A_disposed_session_cancellation_and_unexpected_faults_end_the_run()
    {
        Assert.True(CXoneFailurePolicy.EndsPipeline(new ObjectDisposedException("CXoneSession")));
        Assert.True(CXoneFailurePolicy.EndsPipeline(new OperationCanceledException()));
        Assert.True(CXoneFailurePolicy.EndsPipeline(new InvalidOperationException("a bug")));
        Assert.True(CXoneFailurePolicy.EndsPipeline(CXoneErrors.SessionClosed(new ObjectDisposedException("CXoneSession"))));
        Assert.True(CXoneFailurePolicy.EndsPipeline(CXoneErrors.NotConnected()));
        Assert.Throws<ArgumentNullException>(() => CXoneFailurePolicy.ScopeOf((Exception)null!));
    }

    [Fact]
    public void The_item_errors_built_in_Core_are_item_failures_and_keep_their_wording()
    {
        var missing = CXoneErrors.RecordingNotFound("4711", null);
        Assert.Equal(CXoneErrorKind.RecordingNotFound, missing.Kind);
        Assert.Equal(404, missing.StatusCode);
        Assert.Equal("No recording for contact 4711: " + RecordingLookup.NotFoundExplanation, missing.Message);
        Assert.True(CXoneFailurePolicy.IsItemFailure(missing));

        var notFound = CXoneErrors.DownloadFailed(new DownloadResult { ContactId = "4712", Status = DownloadStatus.NotFound, Reason = "gone" });
        Assert.Equal("No recording for contact 4712: gone", notFound.Message);
        Assert.True(CXoneFailurePolicy.IsItemFailure(notFound));

        var failed = CXoneErrors.DownloadFailed(new DownloadResult { ContactId = "4713", Status = DownloadStatus.Failed, Reason = "disk" });
        Assert.Equal(CXoneErrorKind.ServerError, failed.Kind);
        Assert.True(CXoneFailurePolicy.IsItemFailure(failed));

        var own = new CXoneException(CXoneErrorKind.ReconnectRequired, "gone", "connect");
        Assert.Same(own, CXoneErrors.DownloadFailed(new DownloadResult { ContactId = "1", Status = DownloadStatus.Failed, Error = own }));
    }

    [Fact]
    public void Only_a_GET_request_can_be_paged()
    {
        new CXoneRequest(HttpMethod.Get, "inContactAPI/services/v30.0/agents").EnsurePageable();
        new CXoneRequest(new HttpMethod("get"), "inContactAPI/services/v30.0/agents").EnsurePageable();
        foreach (var method in new[] { HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete, new HttpMethod("PATCH") })
        {
            var request = new CXoneRequest(method, "inContactAPI/services/v30.0/agents");
            Assert.False(request.IsPageable);
            var ex = Assert.Throws<CXoneException>(() => request.EnsurePageable());
            Assert.Equal(CXoneErrorKind.InvalidArgument, ex.Kind);
            Assert.Contains(method.Method, ex.Message, StringComparison.Ordinal);
            Assert.Contains("GET", ex.RecommendedAction, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Paging_a_POST_is_refused_before_anything_is_sent()
    {
        await using var h = await AuthHarness.StartAsync();
        using var session = await h.ConnectAsync();
        var before = (await h.StatsAsync()).Route("POST /inContactAPI/services/{version}/agents");

        var ex = await Assert.ThrowsAsync<CXoneException>(async () =>
        {
            await foreach (var _ in session.Api.PageAsync(new CXoneRequest(HttpMethod.Post, "inContactAPI/services/v30.0/agents"), null, CancellationToken.None))
            {
            }
        });

        Assert.Equal(CXoneErrorKind.InvalidArgument, ex.Kind);
        Assert.Equal(before, (await h.StatsAsync()).Route("POST /inContactAPI/services/{version}/agents"));
    }

    [Fact]
    public async Task A_revoked_credential_ends_the_run_for_a_lookup_and_for_every_download_while_a_missing_recording_is_one_item()
    {
        await using var h = await AuthHarness.StartAsync();
        using var session = await h.ConnectAsync();
        var recorded = h.Emulator.Data.Contacts.Where(c => c.IsRecorded).Select(c => c.ContactId.ToString()).Take(3).ToArray();
        var unrecorded = h.Emulator.Data.Contacts.First(c => !c.IsRecorded).ContactId.ToString();

        var missing = await session.Recordings.GetByContactAsync(unrecorded, "all", CancellationToken.None);
        Assert.False(missing.Found);
        Assert.True(CXoneFailurePolicy.IsItemFailure(CXoneErrors.RecordingNotFound(unrecorded, missing.NotFoundReason)));

        await h.FaultAsync(new { route = MediaPlaybackRoute, kind = "malformedJson", count = 1 });
        var malformed = await Assert.ThrowsAsync<CXoneException>(() => session.Recordings.GetByContactAsync(recorded[0], "all", CancellationToken.None));
        Assert.Equal(CXoneErrorKind.InvalidResponse, malformed.Kind);
        Assert.True(CXoneFailurePolicy.IsItemFailure(malformed));

        // Revoked: every token issued so far is refused and the token endpoint refuses the access key too.
        await h.FaultAsync(new { revokeAllTokens = true });
        await h.FaultAsync(new { route = TokenRoute, kind = "401", count = 1000 });

        var lookup = await Assert.ThrowsAsync<CXoneException>(() => session.Recordings.GetByContactAsync(recorded[0], "all", CancellationToken.None));
        Assert.True(CXoneFailurePolicy.EndsPipeline(lookup), lookup.Kind + ": " + lookup.Message);

        var folder = Path.Combine(Path.GetTempPath(), "cxone-policy-" + Guid.NewGuid().ToString("N"));
        try
        {
            var results = new List<DownloadResult>();
            await foreach (var r in session.Recordings.DownloadManyAsync(ToAsync(recorded), new DownloadOptions { Folder = folder }, CancellationToken.None))
            {
                results.Add(r);
            }

            Assert.Equal(recorded.Length, results.Count);
            Assert.All(results, r =>
            {
                Assert.Equal(DownloadStatus.Failed, r.Status);
                var error = CXoneErrors.DownloadFailed(r);
                Assert.True(CXoneFailurePolicy.EndsPipeline(error), error.Kind + ": " + error.Message);
                Assert.Equal(lookup.Kind, error.Kind);
            });
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static async IAsyncEnumerable<string> ToAsync(IEnumerable<string> items)
    {
        foreach (var item in items)
        {
            await Task.Yield();
            yield return item;
        }
    }
}
