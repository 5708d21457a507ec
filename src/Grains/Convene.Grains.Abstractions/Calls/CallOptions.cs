namespace Convene.Grains.Calls;

/// <summary>One-to-one calls (configuration section <c>Convene:Calls</c>).</summary>
public sealed class CallOptions
{
    /// <summary>How long a call rings before it ends as <see cref="CallState.NoAnswer"/>. Default 45 s.</summary>
    public TimeSpan RingTimeout { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>Who may call whom. Default <see cref="CallPolicy.AnyUser"/>.</summary>
    public CallPolicy Policy { get; set; } = CallPolicy.AnyUser;

    /// <summary>Video bitrate cap (kbps) when the caller asks for none; 0 = unlimited. Default 0.</summary>
    public int DefaultMaxBitrateKbps { get; set; }

    /// <summary>How long the record of an ended call stays readable (<see cref="ICallGrain.GetAsync"/>). Default 2 min.</summary>
    public TimeSpan RecordRetention { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long an answered call waits for a party whose media went down (every media peer of it disconnected: its
    /// ICE consent expired, RFC 7675 §5.1, or its DTLS failed) to connect again before the call ends as
    /// <c>medialost</c>. Zero ends it at once. Default 10 s.
    /// </summary>
    public TimeSpan MediaLossGrace { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Why these values cannot work, or null.</summary>
    public string? Validate() =>
        RingTimeout <= TimeSpan.Zero || RingTimeout > TimeSpan.FromMinutes(10) ? "Convene:Calls:RingTimeout must be more than 0 and at most 10 minutes"
        : DefaultMaxBitrateKbps < 0 ? "Convene:Calls:DefaultMaxBitrateKbps must not be negative"
        : RecordRetention < TimeSpan.Zero ? "Convene:Calls:RecordRetention must not be negative"
        : MediaLossGrace < TimeSpan.Zero || MediaLossGrace > TimeSpan.FromMinutes(5) ? "Convene:Calls:MediaLossGrace must be 0 to 5 minutes"
        : null;
}
