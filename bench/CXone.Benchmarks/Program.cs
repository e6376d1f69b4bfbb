namespace CXone.Benchmarks;

/// <summary>Entry point of the benchmark harness (filled in by the proof issue).</summary>
internal static class Program
{
    private static int Main()
    {
        System.Console.WriteLine("CXone benchmarks: not written yet.");
        return 0;
    }
}
