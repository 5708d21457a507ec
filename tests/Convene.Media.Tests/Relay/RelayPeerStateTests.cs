using System.Collections.Concurrent;
using System.Net;
using Convene.Media.Dtls;
using Convene.Media.Relay;
using Microsoft.Extensions.DependencyInjection;

namespace Convene.Media.Tests.Relay;

/// <summary>PeerStateChanged for connected, failed and expired peers; the DI registration.</summary>
public sealed class RelayPeerStateTests
{
    private static readonly TimeSpan _timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_peer_is_reported_connected_and_then_disconnected_when_its_consent_expires()
    {
        // Consent is counted from the peer's one ICE check, so the timeout must outlast a cold DTLS handshake (the
        // first in a process JITs BouncyCastle's TLS stack: over a second on a busy machine).
        await using var relay = new MediaRelay(new MediaRelayOptions { BindAddress = IPAddress.Loopback, Port = 0, ConsentTimeout = TimeSpan.FromSeconds(4) });
        using var room = relay.OpenRoom("consent", new RoomMediaSettings());
        var states = new ConcurrentQueue<(string Participant, string Stream, bool Connected)>();
        room.PeerStateChanged += (p, s, c) => states.Enqueue((p, s, c));

        using var publisher = await SyntheticPeer.ConnectAsync(relay.LocalEndPoint, o => room.Publish("alice", "mic", o), publish: true, 7, _timeout);
        // No further checks: RFC 7675 consent expires after the (shortened) timeout.
        await RelayPublishSubscribeTests.WaitUntil(
            () => states.Count >= 2,
            () => $"connected then disconnected for alice/mic; found [{string.Join(", ", states)}]",
            _timeout);

        Assert.Equal([("alice", "mic", true), ("alice", "mic", false)], states.ToArray());
    }

    [Fact]
    public async Task A_peer_whose_certificate_does_not_match_its_offer_is_reported_failed()
    {
        await using var relay = new MediaRelay(new MediaRelayOptions { BindAddress = IPAddress.Loopback, Port = 0 });
        using var room = relay.OpenRoom("mitm", new RoomMediaSettings());
        var states = new ConcurrentQueue<(string Participant, string Stream, bool Connected)>();
        room.PeerStateChanged += (p, s, c) => states.Enqueue((p, s, c));
        using var impostor = DtlsCertificate.Generate("impostor");

        // The offer names another certificate than the one the client presents.
        var attempt = SyntheticPeer.ConnectAsync(
            relay.LocalEndPoint,
            o => room.Publish("mallory", "cam", System.Text.RegularExpressions.Regex.Replace(o, "a=fingerprint:sha-256 \\S+", "a=fingerprint:sha-256 " + impostor.Fingerprint)),
            publish: true,
            9,
            _timeout);
        await Assert.ThrowsAnyAsync<Exception>(() => attempt);
        await RelayPublishSubscribeTests.WaitUntil(
            () => !states.IsEmpty,
            () => "PeerStateChanged(mallory, cam, false)",
            _timeout);

        Assert.Equal([("mallory", "cam", false)], states.ToArray());
    }

    [Fact]
    public async Task AddConveneMedia_registers_one_relay_built_from_the_options()
    {
        var services = new ServiceCollection();
        services.AddConveneMedia(o =>
        {
            o.BindAddress = IPAddress.Loopback;
            o.Port = 0;
        });

        var descriptor = Assert.Single(services, d => d.ServiceType == typeof(IMediaRelay));
        Assert.Equal(ServiceLifetime.Singleton, descriptor.Lifetime);
        var relay = Assert.IsType<MediaRelay>(descriptor.ImplementationFactory!(new EmptyServiceProvider()));
        await using (relay)
        {
            Assert.Equal(IPAddress.Loopback, relay.LocalEndPoint.Address);
            Assert.NotEqual(0, relay.LocalEndPoint.Port);
        }
    }

    private sealed class EmptyServiceProvider : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }
}
