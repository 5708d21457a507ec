using System.Net;
using Convene.Media.Relay;
using Convene.Media.Sdp;
using Convene.Media.Tests.Sdp;

namespace Convene.Media.Tests.Relay;

/// <summary>
/// The playout-delay header extension is answered to subscribers in their video section only, and only while
/// <see cref="MediaRelayOptions.PlayoutDelayUnderLoss"/> and loss recovery are on; publishers never get it.
/// </summary>
public sealed class PlayoutDelayNegotiationTests
{
    private const string Line = "a=extmap:5 " + SdpExtensionUris.PlayoutDelay;

    [Fact]
    public async Task A_subscriber_gets_it_in_video_and_a_publisher_not_at_all()
    {
        var (publish, subscribe) = await AnswersAsync(new MediaRelayOptions { BindAddress = IPAddress.Loopback });
        Assert.DoesNotContain(SdpExtensionUris.PlayoutDelay, publish);
        var sections = subscribe.Split("m=");
        Assert.Contains(Line, sections.Single(s => s.StartsWith("video", StringComparison.Ordinal)));
        Assert.DoesNotContain(SdpExtensionUris.PlayoutDelay, sections.Single(s => s.StartsWith("audio", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(250, false)]
    public async Task Turned_off_or_without_loss_recovery_it_is_not_answered(int delayMs, bool lossRecovery)
    {
        var (_, subscribe) = await AnswersAsync(new MediaRelayOptions
        {
            BindAddress = IPAddress.Loopback,
            PlayoutDelayUnderLoss = TimeSpan.FromMilliseconds(delayMs),
            LossRecovery = lossRecovery,
        });
        Assert.DoesNotContain(SdpExtensionUris.PlayoutDelay, subscribe);
    }

    private static async Task<(string Publish, string Subscribe)> AnswersAsync(MediaRelayOptions options)
    {
        await using var relay = new MediaRelay(options);
        using var room = relay.OpenRoom("delay", new RoomMediaSettings());
        Assert.Contains(Line, SdpFixtures.ChromiumPublishOffer); // Chromium offers it (id 5 in this capture)
        string publish = room.Publish("alice", "cam", SdpFixtures.ChromiumPublishOffer);
        string subscribe = room.Subscribe("bob", "cam", true, true, SdpFixtures.ChromiumPublishOffer.Replace("a=sendonly", "a=recvonly", StringComparison.Ordinal));
        return (publish, subscribe);
    }
}
