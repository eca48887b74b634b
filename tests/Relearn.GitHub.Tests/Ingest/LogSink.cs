using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Relearn.GitHub.Tests.Ingest;

/// <summary>Keeps every log entry at every level: message, structured values, scopes and exceptions.</summary>
internal sealed class LogSink : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _entries = new();

    public IReadOnlyList<string> Entries => [.. _entries];

    public string AllText => string.Join('\n', _entries);

    public ILogger CreateLogger(string categoryName) => new SinkLogger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class SinkLogger(LogSink sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            sink._entries.Enqueue($"scope {category}: {state} {Values(state)}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            sink._entries.Enqueue($"{logLevel} {category}[{eventId.Id}]: {formatter(state, exception)} {Values(state)} {exception}");

        private static string Values<TState>(TState state) =>
            state is IEnumerable<KeyValuePair<string, object?>> pairs ? "{" + string.Join(", ", pairs.Select(p => $"{p.Key}={p.Value}")) + "}" : "";
    }
}
