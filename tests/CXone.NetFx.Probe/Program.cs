using System;
using System.IO;

namespace CXone.NetFx.Probe
{
    /// <summary>
    /// usage: mono --assembly-loader=strict CXone.NetFx.Probe.exe MODULE_FOLDER ISSUER STACK
    /// Runs connect, server-time, paging, a recording lookup, a download with SHA-256 and 8 parallel downloads with
    /// 1 s of storage latency against the emulator at ISSUER, on one HTTP stack: <c>webrequest</c> (WebRequestHandler,
    /// the HttpWebRequest machinery of .NET Framework) or <c>sockets</c> (Mono's default HttpClientHandler, over
    /// SocketsHttpHandler). Exit 0 when every check passes.
    /// </summary>
    internal static class Program
    {
        private static int Main(string[] args)
        {
            if (args.Length != 3)
            {
                Console.Error.WriteLine("usage: CXone.NetFx.Probe.exe MODULE_FOLDER ISSUER webrequest|sockets");
                return 2;
            }

            try
            {
                Console.WriteLine("probe: " + System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription + ", dependencies from " + ModuleLoader.Install(Path.GetFullPath(args[0])));
                return Checks.RunAsync(new Uri(args[1].TrimEnd('/') + "/"), args[2]).GetAwaiter().GetResult();
            }
            catch (Exception e)
            {
                Console.Error.WriteLine("probe FAILED: " + e);
                return 1;
            }
        }
    }
}
