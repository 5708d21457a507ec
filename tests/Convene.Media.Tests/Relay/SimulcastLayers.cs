using System.Text.Json.Nodes;
using Convene.Media.Tests.Interop;

namespace Convene.Media.Tests.Relay;

/// <summary>Reading a simulcast publisher's layers from Chromium's outbound-rtp stats (rids q, h, f).</summary>
internal static class SimulcastLayers
{
    /// <summary>Each layer's current frame height by rid (0 when it has not encoded a frame).</summary>
    public static long Height(JsonObject publisher, string rid) => publisher["outbound"]!.AsArray()
        .Where(o => (string?)o!["kind"] == "video" && (string?)o["rid"] == rid && (long?)o["framesEncoded"] > 0)
        .Select(o => (long?)o!["frameHeight"] ?? 0)
        .FirstOrDefault();

    /// <summary>Frames encoded so far on layer <paramref name="rid"/>.</summary>
    public static long Frames(JsonObject publisher, string rid) => publisher["outbound"]!.AsArray()
        .Where(o => (string?)o!["kind"] == "video" && (string?)o["rid"] == rid)
        .Select(o => (long?)o!["framesEncoded"] ?? 0)
        .FirstOrDefault();

    /// <summary>Waits until the publisher's top layer ('f') encodes frames taller than <paramref name="above"/> (Chromium enables it as its estimate grows).</summary>
    public static async Task<long> WaitForTopLayerAsync(RelayBrowserFixture fx, string pc, long above, TimeSpan timeout)
    {
        var stats = await fx.WaitForAsync(
            pc,
            s => Height(s, "f") > above,
            $"the publisher's top layer 'f' encoding frames taller than {above}",
            timeout);
        return Height(stats, "f");
    }
}
