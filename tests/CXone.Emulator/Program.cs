namespace CXone.Emulator;

/// <summary>Placeholder entry point; the emulator issue replaces it.</summary>
internal static class Program
{
    private static int Main() => 0;
}
