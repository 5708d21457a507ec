using Convene.Media.Relay;
using Convene.Media.Tests.Interop;
using Xunit.Abstractions;

namespace Convene.Media.Tests.Network;

/// <summary>Chromium peers routed through the <see cref="ImpairmentProxy"/>: the harness carries real WebRTC.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class ImpairedChromiumTests
{
    private readonly RelayBrowserFixture _fx;
    private readonly ITestOutputHelper _output;

    public ImpairedChromiumTests(RelayBrowserFixture fixture, ITestOutputHelper output)
    {
        _fx = fixture;
        _output = output;
    }

    [Fact]
    public async Task A_subscriber_connects_and_decodes_through_the_proxy_and_nacks_what_it_loses()
    {
        using var room = _fx.Relay.OpenRoom(_fx.NewId("room"), new RoomMediaSettings());
        await using var proxy = _fx.StartProxy();
        string pub = _fx.NewId("pub"), sub = _fx.NewId("sub");
        try
        {
            await _fx.PublishAsync(room, "alice", "alice/camera", pub);
            await _fx.SubscribeAsync(room, "bob", "alice/camera", sub, through: proxy);
            var first = await _fx.WaitForAsync(sub, s => RelayBrowserFixture.Long(s, "video", "framesDecoded") > 10, $"frames decoded through the proxy\n{proxy}");
            Assert.True(proxy.Mappings >= 1 && proxy.Downstream.Counters.Forwarded > 20, $"Expected the media to flow through the proxy; {proxy}");

            proxy.Downstream.Options = new ImpairmentOptions { LossPercent = 10, RtpOnly = true };
            var lossy = await _fx.WaitForAsync(
                sub,
                s => RelayBrowserFixture.Long(s, "video", "nackCount") > 0
                     && RelayBrowserFixture.Long(s, "video", "framesDecoded") > RelayBrowserFixture.Long(first, "video", "framesDecoded") + 30,
                $"NACKs from the subscriber and frames still decoding under 10 % loss\n{proxy}");
            _output.WriteLine($"{proxy}\nsubscriber: {lossy["video"]?.ToJsonString()}\nrelay: {_fx.Relay.Counters}");
            Assert.True(proxy.Downstream.Counters.DroppedRandom > 0, $"Expected the proxy to drop media; {proxy}");
        }
        finally
        {
            await _fx.CloseAsync(pub, sub);
        }
    }
}
