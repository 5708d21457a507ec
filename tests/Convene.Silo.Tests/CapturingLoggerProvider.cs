using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Convene.Silo.Tests;

/// <summary>Keeps every formatted log message as "Level Category: message", to check what the host logs (and what it must not).</summary>
public sealed class CapturingLoggerProvider(ConcurrentQueue<string> sink) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(sink, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(ConcurrentQueue<string> sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            sink.Enqueue($"{logLevel} {category}: {formatter(state, exception)}");
    }
}
