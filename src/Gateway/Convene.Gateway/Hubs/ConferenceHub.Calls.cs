using Convene.Gateway.Notifications;
using Convene.Grains.Calls;
using Convene.Grains.Groups;
using Convene.Grains.Users;

namespace Convene.Gateway.Hubs;

/// <summary>
/// One-to-one calls (the spec's call API): place, answer, hang up, mute, and the call's media. Each method is one call
/// to the call grain, which decides (who may call whom, states, one live call per user). The connection that placed
/// or answered a call is the one in it: when it goes away, the call ends; the call knows this node's id, so it also ends
/// when this node stops refreshing its registrations (its process died without running any disconnect).
/// </summary>
public sealed partial class ConferenceHub
{
    /// <summary>Longest end-to-end key share accepted (a base64 P-256 public key is 88 characters).</summary>
    private const int MaxPublicKeyLength = 512;

    private const string CallItem = "call";

    /// <summary>Calls <paramref name="callee"/>; resolves with the call (ringing, or already busy/unreachable).</summary>
    public async Task<CallDto> Call(string callee, CallRequestDto request)
    {
        HubValidation.Address("callee", callee);
        if (request is null) throw HubErrors.Invalid("request", "is missing");
        if (request.MaxBitrate is < 0 or > 100_000) throw HubErrors.Invalid("maxBitrate", "must be 0..100000 kbps");
        PublicKey(request.PublicKey);
        if (callee == Address) throw HubErrors.Invalid("callee", "is yourself");
        if (CurrentCall() is { } current && await CallGrain(current).GetAsync() is { IsLive: true })
        {
            throw HubErrors.Error(HubErrors.Conflict, "this connection is in a call");
        }
        var id = Guid.NewGuid().ToString("N");
        var result = await CallGrain(id).StartAsync(new CallRequest(Address, callee, request.Video, request.MaxBitrate, request.PublicKey, gateway.Id));
        ThrowIfFailed(result);
        if (result.Call!.IsLive) Context.Items[CallItem] = id;
        return result.Call.ToDto();
    }

    /// <summary>Answers a ringing call (callee only); <paramref name="publicKey"/> goes to the caller as is.</summary>
    public async Task<CallDto> AnswerCall(string callId, string? publicKey)
    {
        CallId(callId);
        PublicKey(publicKey);
        var result = await CallGrain(callId).AnswerAsync(Address, publicKey, gateway.Id);
        ThrowIfFailed(result);
        Context.Items[CallItem] = callId;
        return result.Call!.ToDto();
    }

    /// <summary>Ends a call: declines it (callee, while ringing), cancels it (caller) or hangs up.</summary>
    public async Task<CallDto> HangupCall(string callId)
    {
        CallId(callId);
        var result = await CallGrain(callId).HangupAsync(Address, "hangup");
        ThrowIfFailed(result);
        if (CurrentCall() == callId) Context.Items.Remove(CallItem);
        return result.Call!.ToDto();
    }

    /// <summary>Mutes or unmutes your audio/video in a call; the peer gets OnCall(mute).</summary>
    public async Task<CallDto> MuteCall(string callId, bool audioMuted, bool videoMuted)
    {
        CallId(callId);
        var result = await CallGrain(callId).MuteAsync(Address, audioMuted, videoMuted);
        ThrowIfFailed(result);
        return result.Call!.ToDto();
    }

    /// <summary>Publishes your media in a call (SDP offer, sendonly); resolves with the relay's answer SDP.</summary>
    public async Task<string> PublishCall(string callId, string sdp)
    {
        CallId(callId);
        if (sdp is null) throw HubErrors.Invalid("sdp", "is missing");
        HubValidation.Sdp(sdp);
        var result = await CallGrain(callId).PublishAsync(Address, sdp);
        ThrowIfFailed(result);
        return result.AnswerSdp!;
    }

    /// <summary>Receives the peer's media in an answered call (SDP offer, recvonly); resolves with the answer SDP.</summary>
    public async Task<string> SubscribeCall(string callId, bool audio, bool video, string sdp)
    {
        CallId(callId);
        if (sdp is null) throw HubErrors.Invalid("sdp", "is missing");
        HubValidation.Sdp(sdp);
        if (!audio && !video) throw HubErrors.Invalid("audio/video", "at least one must be true");
        var result = await CallGrain(callId).SubscribeAsync(Address, audio, video, sdp);
        ThrowIfFailed(result);
        return result.AnswerSdp!;
    }

    /// <summary>Your live call (ringing or answered), or null.</summary>
    public async Task<CallDto?> GetActiveCall()
    {
        var id = await grains.GetGrain<IUserGrain>(Address).GetActiveCallAsync();
        if (id is null) return null;
        var call = await CallGrain(id).GetAsync();
        return call is { IsLive: true } ? call.ToDto() : null;
    }

    /// <summary>The connection that is in a call went away: the call ends for both.</summary>
    private async Task HangUpOnDisconnectAsync()
    {
        if (CurrentCall() is { } id) await CallGrain(id).HangupAsync(Address, "disconnected");
    }

    /// <summary>Call errors: a conflict with the call's state is <c>conflict</c>; the rest as for groups.</summary>
    private static void ThrowIfFailed(CallResult result)
    {
        if (result.Status == GroupStatus.Conflict) throw HubErrors.Error(HubErrors.Conflict, result.Error ?? "conflict");
        HubErrors.ThrowIfFailed(result.Status, result.Error);
    }

    private string? CurrentCall() => Context.Items.TryGetValue(CallItem, out var value) ? value as string : null;

    private ICallGrain CallGrain(string id) => grains.GetGrain<ICallGrain>(id);

    private static void CallId(string? callId)
    {
        if (callId is null || callId.Length != 32 || !Guid.TryParseExact(callId, "N", out _)) throw HubErrors.Invalid("callId", "must be 32 hex digits");
    }

    private static void PublicKey(string? key)
    {
        if (key is not null && (key.Length == 0 || key.Length > MaxPublicKeyLength)) throw HubErrors.Invalid("publicKey", $"must be 1 to {MaxPublicKeyLength} characters");
    }
}
