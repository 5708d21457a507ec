using System.Text.Json;
using System.Text.Json.Nodes;

namespace Convene.Media.Tests.Interop;

/// <summary>
/// Runs tests/e2e/tools/webrtc-room.mjs: one headless Chromium holding many peer connections, driven by
/// request/reply JSON lines.
/// </summary>
internal sealed class ChromiumRoomProcess : IAsyncDisposable
{
    private readonly NodeScriptProcess _script;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private int _seq;

    private ChromiumRoomProcess(NodeScriptProcess script) => _script = script;

    /// <summary>The last lines read, for failure messages.</summary>
    public string Transcript => _script.Transcript;

    public static async Task<ChromiumRoomProcess> StartAsync(string repoRoot, TimeSpan timeout)
    {
        var process = new ChromiumRoomProcess(NodeScriptProcess.Start(repoRoot, "webrtc-room.mjs", ["--timeout-ms=600000"]));
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
            await _script.WriteAsync(message.ToJsonString());
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

    public ValueTask DisposeAsync() => _script.DisposeAsync();

    // Stats lines are frequent: they stay out of the transcript.
    private Task<JsonObject> ReadAsync(Func<JsonObject, bool> match, string expected, TimeSpan timeout) =>
        _script.ReadAsync(match, expected, timeout, record: m => (string?)m?["type"] != "stats");
}
