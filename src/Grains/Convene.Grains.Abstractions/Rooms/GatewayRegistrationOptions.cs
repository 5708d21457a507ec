namespace Convene.Grains.Rooms;

/// <summary>
/// How gateways stay registered with rooms and users (configuration section <c>Convene:Gateways</c>). Orleans
/// observers are not durable: a gateway re-registers every <see cref="RefreshPeriod"/>, and a room forgets a
/// gateway (and its connections) that has not done so for <see cref="Expiry"/>.
/// </summary>
public sealed class GatewayRegistrationOptions
{
    /// <summary>How often a gateway refreshes its registrations. Default 10 s.</summary>
    public TimeSpan RefreshPeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a registration lasts without a refresh. Default 35 s (three refreshes and a margin).</summary>
    public TimeSpan Expiry { get; set; } = TimeSpan.FromSeconds(35);

    /// <summary>
    /// How long a gateway holds a room's event that arrived before an earlier one (Orleans does not order one-way
    /// calls) waiting for the missing one. Past it, the missing event is taken as lost: the held ones are delivered
    /// and the room's clients at that gateway resynchronise (the hub's <c>OnResync</c>). Default 2 s.
    /// </summary>
    public TimeSpan EventGapTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Why these values cannot work, or null.</summary>
    public string? Validate() =>
        RefreshPeriod <= TimeSpan.Zero ? "Convene:Gateways:RefreshPeriod must be positive"
        : Expiry < RefreshPeriod * 2 ? "Convene:Gateways:Expiry must be at least twice Convene:Gateways:RefreshPeriod"
        : EventGapTimeout <= TimeSpan.Zero || EventGapTimeout > TimeSpan.FromMinutes(1) ? "Convene:Gateways:EventGapTimeout must be in (0, 1 min]"
        : null;
}
