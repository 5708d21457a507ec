using Microsoft.AspNetCore.SignalR.Client;

namespace Convene.Client.Conference;

/// <summary>What you may do in a group: its changes as events, and a read (e.g. on <see cref="ResyncNeeded"/>).</summary>
public sealed partial class ConferenceClient
{
    /// <summary>Your membership, permissions, admin rights or media limits in a group changed (the hub's <c>OnMemberChanged</c>).</summary>
    public event Action<MemberAccess>? AccessChanged;

    /// <summary>
    /// What you may do in a group's call now (join first). Throws <see cref="ConferenceHubException"/> with
    /// <c>not_found</c> when your call there was ended (removed, ended, maximum duration) or the group is gone, and
    /// <c>forbidden</c> when you may no longer be in it: on <see cref="ResyncNeeded"/> this also tells whether you are
    /// still in the call.
    /// </summary>
    /// <param name="gid">The group.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    public Task<MemberAccess> GetAccessAsync(long gid, CancellationToken cancellationToken = default) =>
        InvokeAsync<MemberAccess>("GetAccess", [gid], cancellationToken);

    private void WireAccessEvents() => Connection.On<MemberAccess>("OnMemberChanged", a => AccessChanged?.Invoke(a));
}
