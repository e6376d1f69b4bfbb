using System;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core.Auth;

namespace CXone.Core.Tests.Support;

/// <summary>
/// A browser without a screen: GETs the authorize URL (the emulator approves at once and redirects to the
/// loopback redirect URI), then follows that redirect to the session's listener, as a browser would.
/// </summary>
public sealed class HeadlessBrowser : IBrowserLauncher
{
    private readonly Func<Uri, Uri>? _tamper;

    /// <param name="tamper">Changes the redirect before it is followed (to test the state check).</param>
    public HeadlessBrowser(Func<Uri, Uri>? tamper = null) => _tamper = tamper;

    public Uri? AuthorizeUrl { get; private set; }

    public Uri? Redirect { get; private set; }

    public int? ListenerStatus { get; private set; }

    public int Launches { get; private set; }

    public async Task LaunchAsync(Uri authorizeUrl, CancellationToken cancellationToken)
    {
        Launches++;
        AuthorizeUrl = authorizeUrl;
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var approve = await http.GetAsync(authorizeUrl, cancellationToken);
        Assert.True(approve.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther, "authorize answered " + (int)approve.StatusCode);
        var location = approve.Headers.Location!;
        Redirect = _tamper is null ? location : _tamper(location);
        using var back = await http.GetAsync(Redirect, cancellationToken);
        ListenerStatus = (int)back.StatusCode;
    }
}

/// <summary>A launcher that does nothing: nobody ever answers (timeout test).</summary>
public sealed class SilentBrowser : IBrowserLauncher
{
    private readonly TaskCompletionSource _launched = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Launched => _launched.Task;

    public Task LaunchAsync(Uri authorizeUrl, CancellationToken cancellationToken)
    {
        _launched.TrySetResult();
        return Task.CompletedTask;
    }
}
