using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Convene.Media.Tests.Interop;

/// <summary>
/// Runs tests/e2e/tools/webrtc-room.mjs: one headless Chromium holding many peer connections, driven by
/// request/reply JSON lines.
/// </summary>
internal sealed class ChromiumRoomProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private readonly List<string> _transcript = [];
    private readonly SemaphoreSlim _gate = new(1, 1);
    private int _seq;

    private ChromiumRoomProcess(Process process)
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

    /// <summary>The last lines read, for failure messages.</summary>
    public string Transcript
    {
        get
        {
            lock (_stderr)
            {
                return string.Join('\n', _transcript.TakeLast(12).Select(l => l.Length > 300 ? l[..300] + "…" : l)) + "\nstderr: " + _stderr;
            }
        }
    }

    public static async Task<ChromiumRoomProcess> StartAsync(string repoRoot, TimeSpan timeout)
    {
        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = Path.Combine(repoRoot, "tests", "e2e"),
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine("tools", "webrtc-room.mjs"));
        info.ArgumentList.Add("--timeout-ms=600000");
        var process = new ChromiumRoomProcess(Process.Start(info) ?? throw new InvalidOperationException("node did not start."));
        await process.ReadAsync(m => (string?)m["type"] == "ready", "the 'ready' line", timeout);
        return process;
    }

    /// <summary>Sends a command and returns its reply; throws on an error reply or timeout.</summary>
    public async Task<JsonObject> RequestAsync(string cmd, object fields, TimeSpan timeout)
    {
        await _gate.WaitAsync();
        try
        {
            int seq = ++_seq;
            var message = JsonSerializer.SerializeToNode(fields)!.AsObject();
            message["seq"] = seq;
            message["cmd"] = cmd;
            await _process.StandardInput.WriteLineAsync(message.ToJsonString());
            await _process.StandardInput.FlushAsync();
            var reply = await ReadAsync(m => (int?)m["reply"] == seq, $"the reply to '{cmd}' #{seq}", timeout);
            if ((string?)reply["type"] == "error")
            {
                throw new InvalidOperationException($"webrtc-room.mjs failed '{cmd}': {reply["message"]}");
            }

            return reply;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close(); // the script closes the browser and exits
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

    private async Task<JsonObject> ReadAsync(Func<JsonObject, bool> match, string expected, TimeSpan timeout)
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
                throw new TimeoutException($"Expected {expected} from webrtc-room.mjs within {timeout}; found:\n{Transcript}");
            }

            if (line is null)
            {
                throw new InvalidOperationException($"webrtc-room.mjs ended before {expected}; found:\n{Transcript}");
            }

            if ((string?)(JsonNode.Parse(line) as JsonObject)?["type"] != "stats")
            {
                lock (_stderr)
                {
                    _transcript.Add(line);
                }
            }

            if (JsonNode.Parse(line) is JsonObject message && match(message))
            {
                return message;
            }
        }
    }
}
