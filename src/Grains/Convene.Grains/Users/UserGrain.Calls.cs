using Convene.Grains.Calls;

namespace Convene.Grains.Users;

/// <summary>The user's side of one-to-one calls: one live call at a time.</summary>
public sealed partial class UserGrain
{
    // Live state, never persisted: the id of the user's ringing or answered call. A call grain lost with its silo
    // cannot clear it, so a stale id is checked against its call grain before it makes the user busy.
    private string? _activeCall;

    /// <inheritdoc />
    public async Task<bool> BeginCallAsync(string callId)
    {
        if (await InOtherCallAsync(callId)) return false;
        _activeCall = callId;
        return true;
    }

    /// <inheritdoc />
    public async Task<CallOfferResult> OfferCallAsync(CallEvent incoming)
    {
        // A gateway whose process died without a word is no connection: the call is unreachable, not ringing at nobody.
        ForgetExpiredGateways();
        if (_gateways.Count == 0) return CallOfferResult.Unreachable;
        if (await InOtherCallAsync(incoming.Call.Id)) return CallOfferResult.Busy;
        _activeCall = incoming.Call.Id;
        await NotifyCallAsync(incoming);
        return CallOfferResult.Ringing;
    }

    /// <inheritdoc />
    public Task NotifyCallAsync(CallEvent e)
    {
        // One-way: a call event is not kept for later, and a gateway that is gone does not hold up the call.
        foreach (var observer in _gateways.Values) _ = observer.OnCallEventAsync(e);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task EndCallAsync(string callId)
    {
        if (_activeCall == callId) _activeCall = null;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<string?> GetActiveCallAsync()
    {
        if (_activeCall is { } id && !await IsLiveAsync(id)) _activeCall = null;
        return _activeCall;
    }

    // The user's last connection is gone: a call still ringing for it cannot be answered (an answered one was ended by
    // its connection's disconnect). Not awaited: the call grain calls back into this grain (EndCallAsync) as it ends.
    private void EndCallOffline()
    {
        if (_activeCall is { } callId)
        {
            GrainFactory.GetGrain<ICallGrain>(callId).HangupAsync(Address, "disconnected").Ignore();
        }
    }

    private async Task<bool> InOtherCallAsync(string callId)
    {
        if (_activeCall is null || _activeCall == callId) return false;
        if (await IsLiveAsync(_activeCall)) return true;
        _activeCall = null;
        return false;
    }

    private async Task<bool> IsLiveAsync(string callId) =>
        await GrainFactory.GetGrain<ICallGrain>(callId).GetAsync() is { IsLive: true };
}
