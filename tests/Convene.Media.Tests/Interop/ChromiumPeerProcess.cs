using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Convene.Media.Tests.Interop;

/// <summary>Runs tests/e2e/tools/webrtc-peer.mjs (headless Chromium) and talks to it in JSON lines.</summary>
internal sealed class ChromiumPeerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private readonly List<string> _transcript = [];

    private ChromiumPeerProcess(Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_stderr)
                {
                    _stderr.AppendLine(e.Data);
                }
            }
        };
        _process.BeginErrorReadLine();
    }

    /// <summary>Everything read so far, for failure messages.</summary>
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

    public static ChromiumPeerProcess Start(string repoRoot, params string[] arguments)
    {
        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = Path.Combine(repoRoot, "tests", "e2e"),
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine("tools", "webrtc-peer.mjs"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return new ChromiumPeerProcess(Process.Start(info) ?? throw new InvalidOperationException("node did not start."));
    }

    /// <summary>Reads lines until one of <paramref name="type"/> arrives; fails with the transcript on timeout or exit.</summary>
    public async Task<JsonObject> ReadUntilAsync(string type, TimeSpan timeout)
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
                throw new TimeoutException($"Expected a '{type}' line from webrtc-peer.mjs within {timeout}; found:\n{Transcript}");
            }

            if (line is null)
            {
                throw new InvalidOperationException($"webrtc-peer.mjs ended before a '{type}' line; found:\n{Transcript}");
            }

            lock (_stderr)
            {
                _transcript.Add(line);
            }

            if (JsonNode.Parse(line) is JsonObject message && (string?)message["type"] == type)
            {
                return message;
            }
        }
    }

    public async Task SendAsync(object message)
    {
        await _process.StandardInput.WriteLineAsync(JsonSerializer.Serialize(message));
        await _process.StandardInput.FlushAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
