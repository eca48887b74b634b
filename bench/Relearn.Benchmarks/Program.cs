using BenchmarkDotNet.Running;

namespace Relearn.Benchmarks;

/// <summary>Entry point: <c>dotnet run -c Release --project bench/Relearn.Benchmarks -- --filter '*' --job short</c>.</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
