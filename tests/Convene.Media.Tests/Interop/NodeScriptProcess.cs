using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace Convene.Media.Tests.Interop;

/// <summary>
/// A Node script under tests/e2e/tools that talks JSON lines on stdin/stdout (the Chromium drivers);
/// keeps a transcript of what it said for failure messages.
/// </summary>
internal sealed class NodeScriptProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _script;
    private readonly StringBuilder _stderr = new();
    private readonly List<string> _transcript = [];

    private NodeScriptProcess(Process process, string script)
    {
        _process = process;
        _script = script;
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_stderr) _stderr.AppendLine(e.Data);
            }
        };
        _process.BeginErrorReadLine();
    }

    /// <summary>The last lines read and everything on stderr.</summary>
    public string Transcript
    {
        get
        {
            lock (_stderr)
            {
                return string.Join('\n', _transcript.TakeLast(15).Select(l => l.Length > 400 ? l[..400] + "…" : l)) + "\nstderr: " + _stderr;
            }
        }
    }

    /// <summary>Starts <c>node tools/<paramref name="script"/></c> in tests/e2e.</summary>
    public static NodeScriptProcess Start(string repoRoot, string script, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = Path.Combine(repoRoot, "tests", "e2e"),
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine("tools", script));
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        return new NodeScriptProcess(Process.Start(info) ?? throw new InvalidOperationException("node did not start."), script);
    }

    /// <summary>Writes one JSON line.</summary>
    public async Task WriteAsync(string json)
    {
        await _process.StandardInput.WriteLineAsync(json);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Reads lines until one matches; lines for which <paramref name="record"/> is false stay out of the transcript.</summary>
    public async Task<JsonObject> ReadAsync(Func<JsonObject, bool> match, string expected, TimeSpan timeout, Func<JsonObject?, bool>? record = null)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            string? line;
            try
            {
                line = await _process.StandardOutput.ReadLineAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Expected {expected} from {_script} within {timeout}; found:\n{Transcript}");
            }
            if (line is null)
            {
                throw new InvalidOperationException($"{_script} ended before {expected}; found:\n{Transcript}");
            }
            var message = JsonNode.Parse(line) as JsonObject;
            if (record?.Invoke(message) ?? true)
            {
                lock (_stderr) _transcript.Add(line);
            }
            if (message is not null && match(message))
            {
                return message;
            }
        }
    }

    /// <summary>Closes stdin (the scripts then close the browser and exit), killing the process if it does not exit in time.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (Exception)
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        _process.Dispose();
    }
}
