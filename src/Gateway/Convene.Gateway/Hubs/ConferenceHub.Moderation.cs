using Convene.Gateway.Notifications;
using Convene.Grains;
using Convene.Grains.Groups;
using Convene.Grains.Permissions;
using Convene.Grains.Rooms;

namespace Convene.Gateway.Hubs;

/// <summary>
/// Moderation from the client: members (add, remove, permissions, media limits), muting others, removing from the
/// call, ending the call, raised hands. Each is decided by the permission function against the caller's admin rights
/// (docs/client-api.md, Moderation).
/// </summary>
public sealed partial class ConferenceHub
{
    /// <summary>Adds (or updates) or removes members as you (adduser / remuser admin rights), like groupeditmembers.</summary>
    public async Task EditMembers(long gid, MemberEditRequest request)
    {
        HubValidation.Gid(gid);
        if (request is null) throw HubErrors.Invalid("request", "is missing");
        if (request.Members is not { Count: > 0 }) throw HubErrors.Invalid("members", "is empty");
        if (request.Members.Count > Limits.MaxMembersPerRequest) throw HubErrors.Invalid("members", $"has more than {Limits.MaxMembersPerRequest} addresses");
        foreach (var address in request.Members) HubValidation.Address("members", address);
        var p = request.Permissions;
        var c = request.Call;
        var change = new MemberChange(
            [.. request.Members], request.Remove,
            p is null ? null : new MemberPermissionsChange(p.Send, p.Recv, p.Pub, p.Sub, p.List),
            Call: c is null ? null : new MemberCallChange(c.Default ?? false, c.Resolution, c.MaxHeight, c.Bitrate, c.Audio, c.Video));
        var result = await grains.GetGrain<IGroupGrain>(gid).EditMembersAsync(Actor.User(Address), change);
        HubErrors.ThrowIfFailed(result.Status, result.Error);
    }

    /// <summary>The group's members with their permissions, admin rights and call settings (members only).</summary>
    public async Task<IReadOnlyList<MemberDto>> ListMembers(long gid, int offset, int count)
    {
        HubValidation.Gid(gid);
        HubValidation.Count(count);
        if (offset < 0) throw HubErrors.Invalid("offset", "must not be negative");
        var page = await grains.GetGrain<IGroupGrain>(gid).GetMembersAsync(Actor.User(Address), offset, count);
        HubErrors.ThrowIfFailed(page.Status, page.Error);
        return [.. page.Value!.Members.Select(m => m.ToDto())];
    }

    /// <summary>Mutes another participant's audio and/or video (one stream, or all when streamId is null); modify right.</summary>
    public async Task MuteParticipant(long gid, string address, int? streamId, bool audio, bool video)
    {
        HubValidation.Gid(gid);
        HubValidation.Address("address", address);
        if (streamId is int id) HubValidation.StreamId(id);
        if (!audio && !video) throw HubErrors.Invalid("audio/video", "at least one must be true");
        RequireJoined(gid);
        await ModerateAsync(gid, room => room.MuteAsync(Caller(gid), address, streamId, audio, video));
    }

    /// <summary>Mutes everyone's audio and/or video but yours; modify right.</summary>
    public async Task MuteAllButMe(long gid, bool audio, bool video)
    {
        HubValidation.Gid(gid);
        if (!audio && !video) throw HubErrors.Invalid("audio/video", "at least one must be true");
        RequireJoined(gid);
        await ModerateAsync(gid, room => room.MuteAllAsync(Caller(gid), audio, video));
    }

    /// <summary>Removes a participant from the call (they get OnCallEnded "removed" and may join again); remuser right.</summary>
    public async Task RemoveFromCall(long gid, string address)
    {
        HubValidation.Gid(gid);
        HubValidation.Address("address", address);
        RequireJoined(gid);
        await ModerateAsync(gid, room => room.RemoveFromCallAsync(Caller(gid), address));
    }

    /// <summary>Ends the call for everyone (OnCallEnded "ended"); modify right.</summary>
    public async Task EndCall(long gid)
    {
        HubValidation.Gid(gid);
        RequireJoined(gid);
        await ModerateAsync(gid, room => room.EndCallAsync(Caller(gid)));
    }

    /// <summary>Raises (true) or lowers your hand; those in the call who may list get OnRaiseHand.</summary>
    public async Task RaiseHand(long gid, bool raised)
    {
        HubValidation.Gid(gid);
        RequireJoined(gid);
        await ModerateAsync(gid, room => room.RaiseHandAsync(Caller(gid), raised));
    }

    /// <summary>The raised hands in the call, in the order they were raised (list permission).</summary>
    public async Task<IReadOnlyList<string>> GetRaisedHands(long gid)
    {
        HubValidation.Gid(gid);
        var hands = await RoomCallAsync(gid, room => room.GetRaisedHandsAsync(Actor.User(Address)));
        HubErrors.ThrowIfFailed(hands.Status, hands.Error);
        return hands.Value!;
    }

    /// <summary>
    /// What you may do in the call now — membership, permissions, admin rights, media limits (what OnMemberChanged
    /// tells); join first. <c>not_found</c> when your call was ended or the group is gone, <c>forbidden</c> when you may
    /// no longer be in it. The SDK re-reads it on OnResync.
    /// </summary>
    public async Task<MemberAccessDto> GetAccess(long gid)
    {
        HubValidation.Gid(gid);
        RequireJoined(gid);
        var access = await RoomCallAsync(gid, room => room.GetAccessAsync(Caller(gid)));
        HubErrors.ThrowIfFailed(access.Status, access.Error);
        return access.Value!.ToDto();
    }

    private async Task ModerateAsync(long gid, Func<IRoomGrain, Task<GroupResult>> call)
    {
        var result = await RoomCallAsync(gid, call);
        HubErrors.ThrowIfFailed(result.Status, result.Error);
    }
}
