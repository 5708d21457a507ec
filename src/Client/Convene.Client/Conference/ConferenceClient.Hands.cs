using Microsoft.AspNetCore.SignalR.Client;

namespace Convene.Client.Conference;

/// <summary>Raised hands: raise or lower yours, read them (e.g. on <see cref="ResyncNeeded"/>), and their events.</summary>
public sealed partial class ConferenceClient
{
    /// <summary>A participant raised or lowered a hand (if you may list the participants; your own hand too).</summary>
    public event Action<HandChange>? HandChanged;

    /// <summary>Raises (true) or lowers your hand; those in the call who may list get <see cref="HandChanged"/>.</summary>
    /// <param name="gid">The group (join first).</param>
    /// <param name="raised">Raise or lower.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    public Task RaiseHandAsync(long gid, bool raised = true, CancellationToken cancellationToken = default) =>
        InvokeAsync("RaiseHand", [gid, raised], cancellationToken);

    /// <summary>
    /// The raised hands in a group's call, in the order they were raised (list permission; <c>forbidden</c> without).
    /// With <see cref="ListPublishersAsync"/> (publishers, their mute and talking state) this is what to re-read on
    /// <see cref="ResyncNeeded"/>.
    /// </summary>
    /// <param name="gid">The group.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    public Task<string[]> GetRaisedHandsAsync(long gid, CancellationToken cancellationToken = default) =>
        InvokeAsync<string[]>("GetRaisedHands", [gid], cancellationToken);

    private void WireHandEvents() =>
        Connection.On<long, string, bool>("OnRaiseHand", (gid, address, raised) => HandChanged?.Invoke(new HandChange(gid, address, raised)));
}
