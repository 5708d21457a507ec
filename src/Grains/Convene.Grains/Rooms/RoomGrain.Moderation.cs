using Convene.Grains.Groups;
using Convene.Grains.Permissions;
using Convene.Grains.Streams;

namespace Convene.Grains.Rooms;

/// <summary>
/// Moderation of the live call (mute others, remove from the call, end the call), raised hands, members' own media
/// limits and the call's maximum duration. Every moderation call is decided by the permission function against the
/// caller's admin rights; the state is in <see cref="CallModeration"/>.
/// </summary>
public sealed partial class RoomGrain
{
    private readonly CallModeration _moderation = new();

    /// <inheritdoc />
    public async Task<GroupResult> MuteAsync(RoomCaller caller, string target, int? streamId, bool audio, bool video)
    {
        if (Moderator(caller, Operation.ModerateCall) is { } refused)
        {
            return refused;
        }
        var streams = _streams.Values.Where(s => s.Info.Address == target && (streamId is null || s.Info.StreamId == streamId)).ToList();
        if (streams.Count == 0)
        {
            return new GroupResult(GroupStatus.NotFound, Gid, streamId is null ? $"{target} publishes nothing in this call" : $"{target} is not publishing stream {streamId}");
        }
        foreach (var stream in streams)
        {
            await ModeratorMuteAsync(stream, audio, video, caller.Address);
        }
        return new GroupResult(GroupStatus.Ok, Gid);
    }

    /// <inheritdoc />
    public async Task<GroupResult> MuteAllAsync(RoomCaller caller, bool audio, bool video)
    {
        if (Moderator(caller, Operation.ModerateCall) is { } refused)
        {
            return refused;
        }
        foreach (var stream in _streams.Values.Where(s => s.Info.Address != caller.Address).ToList())
        {
            await ModeratorMuteAsync(stream, audio, video, caller.Address);
        }
        return new GroupResult(GroupStatus.Ok, Gid);
    }

    /// <inheritdoc />
    public async Task<GroupResult> RemoveFromCallAsync(RoomCaller caller, string target)
    {
        if (Moderator(caller, Operation.RemoveFromCall) is { } refused)
        {
            return refused;
        }
        if (target == caller.Address)
        {
            return new GroupResult(GroupStatus.Invalid, Gid, "you cannot remove yourself: leave the call instead");
        }
        if (_group.MemberOf(target) is { } member && (member.Admin & AdminRights.Owner) != 0
            && _group.Refuse(Actor.User(caller.Address), Operation.RemoveOwners, Now) is { } owner)
        {
            return new GroupResult(owner.Status, Gid, $"{target} is an owner: {owner.Error}");
        }
        if (!_connections.IsOnline(target))
        {
            return new GroupResult(GroupStatus.NotFound, Gid, $"{target} is not in this call");
        }
        await EndCallOfAsync([target], "removed", caller.Address);
        return new GroupResult(GroupStatus.Ok, Gid);
    }

    /// <inheritdoc />
    public async Task<GroupResult> EndCallAsync(RoomCaller caller)
    {
        if (Moderator(caller, Operation.ModerateCall) is { } refused)
        {
            return refused;
        }
        await EndCallOfAsync([.. _connections.Online], "ended", caller.Address);
        return new GroupResult(GroupStatus.Ok, Gid);
    }

    /// <inheritdoc />
    public async Task<GroupResult> RaiseHandAsync(RoomCaller caller, bool raised)
    {
        var (connection, status, error) = Admit(caller);
        if (connection is null)
        {
            return new GroupResult(status, Gid, error);
        }
        if (_moderation.SetHand(caller.Address, raised))
        {
            await SendHandAsync(caller.Address, raised);
        }
        return new GroupResult(GroupStatus.Ok, Gid);
    }

    /// <inheritdoc />
    public Task<GroupQuery<string[]>> GetRaisedHandsAsync(Actor actor) => Task.FromResult(
        _group.Refuse(actor, Operation.ListParticipants, Now) is { } refused
            ? GroupQuery<string[]>.Fail(refused.Status, refused.Error)
            : new GroupQuery<string[]>(GroupStatus.Ok, _moderation.Hands));

    /// <inheritdoc />
    public Task<GroupQuery<MemberAccess>> GetAccessAsync(RoomCaller caller)
    {
        var (connection, status, error) = Admit(caller);
        return Task.FromResult(connection is null
            ? GroupQuery<MemberAccess>.Fail(status, error ?? "you are not in this call")
            : new GroupQuery<MemberAccess>(GroupStatus.Ok, _group.AccessOf(caller.Address, Now)));
    }

    /// <summary>The caller's connection is in the call and the permission function allows <paramref name="operation"/>; else why not.</summary>
    private GroupResult? Moderator(RoomCaller caller, Operation operation)
    {
        var (connection, status, error) = Admit(caller);
        if (connection is null)
        {
            return new GroupResult(status, Gid, error);
        }
        return _group.Refuse(Actor.User(caller.Address), operation, Now) is { } refused
            ? new GroupResult(refused.Status, Gid, refused.Error)
            : null;
    }

    /// <summary>Mutes what a moderator asked (never unmutes): subscribers get OnMute, the publisher OnModeratorMute.</summary>
    private async Task ModeratorMuteAsync(LiveStream stream, bool audio, bool video, string by)
    {
        var info = stream.Info;
        var audioMuted = info.AudioMuted || (audio && info.Audio);
        var videoMuted = info.VideoMuted || (video && info.Video);
        if (audioMuted == info.AudioMuted && videoMuted == info.VideoMuted)
        {
            return;
        }
        _media.SetMuted(info.Key, audioMuted, videoMuted);
        stream.Info = info with { AudioMuted = audioMuted, VideoMuted = videoMuted };
        await SendStreamEventAsync(stream.Subscribers.Keys, new StreamEvent(StreamEventKind.Mute, [], stream.Info, true));
        await SendAsync([info.Address], (o, r, n) => o.OnCallControlAsync(new CallControlEvent(Gid, CallControlKind.ModeratorMute, r, By: by, Stream: stream.Info), n));
    }

    /// <summary>
    /// Ends the call of <paramref name="addresses"/>: they are told first (OnCallEnded, while their gateways still route
    /// them), then their streams and subscriptions end and their connections are kept out until they join again.
    /// </summary>
    private async Task EndCallOfAsync(IReadOnlyCollection<string> addresses, string reason, string? by)
    {
        await SendAsync(addresses, (o, r, n) => o.OnCallControlAsync(new CallControlEvent(Gid, CallControlKind.CallEnded, r, By: by, Reason: reason), n));
        foreach (var connection in addresses.SelectMany(_connections.Of).ToList())
        {
            _moderation.Ended(connection.Id);
            await RemoveConnectionAsync(connection, reason);
        }
    }

    /// <summary>The user's last connection left the call: their hand goes down.</summary>
    private async Task LowerHandAsync(string address)
    {
        if (_moderation.SetHand(address, false))
        {
            await SendHandAsync(address, false);
        }
    }

    private Task SendHandAsync(string address, bool raised)
    {
        var recipients = _connections.Online.Where(a => a == address || _group.Can(a, Operation.ListParticipants, Now)).ToList();
        return SendAsync(recipients, (o, r, n) => o.OnCallControlAsync(new CallControlEvent(Gid, CallControlKind.Hand, r, address, raised), n));
    }

    /// <summary>Why a member may not publish <paramref name="stream"/>'s media under their own call settings, or null.</summary>
    private string? MemberMediaRefusal(StreamInfo stream)
    {
        var limits = _group.AccessOf(stream.Address, Now).Limits;
        return stream.Audio && !limits.Audio ? "your call settings do not allow you to publish audio"
            : stream.Video && !limits.Video ? "your call settings do not allow you to publish video"
            : null;
    }

    /// <summary>
    /// After the group's record changed: members' limits go to the relay, streams carrying media their publisher may no
    /// longer send end, and the maximum-duration timer follows <c>call.maxdur</c>.
    /// </summary>
    private async Task ApplyCallSettingsAsync(string[]? touched)
    {
        var removed = new List<string>();
        foreach (var address in (touched ?? _connections.Online.ToArray()).Where(_connections.IsOnline).ToList())
        {
            var access = _group.AccessOf(address, Now);
            _media.SetLimits(address, access.Limits);
            if (!Admissible(access))
            {
                removed.Add(address);
                continue;
            }
            if (!access.CanSubscribe)
            {
                foreach (var connection in _connections.Of(address).ToList())
                {
                    foreach (var key in connection.Subscriptions.ToList())
                    {
                        await RemoveSubscriberAsync(connection, key);
                    }
                }
            }
        }
        if (removed.Count > 0)
        {
            // No longer a member and nothing the group lets non-members do: out of the call.
            await EndCallOfAsync(removed, "removed", null);
        }
        foreach (var stream in _streams.Values.Where(s => MemberMediaRefusal(s.Info) is not null).ToList())
        {
            await EndStreamAsync(stream, "media not allowed");
        }
        ScheduleMaxDuration();
    }

    /// <summary>Whether a user with <paramref name="access"/> may be in the call (a join's check).</summary>
    private static bool Admissible(MemberAccess access) =>
        access.IsMember || access.CanSubscribe || access.CanList || access.CanSend || access.CanReceive || access.CanPublish;

    /// <summary>A connection came in: the call starts with the first one, and the maximum duration counts from then.</summary>
    private void CallStarted()
    {
        if (_moderation.StartedAt is null)
        {
            _moderation.Start(Now);
            ScheduleMaxDuration();
        }
    }

    /// <summary>(Re)arms the timer that ends the call <c>call.maxdur</c> seconds after it started (0: unlimited).</summary>
    private void ScheduleMaxDuration()
    {
        var max = _group.Settings.Call.MaxDuration;
        if (max <= 0 || _moderation.StartedAt is not { } started)
        {
            _moderation.SetTimer(null);
            return;
        }
        var due = started + TimeSpan.FromSeconds(max) - Now;
        _moderation.SetTimer(this.RegisterGrainTimer(
            _ => EndCallOfAsync([.. _connections.Online], "maxdur", null), due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan));
    }
}
