using Convene.Grains.Users;
using Microsoft.Extensions.Logging;

namespace Convene.Grains.Calls;

/// <summary>
/// Whether a live call's parties are still there when nobody says they left: a party whose gateway died (no SignalR
/// disconnect ever runs) or whose browser vanished must not hold the other one — and itself, busy — in a call that
/// never ends. Two watches, on the call grain's timers and turns:
/// <list type="bullet">
/// <item>Signalling: the gateway each party's call connection is on (given by the hub with <c>Call</c> and
/// <c>AnswerCall</c>). Every third of <c>Convene:Gateways:Expiry</c> the call asks each party's user grain whether that
/// gateway is still registered (<see cref="IUserGrain.IsOnlineAtAsync"/>); once it expired, the party is
/// <see cref="Disconnected"/>.</item>
/// <item>Media: the relay's <c>PeerStateChanged</c> for the call's room. A party of an answered call whose media had
/// connected and now has no connected peer (ICE consent expired, RFC 7675 §5.1, or DTLS failed) gets
/// <see cref="CallOptions.MediaLossGrace"/> to connect again (a new publish or subscribe) before it is
/// <see cref="MediaLost"/>.</item>
/// </list>
/// </summary>
internal sealed partial class CallLiveness(IGrainBase grain, IGrainFactory grains, string callId, CallOptions options, TimeSpan gatewayExpiry, ILogger logger, Func<string, string, Task> end)
{
    /// <summary>The reason of a call whose party's connection went away (its gateway stopped refreshing, too).</summary>
    public const string Disconnected = "disconnected";

    /// <summary>The reason of a call whose party's media went down and did not come back within the grace period.</summary>
    public const string MediaLost = "medialost";

    private readonly Dictionary<string, string> _gatewayOf = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Party, string StreamKey), bool> _peers = [];
    private readonly HashSet<string> _hadMedia = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IGrainTimer> _graceTimers = new(StringComparer.Ordinal);
    private IGrainTimer? _gatewayTimer;
    private bool _answered;

    /// <summary><paramref name="party"/>'s call connection is at gateway <paramref name="gateway"/> (null: unknown, not watched).</summary>
    public void WatchGateway(string party, string? gateway)
    {
        if (gateway is null) return;
        _gatewayOf[party] = gateway;
        var period = gatewayExpiry / 3;
        _gatewayTimer ??= grain.RegisterGrainTimer(CheckGatewaysAsync, new GrainTimerCreationOptions(period, period));
    }

    /// <summary>The call was answered: from now on a party whose media is down has the grace period to come back.</summary>
    public void Answered(string caller, string callee)
    {
        _answered = true;
        CheckMedia(caller);
        CheckMedia(callee);
    }

    /// <summary>The relay reported one of <paramref name="party"/>'s peers (connected or not).</summary>
    public void OnMediaConnected(string party, string streamKey, bool connected)
    {
        _peers[(party, streamKey)] = connected;
        if (connected) _hadMedia.Add(party);
        CheckMedia(party);
    }

    /// <summary>
    /// <paramref name="party"/> offered a new peer for <paramref name="streamKey"/> (its own stream, or the one it
    /// subscribes to). The relay closed the peer it replaces without a report, and the new one has not connected yet:
    /// the stream counts as down until the new peer is reported connected. Without this, a party renewing a broken
    /// connection whose new peer never connects (its network still cut) kept the old peer's "connected" for ever.
    /// </summary>
    public void OnNegotiated(string party, string streamKey)
    {
        _peers[(party, streamKey)] = false;
        CheckMedia(party);
    }

    /// <summary>The call ended: nothing is watched any more.</summary>
    public void Stop()
    {
        _answered = false;
        _gatewayTimer?.Dispose();
        _gatewayTimer = null;
        foreach (var timer in _graceTimers.Values) timer.Dispose();
        _graceTimers.Clear();
        _gatewayOf.Clear();
    }

    /// <summary>Had media and has no connected peer left.</summary>
    private bool MediaDown(string party) =>
        _hadMedia.Contains(party) && !_peers.Any(p => p.Key.Party == party && p.Value);

    private void CheckMedia(string party)
    {
        var down = _answered && MediaDown(party);
        if (down && !_graceTimers.ContainsKey(party))
        {
            LogMediaDown(logger, callId, party, options.MediaLossGrace);
            _graceTimers[party] = grain.RegisterGrainTimer(
                _ => MediaLostAsync(party), new GrainTimerCreationOptions(options.MediaLossGrace, Timeout.InfiniteTimeSpan));
        }
        else if (!down && _graceTimers.Remove(party, out var timer))
        {
            timer.Dispose();
            LogMediaBack(logger, callId, party);
        }
    }

    private async Task MediaLostAsync(string party)
    {
        if (_graceTimers.Remove(party, out var timer)) timer.Dispose();
        if (!_answered || !MediaDown(party)) return;
        LogMediaLost(logger, callId, party, options.MediaLossGrace);
        await end(party, MediaLost);
    }

    private async Task CheckGatewaysAsync(CancellationToken cancellationToken)
    {
        foreach (var (party, gateway) in _gatewayOf.ToList())
        {
            if (await grains.GetGrain<IUserGrain>(party).IsOnlineAtAsync(gateway)) continue;
            if (!_gatewayOf.ContainsKey(party)) return; // the call ended meanwhile
            LogGatewayExpired(logger, callId, party, gateway, gatewayExpiry);
            await end(party, Disconnected);
            return;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {Call}: the media of {Party} went down; the call ends unless it connects again within {Grace}")]
    private static partial void LogMediaDown(ILogger logger, string call, string party, TimeSpan grace);

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {Call}: the media of {Party} connected again")]
    private static partial void LogMediaBack(ILogger logger, string call, string party);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Call {Call}: ending it, the media of {Party} has been down for {Grace} (medialost)")]
    private static partial void LogMediaLost(ILogger logger, string call, string party, TimeSpan grace);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Call {Call}: ending it, the gateway {Gateway} of {Party}'s connection has not refreshed for {Expiry} (disconnected)")]
    private static partial void LogGatewayExpired(ILogger logger, string call, string party, string gateway, TimeSpan expiry);
}
