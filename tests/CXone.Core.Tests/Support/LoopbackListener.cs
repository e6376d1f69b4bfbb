using System;
using System.Net;
using System.Net.Sockets;

namespace CXone.Core.Tests.Support;

/// <summary>Starts an <see cref="HttpListener"/> on a free port of 127.0.0.1, for the tests' own small loopback servers.</summary>
internal static class LoopbackListener
{
    /// <summary>A started listener and its base URI (<c>http://127.0.0.1:PORT/</c>); a port taken in between is tried again.</summary>
    public static (HttpListener Listener, Uri BaseUri) Start()
    {
        for (var attempt = 0; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var baseUri = new Uri($"http://127.0.0.1:{port}/");
            var listener = new HttpListener();
            listener.Prefixes.Add(baseUri.AbsoluteUri);
            try
            {
                listener.Start();
                return (listener, baseUri);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close();
            }
        }
    }
}
