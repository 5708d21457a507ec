using System.Security.Claims;
using Convene.Gateway.Notifications;
using Convene.Grains.Chat;
using Convene.Grains.Groups;
using Convene.Grains.Rooms;
using Convene.Grains.Permissions;
using Convene.Grains.Streams;
using Convene.Grains.Users;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Convene.Gateway.Hubs;

/// <summary>
/// The conference hub at <c>/hub</c>: the spec's client calls. Thin: validate, call a grain, answer.
/// Every decision is the group grain's permission function; the connection's identity is the address
/// its access token belongs to.
/// </summary>
[Authorize(AuthenticationSchemes = Auth.AccessTokenAuthenticationHandler.SchemeName)]
public sealed partial class ConferenceHub(IGrainFactory grains, GatewayNode gateway, ConnectionCounter connections, ILogger<ConferenceHub> logger) : Hub<IConferenceClient>
{
    private string Address => Context.User!.FindFirstValue(ClaimTypes.NameIdentifier)!;

    /// <inheritdoc />
    public override async Task OnConnectedAsync()
    {
        connections.Add(Address, Context);
        // Events reach a user's connections through its group here (see UserChannel); SignalR drops it at disconnect.
        await Groups.AddToGroupAsync(Context.ConnectionId, UserChannel.Of(Address));
        var missed = await grains.GetGrain<IUserGrain>(Address).ConnectAsync(gateway.Id, gateway.UserObserver);
        foreach (var message in missed) await Clients.Caller.OnMessage(message.ToDto());
        await base.OnConnectedAsync();
    }

    /// <inheritdoc />
    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        var reason = exception is null ? "left" : "disconnected";
        // Each clean-up step is tried even if another fails: a stuck room must not keep the user online elsewhere.
        foreach (var gid in JoinedGroups())
        {
            gateway.Left(gid, Context.ConnectionId);
            await CleanUpAsync(() => Room(gid).LeaveAsync(gateway.Id, Context.ConnectionId, reason), $"leaving group {gid}");
        }
        await CleanUpAsync(HangUpOnDisconnectAsync, "ending its call");
        // One-to-one delivery stops when the user's last connection to this node is gone.
        if (connections.Remove(Address, Context.ConnectionId) == 0)
        {
            await CleanUpAsync(() => grains.GetGrain<IUserGrain>(Address).DisconnectAsync(gateway.Id), "going offline");
        }
        await base.OnDisconnectedAsync(exception);
    }

    /// <summary>Who this connection is.</summary>
    public async Task<HelloResult> Hello()
    {
        var user = await grains.GetGrain<IUserGrain>(Address).GetAsync();
        return new HelloResult(Address, user?.Name ?? Address);
    }

    /// <summary>Joins a group call: what you may do, the publishers (if you may list) and the messages you missed.</summary>
    public async Task<JoinResult> JoinGroup(long gid)
    {
        HubValidation.Gid(gid);
        // Recorded before the call: a refresh of this node's registration that runs meanwhile must already report
        // this connection, or the room would drop it again (and it would miss the room's events until the next one).
        gateway.Joined(gid, Context.ConnectionId, Address);
        RoomJoin joined;
        try
        {
            joined = await RoomCallAsync(gid, room => room.JoinAsync(Caller(gid)));
        }
        catch
        {
            if (!JoinedGroups().Contains(gid)) gateway.Left(gid, Context.ConnectionId);
            throw;
        }
        if (!joined.IsOk && !JoinedGroups().Contains(gid)) gateway.Left(gid, Context.ConnectionId);
        HubErrors.ThrowIfFailed(joined.Status, joined.Error);
        JoinedGroups().Add(gid);
        var a = joined.Access!;
        var settings = joined.Settings!;
        var (maxWidth, maxHeight) = (a.Limits.MaxWidth, a.Limits.MaxHeight); // the room's size, tightened by the member's
        return new JoinResult(
            gid, settings.Name, (int)settings.Flags, a.CanSend, a.CanReceive, a.CanPublish, a.CanSubscribe, a.CanList,
            a.Call.Audio, a.Call.Video, a.Call.ScreenSharing, maxWidth, maxHeight, a.Limits.MaxBitrateKbps,
            [.. joined.Publishers.Select(p => p.ToDto())], [.. joined.Missed.Select(m => m.ToDto())], a.Call.Simulcast)
        { Limits = a.Limits.ToDto(), RaisedHands = joined.RaisedHands, Admin = ModerationDtoMapper.Names(a.Admin) };
    }

    /// <summary>Leaves a group call: your streams end and your subscriptions go.</summary>
    public async Task LeaveGroup(long gid)
    {
        HubValidation.Gid(gid);
        if (!JoinedGroups().Remove(gid)) return;
        gateway.Left(gid, Context.ConnectionId);
        await RoomCallAsync(gid, room => room.LeaveAsync(gateway.Id, Context.ConnectionId, "left"));
    }

    /// <summary>The streams being published in the group (list permission).</summary>
    public async Task<IReadOnlyList<ParticipantDto>> ListPublishers(long gid)
    {
        HubValidation.Gid(gid);
        var list = await RoomCallAsync(gid, room => room.GetPublishersAsync(Actor.User(Address)));
        HubErrors.ThrowIfFailed(list.Status, list.Error);
        return [.. list.Value!.Select(p => p.ToDto())];
    }

    /// <summary>Publishes a stream (publish permission); with an SDP offer, answers the relay's SDP.</summary>
    public async Task<MediaAnswer> Publish(long gid, PublishRequest request)
    {
        HubValidation.Gid(gid);
        if (request is null) throw HubErrors.Invalid("request", "is missing");
        HubValidation.StreamId(request.StreamId);
        HubValidation.Sdp(request.Sdp);
        var source = HubValidation.Source(request.Source, request.StreamId);
        var name = HubValidation.Name(request.Name, Address);
        if (!request.Audio && !request.Video) throw HubErrors.Invalid("audio/video", "at least one must be true");
        RequireJoined(gid);
        var stream = new StreamInfo(gid, Address, request.StreamId, name, source, request.Audio, request.Video);
        var result = await RoomCallAsync(gid, room => room.PublishAsync(Caller(gid), stream, request.Sdp));
        HubErrors.ThrowIfFailed(result.Status, result.Error);
        return new MediaAnswer(result.AnswerSdp, result.Stream!.ToDto()) { Limits = result.Limits?.ToDto() };
    }

    /// <summary>Stops publishing a stream; its subscribers get OnHangup.</summary>
    public async Task Unpublish(long gid, int streamId)
    {
        HubValidation.Gid(gid);
        HubValidation.StreamId(streamId);
        RequireJoined(gid);
        await RoomCallAsync(gid, room => room.UnpublishAsync(Caller(gid), streamId));
    }

    /// <summary>Subscribes to a publisher's stream (subscribe permission); with an SDP offer, answers the relay's SDP.</summary>
    public async Task<MediaAnswer> Subscribe(long gid, SubscribeRequest request)
    {
        HubValidation.Gid(gid);
        if (request is null) throw HubErrors.Invalid("request", "is missing");
        HubValidation.Address("publisher", request.Publisher);
        HubValidation.StreamId(request.StreamId);
        HubValidation.Sdp(request.Sdp);
        if (!request.Audio && !request.Video) throw HubErrors.Invalid("audio/video", "at least one must be true");
        RequireJoined(gid);
        var result = await RoomCallAsync(gid, room => room.SubscribeAsync(Caller(gid), request.Publisher, request.StreamId, request.Audio, request.Video, request.Sdp));
        HubErrors.ThrowIfFailed(result.Status, result.Error);
        return new MediaAnswer(result.AnswerSdp, result.Stream!.ToDto());
    }

    /// <summary>Stops receiving a stream; its publisher gets OnSubscriber(false).</summary>
    public async Task Unsubscribe(long gid, string publisher, int streamId)
    {
        HubValidation.Gid(gid);
        HubValidation.Address("publisher", publisher);
        HubValidation.StreamId(streamId);
        RequireJoined(gid);
        await RoomCallAsync(gid, room => room.UnsubscribeAsync(Caller(gid), publisher, streamId));
    }

    /// <summary>Sets the mute state of one of your streams; its subscribers get OnMute.</summary>
    public async Task<ParticipantDto> SetMute(long gid, int streamId, bool audioMuted, bool videoMuted)
    {
        HubValidation.Gid(gid);
        HubValidation.StreamId(streamId);
        RequireJoined(gid);
        var result = await RoomCallAsync(gid, room => room.SetMuteAsync(Caller(gid), streamId, audioMuted, videoMuted));
        HubErrors.ThrowIfFailed(result.Status, result.Error);
        return result.Stream!.ToDto();
    }

    /// <summary>Sends a group message (send permission); resolves with its id.</summary>
    public async Task<long> SendGroupMessage(long gid, string text, int? type)
    {
        HubValidation.Gid(gid);
        HubValidation.Text(text);
        if (type is < 0) throw HubErrors.Invalid("type", "must not be negative");
        var result = await Room(gid).SendMessageAsync(Actor.User(Address), new OutgoingMessage(type ?? 0, text));
        HubErrors.ThrowIfFailed(result.Status, result.Error);
        return result.Message!.Id;
    }

    /// <summary>Sends a one-to-one message; resolves with its id.</summary>
    public async Task<long> SendMessage(string to, string text)
    {
        HubValidation.Address("to", to);
        HubValidation.Text(text);
        if (to == Address) throw HubErrors.Invalid("to", "is yourself");
        var recipient = await grains.GetGrain<IUserGrain>(to).GetAsync();
        if (recipient is null) throw HubErrors.Error(HubErrors.NotFound, $"no user '{to}'");
        var result = await grains.GetGrain<IConversationGrain>(ConversationKey.For(Address, to)).SendAsync(Address, new OutgoingMessage(0, text));
        HubErrors.ThrowIfFailed(result.Status, result.Error);
        return result.Message!.Id;
    }

    /// <summary>Stored group messages, newest first, older than <paramref name="beforeId"/> when given.</summary>
    public async Task<IReadOnlyList<MessageDto>> GetHistory(long gid, long? beforeId, int count)
    {
        HubValidation.Gid(gid);
        HubValidation.Count(count);
        var page = await RoomCallAsync(gid, room => room.GetHistoryAsync(Actor.User(Address), beforeId, count));
        HubErrors.ThrowIfFailed(page.Status, page.Error);
        return [.. page.Value!.Messages.Select(m => m.ToDto())];
    }

    /// <summary>Stored one-to-one messages with <paramref name="peer"/>, newest first.</summary>
    public async Task<IReadOnlyList<MessageDto>> GetDirectHistory(string peer, long? beforeId, int count)
    {
        HubValidation.Address("peer", peer);
        HubValidation.Count(count);
        var page = await grains.GetGrain<IConversationGrain>(ConversationKey.For(Address, peer)).GetHistoryAsync(Address, beforeId, count);
        HubErrors.ThrowIfFailed(page.Status, page.Error);
        return [.. page.Value!.Messages.Select(m => m.ToDto())];
    }

    private async Task CleanUpAsync(Func<Task> step, string what)
    {
        try
        {
            await step();
        }
        catch (Exception e) when (e is TimeoutException or SiloUnavailableException or OrleansMessageRejectionException or InvalidOperationException)
        {
            LogCleanUpFailed(logger, Context.ConnectionId, Address, what, e);
        }
    }

    private void RequireJoined(long gid)
    {
        if (!JoinedGroups().Contains(gid)) throw HubErrors.Error(HubErrors.BadRequest, $"join group {gid} first");
    }

    private RoomCaller Caller(long gid) => gateway.Caller(gid, Context.ConnectionId, Address);

    private HashSet<long> JoinedGroups()
    {
        // Per-connection bookkeeping lives in the connection's Items, not in the hub.
        if (Context.Items.TryGetValue(nameof(JoinedGroups), out var value) && value is HashSet<long> set) return set;
        var created = new HashSet<long>();
        Context.Items[nameof(JoinedGroups)] = created;
        return created;
    }

    private IRoomGrain Room(long gid) => grains.GetGrain<IRoomGrain>(gid);

    /// <summary>
    /// A call to a room, tried again (after 0.25, 0.5, 1, 2 s) while the silo it was routed to is going away: for a
    /// moment after a silo stops or dies, a call may still be sent there; the next one activates the room on a live
    /// silo. Not used for sending messages, which must not be sent twice.
    /// </summary>
    private static async Task<T> RoomCallAsync<T>(long gid, Func<IRoomGrain, Task<T>> call, IGrainFactory grains)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await call(grains.GetGrain<IRoomGrain>(gid));
            }
            catch (Exception e) when (e is SiloUnavailableException or OrleansMessageRejectionException && attempt < MovingRetries.Length)
            {
                await Task.Delay(MovingRetries[attempt]);
            }
        }
    }

    private Task<T> RoomCallAsync<T>(long gid, Func<IRoomGrain, Task<T>> call) => RoomCallAsync(gid, call, grains);

    private Task RoomCallAsync(long gid, Func<IRoomGrain, Task> call) =>
        RoomCallAsync(gid, async room => { await call(room); return true; }, grains);

    private static readonly TimeSpan[] MovingRetries =
        [TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)];

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connection {Connection} of {Address}: {What} failed")]
    private static partial void LogCleanUpFailed(ILogger logger, string connection, string address, string what, Exception error);
}
