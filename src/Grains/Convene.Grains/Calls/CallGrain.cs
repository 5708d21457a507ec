using System.Text.Json.Nodes;
using Convene.Grains.Groups;
using Convene.Grains.Rooms;
using Convene.Grains.Users;
using Convene.Grains.Webhooks;
using Convene.Media.Relay;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Placement;

namespace Convene.Grains.Calls;

/// <summary>
/// A one-to-one call; see <see cref="ICallGrain"/>. Immovable: its media relay lives in this silo's process.
/// Nothing is persisted: a live call is as volatile as a group's live call, and the record of an ended call is kept
/// in the activation for <see cref="CallOptions.RecordRetention"/> (and handed to <see cref="OnEnded"/>, the one place
/// where an ended call is reported, e.g. to webhooks).
/// </summary>
[Immovable]
public sealed partial class CallGrain(
    TimeProvider time,
    IOptions<CallOptions> options,
    IOptions<GatewayRegistrationOptions> registration,
    ILogger<CallGrain> logger,
    IMediaRelay? relay = null) : Grain, ICallGrain
{
    private CallInfo? _call;
    private CallMedia _media = null!;
    private CallLiveness _liveness = null!;
    private RoomMediaSettings _settings = new();
    private IGrainTimer? _ringTimer;
    private readonly HashSet<string> _published = new(StringComparer.Ordinal);

    private string Id => this.GetPrimaryKeyString();

    private DateTimeOffset Now => time.GetUtcNow();

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _media = new CallMedia(relay, "call:" + Id, this.AsReference<ICallGrain>(), logger);
        _liveness = new CallLiveness(this, GrainFactory, Id, options.Value, registration.Value.Expiry, logger,
            (party, reason) => HangupAsync(party, reason));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // A live call cannot move (its media is here): it ends, and both parties are told.
        if (_call is { IsLive: true }) await EndAsync(CallState.Hangup, null, "disconnected", keepRecord: false);
        _media?.Close();
    }

    /// <inheritdoc />
    public async Task<CallResult> StartAsync(CallRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_call is not null) return CallResult.Fail(GroupStatus.Conflict, "this call id is in use");
        if (Limits.CheckAddress(request.Callee) is { } why) return CallResult.Fail(GroupStatus.Invalid, $"callee {why}");
        if (request.Callee == request.Caller) return CallResult.Fail(GroupStatus.Invalid, "you cannot call yourself");
        if (request.MaxBitrateKbps < 0) return CallResult.Fail(GroupStatus.Invalid, "maxBitrate must not be negative");
        var callerGrain = User(request.Caller);
        var calleeGrain = User(request.Callee);
        var caller = await callerGrain.GetAsync();
        if (caller is null) return CallResult.Fail(GroupStatus.NotFound, $"no user '{request.Caller}'");
        if (await calleeGrain.GetAsync() is null) return CallResult.Fail(GroupStatus.NotFound, $"no user '{request.Callee}'");
        var policy = options.Value.Policy;
        var denied = policy == CallPolicy.AnyUser
            ? null
            : CallAccess.Check(policy, await callerGrain.GetGroupsAsync(), await calleeGrain.GetGroupsAsync());
        if (denied is not null) return CallResult.Fail(GroupStatus.Forbidden, denied);
        if (!await callerGrain.BeginCallAsync(Id)) return CallResult.Fail(GroupStatus.Conflict, "you are in another call");

        var bitrate = request.MaxBitrateKbps > 0 ? request.MaxBitrateKbps : options.Value.DefaultMaxBitrateKbps;
        // VP8 only: end-to-end encryption leaves the VP8 payload header clear for the relay's keyframe detection.
        _settings = new RoomMediaSettings(Audio: true, Video: request.Video, MaxBitrateKbps: bitrate, VideoCodecs: "vp8");
        _call = new CallInfo(Id, request.Caller, caller.Name, request.Callee, request.Video, CallState.Ringing, Now);
        LogStarted(logger, Id, request.Caller, request.Callee, request.Video);
        Webhooks?.Publish(WebhookRooms.Call(Id), WebhookEventTypes.CallStarted, new JsonObject
        {
            ["callId"] = Id, ["caller"] = request.Caller, ["callee"] = request.Callee, ["video"] = request.Video,
        });
        var offer = await calleeGrain.OfferCallAsync(new CallEvent(request.Callee, CallEventKind.Incoming, _call, request.PublicKey));
        if (offer != CallOfferResult.Ringing)
        {
            await EndAsync(offer == CallOfferResult.Busy ? CallState.Busy : CallState.Unreachable, null,
                offer == CallOfferResult.Busy ? "busy" : "unreachable", notifyCaller: false);
            return new CallResult(GroupStatus.Ok, null, _call);
        }
        _ringTimer = this.RegisterGrainTimer(RingTimeoutAsync, new GrainTimerCreationOptions(options.Value.RingTimeout, Timeout.InfiniteTimeSpan));
        _liveness.WatchGateway(request.Caller, request.Gateway);
        // Media flows through the relay, not through grain calls: a live call must not be collected as idle.
        DelayDeactivation(TimeSpan.FromDays(1));
        return new CallResult(GroupStatus.Ok, null, _call);
    }

    /// <inheritdoc />
    public async Task<CallResult> AnswerAsync(string address, string? publicKey, string? gateway = null)
    {
        if (Refuse(address) is { } refused) return refused;
        if (address != _call!.Callee) return CallResult.Fail(GroupStatus.Forbidden, "only the callee answers");
        if (_call.State != CallState.Ringing) return CallResult.Fail(GroupStatus.Conflict, $"the call is {Name(_call.State)}");
        StopRinging();
        _call = _call with { State = CallState.Answered, AnsweredAt = Now };
        LogAnswered(logger, Id);
        _liveness.WatchGateway(address, gateway);
        _liveness.Answered(_call.Caller, _call.Callee);
        await User(_call.Caller).NotifyCallAsync(new CallEvent(_call.Caller, CallEventKind.Status, _call, publicKey));
        // The callee's other connections learn that this call was taken.
        await User(_call.Callee).NotifyCallAsync(new CallEvent(_call.Callee, CallEventKind.Status, _call));
        if (_published.Contains(_call.Caller))
        {
            await User(_call.Callee).NotifyCallAsync(new CallEvent(_call.Callee, CallEventKind.Published, _call));
        }
        return new CallResult(GroupStatus.Ok, null, _call);
    }

    /// <inheritdoc />
    public async Task<CallResult> HangupAsync(string address, string reason)
    {
        if (_call is null) return CallResult.Fail(GroupStatus.NotFound, "no such call");
        if (address != _call.Caller && address != _call.Callee) return CallResult.Fail(GroupStatus.Forbidden, "not your call");
        if (!_call.IsLive) return new CallResult(GroupStatus.Ok, null, _call);
        var ringingCallee = _call.State == CallState.Ringing && address == _call.Callee;
        if (ringingCallee && reason == "disconnected")
        {
            await EndAsync(CallState.Unreachable, address, "unreachable"); // the callee went offline while it rang
            return new CallResult(GroupStatus.Ok, null, _call);
        }

        var declined = ringingCallee && reason == "hangup";
        await EndAsync(declined ? CallState.Declined : CallState.Hangup, address, declined ? "declined" : reason);
        return new CallResult(GroupStatus.Ok, null, _call);
    }

    /// <inheritdoc />
    public async Task<CallResult> MuteAsync(string address, bool audioMuted, bool videoMuted)
    {
        if (Refuse(address) is { } refused) return refused;
        _media.SetMuted(address, audioMuted, videoMuted);
        var peer = _call!.PeerOf(address);
        await User(peer).NotifyCallAsync(new CallEvent(peer, CallEventKind.Mute, _call, null, audioMuted, videoMuted));
        return new CallResult(GroupStatus.Ok, null, _call);
    }

    /// <inheritdoc />
    public async Task<CallResult> PublishAsync(string address, string offerSdp)
    {
        if (Refuse(address) is { } refused) return refused;
        if (_call!.State == CallState.Ringing && address != _call.Caller) return CallResult.Fail(GroupStatus.Conflict, "answer the call first");
        var answer = _media.Publish(address, offerSdp, _settings, out var error);
        if (answer is null) return CallResult.Fail(GroupStatus.Invalid, error ?? "the offer was refused");
        _liveness.OnNegotiated(address, address);
        _published.Add(address);
        if (_call.State == CallState.Answered)
        {
            var peer = _call.PeerOf(address);
            await User(peer).NotifyCallAsync(new CallEvent(peer, CallEventKind.Published, _call));
        }
        return new CallResult(GroupStatus.Ok, null, _call, answer);
    }

    /// <inheritdoc />
    public Task<CallResult> SubscribeAsync(string address, bool audio, bool video, string offerSdp)
    {
        if (Refuse(address) is { } refused) return Task.FromResult(refused);
        if (_call!.State != CallState.Answered) return Task.FromResult(CallResult.Fail(GroupStatus.Conflict, "the call is not answered"));
        var peer = _call.PeerOf(address);
        if (!_published.Contains(peer)) return Task.FromResult(CallResult.Fail(GroupStatus.NotFound, "the peer has not published yet"));
        var answer = _media.Subscribe(address, peer, audio, video && _call.Video, offerSdp, _settings, out var error);
        if (answer is not null) _liveness.OnNegotiated(address, peer);
        return Task.FromResult(answer is null
            ? CallResult.Fail(GroupStatus.Invalid, error ?? "the offer was refused")
            : new CallResult(GroupStatus.Ok, null, _call, answer));
    }

    /// <inheritdoc />
    public Task OnMediaConnectedAsync(string address, string streamKey, bool connected)
    {
        if (_call is { IsLive: true } call && (address == call.Caller || address == call.Callee))
        {
            _liveness.OnMediaConnected(address, streamKey, connected);
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<CallInfo?> GetAsync() => Task.FromResult(_call);

    /// <summary>Refuses an operation on a call that does not exist, is not the caller's, or has ended.</summary>
    private CallResult? Refuse(string address) =>
        _call is null ? CallResult.Fail(GroupStatus.NotFound, "no such call")
        : address != _call.Caller && address != _call.Callee ? CallResult.Fail(GroupStatus.Forbidden, "not your call")
        : !_call.IsLive ? CallResult.Fail(GroupStatus.Conflict, $"the call ended ({_call.Reason})")
        : null;

    private async Task RingTimeoutAsync(CancellationToken cancellationToken)
    {
        if (_call is { State: CallState.Ringing }) await EndAsync(CallState.NoAnswer, null, "noanswer");
    }

    /// <summary>Ends the live call: media closes, both users are free again and told (the caller unless it learns it from the result).</summary>
    private async Task EndAsync(CallState state, string? by, string reason, bool notifyCaller = true, bool keepRecord = true)
    {
        var wasRinging = _call!.State == CallState.Ringing;
        StopRinging();
        _liveness.Stop();
        _media.Close();
        _call = _call with { State = state, EndedAt = Now, EndedBy = by, Reason = reason };
        var (caller, callee) = (User(_call.Caller), User(_call.Callee));
        await caller.EndCallAsync(Id);
        await callee.EndCallAsync(Id);
        var offered = state is not (CallState.Busy or CallState.Unreachable);
        if (notifyCaller)
        {
            if (state is CallState.Declined or CallState.NoAnswer)
            {
                await caller.NotifyCallAsync(new CallEvent(_call.Caller, CallEventKind.Status, _call));
            }
            await caller.NotifyCallAsync(new CallEvent(_call.Caller, CallEventKind.Hangup, _call));
        }
        if (offered)
        {
            await callee.NotifyCallAsync(new CallEvent(_call.Callee, CallEventKind.Hangup, _call));
            // Rang and nobody took it: the callee missed a call (not when the callee declined it).
            if (wasRinging && state != CallState.Declined)
            {
                await callee.NotifyCallAsync(new CallEvent(_call.Callee, CallEventKind.Missed, _call));
            }
        }
        OnEnded(_call);
        if (keepRecord) DelayDeactivation(options.Value.RecordRetention);
    }

    /// <summary>The one place an ended call is reported: its record, with times, state, who ended it and why.</summary>
    private void OnEnded(CallInfo call)
    {
        double seconds = (call.EndedAt - call.AnsweredAt)?.TotalSeconds ?? 0;
        LogEnded(logger, call.Id, Name(call.State), call.Reason ?? "", call.EndedBy ?? "", seconds);
        Webhooks?.Publish(WebhookRooms.Call(call.Id), WebhookEventTypes.CallEnded, new JsonObject
        {
            ["callId"] = call.Id, ["caller"] = call.Caller, ["callee"] = call.Callee, ["video"] = call.Video,
            ["state"] = Name(call.State), ["reason"] = call.Reason, ["endedBy"] = call.EndedBy,
            ["answered"] = call.AnsweredAt is not null, ["durationSeconds"] = Math.Round(seconds, 3),
        });
    }

    private IWebhookPublisher? Webhooks => ServiceProvider.GetService(typeof(IWebhookPublisher)) as IWebhookPublisher;

    private void StopRinging()
    {
        _ringTimer?.Dispose();
        _ringTimer = null;
    }

    private IUserGrain User(string address) => GrainFactory.GetGrain<IUserGrain>(address);

    /// <summary>The state's name in the spec's vocabulary (lower case), as clients see it.</summary>
    public static string Name(CallState state) => state.ToString().ToLowerInvariant();

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {Call}: {Caller} calls {Callee} (video {Video})")]
    private static partial void LogStarted(ILogger logger, string call, string caller, string callee, bool video);

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {Call} answered")]
    private static partial void LogAnswered(ILogger logger, string call);

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {Call} ended: {State} ({Reason}) by '{By}' after {Seconds} s answered")]
    private static partial void LogEnded(ILogger logger, string call, string state, string reason, string by, double seconds);
}
