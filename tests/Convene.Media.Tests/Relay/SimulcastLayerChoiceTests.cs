using System.Diagnostics;
using Convene.Media.Relay;
using Convene.Media.Tests.Interop;
using Xunit.Abstractions;
using static Convene.Media.Tests.Interop.RelayBrowserFixture;

namespace Convene.Media.Tests.Relay;

/// <summary>
/// Per-subscriber simulcast layers with Chromium: the publisher's <see cref="MediaLimits.MaxHeight"/> (layer heights
/// learned from VP8 keyframes) and the subscriber's <see cref="LayerPreference"/>.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class SimulcastLayerChoiceTests(RelayBrowserFixture fx, ITestOutputHelper output)
{
    [Fact]
    public async Task A_publisher_capped_at_360p_is_never_forwarded_above_it_and_a_subscriber_chooses_its_layer()
    {
        await using var call = fx.OpenRoom(new RoomMediaSettings());
        var room = call.Room;
        room.SetPublisherLimits("alice", new MediaLimits(MaxHeight: 360));
        int wanted = 0; // dynacast: the last LayersWanted for the stream
        room.LayersWanted += (key, layers) => Volatile.Write(ref wanted, key == "cam" ? layers : wanted);
        string pub = call.NewPc("pub"), sub = call.NewPc("sub");
        // Three layers up to 720p (320×180, 640×360, 1280×720); small per-layer maxima so Chromium enables the
        // top one early.
        await fx.PublishAsync(room, "alice", "cam", pub, width: 1280, height: 720, simulcast: true, maxKbps: [100, 250, 600]);
        await fx.SubscribeAsync(room, "bob", "cam", sub);

        // Sample the subscriber while the publisher brings up its 720p layer and for 3 s after: never above 360.
        long tallest = 0;
        var watch = Stopwatch.StartNew();
        long topSince = -1;
        while (topSince < 0 || watch.ElapsedMilliseconds - topSince < 3000)
        {
            var s = await fx.StatsAsync(sub);
            long height = Long(s, "video", "frameHeight");
            Assert.True(height <= 360, $"Expected no frame taller than the publisher's 360p limit, found {height}: {s["video"]?.ToJsonString()}");
            tallest = Math.Max(tallest, height);
            if (topSince < 0 && SimulcastLayers.Height(await fx.StatsAsync(pub), "f") > 360)
            {
                topSince = watch.ElapsedMilliseconds;
            }

            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"Expected the publisher's 720p layer within 60 s; publisher {(await fx.StatsAsync(pub))["outbound"]?.ToJsonString()}");
            await Task.Delay(100);
        }

        var capped = await fx.WaitForAsync(sub, s => Long(s, "video", "frameHeight") is > 180 and <= 360, "frames of the 360p layer (the tallest allowed)");
        output.WriteLine($"capped: {capped["video"]?.ToJsonString()}; tallest seen {tallest}");
        await RelayPublishSubscribeTests.WaitUntil(() => Volatile.Read(ref wanted) == 2, () => $"LayersWanted(cam, 2) while 720p is over the limit; last {wanted}");

        // The subscriber asks for the low layer, then for anything.
        room.SetPreferredLayer("bob", "cam", new LayerPreference(MaxLayer: 0));
        var low = await fx.WaitForAsync(sub, s => Long(s, "video", "frameHeight") is > 0 and <= 180, "frames of the low layer after SetPreferredLayer(MaxLayer: 0)");
        long lowFrames = Long(low, "video", "framesDecoded");
        await fx.WaitForAsync(sub, s => Long(s, "video", "framesDecoded") > lowFrames + 10 && Long(s, "video", "frameHeight") <= 180, "frames still decoding on the low layer");
        await RelayPublishSubscribeTests.WaitUntil(() => Volatile.Read(ref wanted) == 1, () => $"LayersWanted(cam, 1) with the only subscriber on the low layer; last {wanted}", TimeSpan.FromSeconds(15));

        room.SetPreferredLayer("bob", "cam", LayerPreference.None);
        room.SetPublisherLimits("alice", MediaLimits.None);
        await RelayPublishSubscribeTests.WaitUntil(() => Volatile.Read(ref wanted) == 3, () => $"LayersWanted(cam, 3) once nothing limits the subscriber; last {wanted}");
        var top = await fx.WaitForAsync(sub, s => Long(s, "video", "frameHeight") > 360, "frames taller than 360 once the limit is lifted");
        output.WriteLine($"lifted: {top["video"]?.ToJsonString()}");
    }
}
