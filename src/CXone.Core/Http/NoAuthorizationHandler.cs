using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace CXone.Core.Http
{
    /// <summary>Removes any Authorization header: media storage never sees the CXone token (docs/cxone-api.md section 4).</summary>
    internal sealed class NoAuthorizationHandler : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Authorization = null;
            request.Headers.Remove("Authorization");
            return base.SendAsync(request, cancellationToken);
        }
    }
}
