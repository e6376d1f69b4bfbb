using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace CXone.Core.Http
{
    /// <summary>
    /// Reads each attempt's response body into memory before the retry loop sees the answer, so a connection
    /// dropped mid-body is a failed attempt (retried for idempotent methods) rather than a failure in the caller's
    /// read. Calls marked with <see cref="HttpCallProperties.MarkStreaming"/> pass through unread. Cancelling
    /// aborts the read; on any failure the response is disposed.
    /// </summary>
    internal sealed class ResponseBufferingHandler : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.Content is null || HttpCallProperties.IsStreaming(request))
            {
                return response;
            }

            try
            {
                // LoadIntoBufferAsync takes no token on netstandard2.0: disposing the response aborts the read.
                using (cancellationToken.Register(static r => ((HttpResponseMessage)r!).Dispose(), response))
                {
                    await response.Content.LoadIntoBufferAsync().ConfigureAwait(false);
                }
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                response.Dispose();
                throw new OperationCanceledException(cancellationToken);
            }
            catch (Exception)
            {
                response.Dispose();
                throw;
            }

            return response;
        }
    }
}
