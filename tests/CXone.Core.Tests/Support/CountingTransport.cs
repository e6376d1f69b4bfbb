using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace CXone.Core.Tests.Support;

/// <summary>A real transport (HttpClientHandler) that counts what went out, to prove that nothing did.</summary>
public sealed class CountingTransport : DelegatingHandler
{
    private int _sent;

    public CountingTransport()
        : base(new HttpClientHandler())
    {
    }

    public int Sent => Volatile.Read(ref _sent);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _sent);
        return base.SendAsync(request, cancellationToken);
    }
}
