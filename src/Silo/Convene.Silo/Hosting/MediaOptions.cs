namespace Convene.Silo.Hosting;

/// <summary>The media relay's settings (configuration section "Convene:Media").</summary>
public sealed class MediaOptions
{
    /// <summary>Whether this silo relays media; without it, publish and subscribe signal but offers are refused.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The one UDP port of the silo's relay (0 picks a free one).</summary>
    public int Port { get; set; } = 40000;

    /// <summary>The address to bind (default loopback; use the address clients reach, not 0.0.0.0).</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>The address written in SDP answers, when it differs from the bind address (e.g. behind 1:1 NAT).</summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>RTX both ways and NACKs to publishers for the relay's own losses (on by default; see MediaRelayOptions.LossRecovery).</summary>
    public bool LossRecovery { get; set; } = true;

    /// <summary>The playout delay asked of a subscriber's browser while it loses video packets (default 250 ms; 0 turns it off; see MediaRelayOptions.PlayoutDelayUnderLoss).</summary>
    public TimeSpan PlayoutDelayUnderLoss { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How long a media peer may go without a valid ICE check before it is closed and reported disconnected (RFC 7675
    /// §5.1; default 30 s; 1 s to 5 min). A one-to-one call's party whose media is down ends the call after
    /// <c>Convene:Calls:MediaLossGrace</c>.
    /// </summary>
    public TimeSpan ConsentTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
