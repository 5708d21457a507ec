using System.Net;
using Convene.Grains.Calls;
using Convene.Grains.Rooms;
using Convene.Grains.Tests.Grains;
using Convene.Media.Relay;
using Microsoft.Extensions.DependencyInjection;

namespace Convene.Grains.Tests.Calls;

/// <summary>
/// A cluster whose silos have media relays and short liveness timings: gateways refresh every 0.5 s and expire after
/// 4 s, media peers' ICE consent expires after 4 s without a check, and a party's lost media has 5 s to come back (time enough for a new peer to connect on a busy machine).
/// </summary>
public sealed class CallLivenessFixture : ClusterFixture
{
    public static readonly TimeSpan RefreshPeriod = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan GatewayExpiry = TimeSpan.FromSeconds(4);
    public static readonly TimeSpan ConsentTimeout = TimeSpan.FromSeconds(4);
    public static readonly TimeSpan MediaLossGrace = TimeSpan.FromSeconds(5);

    protected override Action<GatewayRegistrationOptions>? Gateways => o =>
    {
        o.RefreshPeriod = RefreshPeriod;
        o.Expiry = GatewayExpiry;
    };

    protected override Action<CallOptions>? Calls => o => o.MediaLossGrace = MediaLossGrace;

    protected override Action<MediaRelayOptions>? Media => o =>
    {
        o.BindAddress = IPAddress.Loopback;
        o.Port = 0;
        o.ConsentTimeout = ConsentTimeout;
    };

    /// <summary>The relay room of call <paramref name="callId"/>, on the silo where the call is active (the call opened it).</summary>
    public async Task<IRoomRelay> CallRoomAsync(ICallGrain call, string callId)
    {
        var silo = await Cluster.SiloOfAsync(call);
        var handle = Cluster.Silos.Single(s => s.SiloAddress.Equals(silo));
        return handle.ServiceProvider.GetRequiredService<IMediaRelay>().OpenRoom("call:" + callId, new RoomMediaSettings());
    }
}
