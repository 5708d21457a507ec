using System.Text.Json;
using System.Text.Json.Nodes;

namespace Convene.Media.Tests.Interop;

/// <summary>Runs tests/e2e/tools/webrtc-peer.mjs (headless Chromium) and talks to it in JSON lines.</summary>
internal sealed class ChromiumPeerProcess : IAsyncDisposable
{
    private readonly NodeScriptProcess _script;

    private ChromiumPeerProcess(NodeScriptProcess script) => _script = script;

    /// <summary>Everything read so far, for failure messages.</summary>
    public string Transcript => _script.Transcript;

    public static ChromiumPeerProcess Start(string repoRoot, params string[] arguments) =>
        new(NodeScriptProcess.Start(repoRoot, "webrtc-peer.mjs", arguments));

    /// <summary>Reads lines until one of <paramref name="type"/> arrives; fails with the transcript on timeout or exit.</summary>
    public Task<JsonObject> ReadUntilAsync(string type, TimeSpan timeout) =>
        _script.ReadAsync(m => (string?)m["type"] == type, $"a '{type}' line", timeout);

    public Task SendAsync(object message) => _script.WriteAsync(JsonSerializer.Serialize(message));

    public ValueTask DisposeAsync() => _script.DisposeAsync();
}
