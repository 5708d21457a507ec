using Convene.Media.Relay;
using Convene.Media.Tests.Interop;
using Xunit.Abstractions;

namespace Convene.Media.Tests.Network;

/// <summary>Chromium peers routed through the <see cref="ImpairmentProxy"/>: the harness carries real WebRTC.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class ImpairedChromiumTests(RelayBrowserFixture fx, ITestOutputHelper output)
{
    [Fact]
    public async Task A_subscriber_connects_and_decodes_through_the_proxy_and_nacks_what_it_loses()
    {
        await using var proxy = fx.StartProxy();
        await using var call = fx.OpenRoom(new RoomMediaSettings());
        var room = call.Room;
        string pub = call.NewPc("pub"), sub = call.NewPc("sub");
        await fx.PublishAsync(room, "alice", "alice/camera", pub);
        await fx.SubscribeAsync(room, "bob", "alice/camera", sub, through: proxy);
        var first = await fx.WaitForAsync(sub, s => RelayBrowserFixture.Long(s, "video", "framesDecoded") > 10, $"frames decoded through the proxy\n{proxy}");
        Assert.True(proxy.Mappings >= 1 && proxy.Downstream.Counters.Forwarded > 20, $"Expected the media to flow through the proxy; {proxy}");

        proxy.Downstream.Options = new ImpairmentOptions { LossPercent = 10, RtpOnly = true };
        var lossy = await fx.WaitForAsync(
            sub,
            s => RelayBrowserFixture.Long(s, "video", "nackCount") > 0
                 && RelayBrowserFixture.Long(s, "video", "framesDecoded") > RelayBrowserFixture.Long(first, "video", "framesDecoded") + 30,
            $"NACKs from the subscriber and frames still decoding under 10 % loss\n{proxy}");
        output.WriteLine($"{proxy}\nsubscriber: {lossy["video"]?.ToJsonString()}\nrelay: {fx.Relay.Counters}");
        Assert.True(proxy.Downstream.Counters.DroppedRandom > 0, $"Expected the proxy to drop media; {proxy}");
    }
}
