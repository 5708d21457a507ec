using Convene.Actors;
using Convene.Grains.Permissions;

namespace Convene.Grains.Groups;

/// <summary>Live state of a group: gateway observers, online members and publishers.</summary>
public sealed partial class GroupGrain
{
    // Live state, never persisted: gateways rebuild it by calling SubscribeAsync / ConnectAsync again.
    private readonly Dictionary<string, IGroupObserver> _observers = new(StringComparer.Ordinal);
    // Address → the gateways it is online at.
    private readonly Dictionary<string, HashSet<string>> _online = new(StringComparer.Ordinal);
    private readonly List<PublishedStream> _publishers = [];

    /// <inheritdoc />
    public Task SubscribeAsync(string gatewayId, IGroupObserver observer)
    {
        ArgumentException.ThrowIfNullOrEmpty(gatewayId);
        ArgumentNullException.ThrowIfNull(observer);
        _observers[gatewayId] = observer;
        KeepAliveWhileObserved();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task UnsubscribeAsync(string gatewayId)
    {
        _observers.Remove(gatewayId);
        foreach (var address in _online.Keys.ToList())
        {
            await GoOfflineAsync(gatewayId, address);
        }
        KeepAliveWhileObserved();
    }

    /// <inheritdoc />
    public Task DisconnectAsync(string gatewayId, string address) => GoOfflineAsync(gatewayId, address);

    /// <inheritdoc />
    public async Task<GroupResult> PublishAsync(PublishedStream stream)
    {
        if (CheckPublish(stream) is { } refused)
        {
            return refused;
        }
        _publishers.RemoveAll(p => p.Address == stream.Address && p.StreamId == stream.StreamId);
        _publishers.Add(stream);
        if (ExtendExpiry())
        {
            await state.WriteStateAsync();
        }
        await NotifyPublisherAsync(stream, active: true);
        return new GroupResult(GroupStatus.Ok, _gid);
    }

    /// <inheritdoc />
    public async Task<GroupResult> UnpublishAsync(string address, string streamId)
    {
        if (!Exists)
        {
            return new GroupResult(GroupStatus.NotFound, _gid, "no such group");
        }
        var stream = _publishers.FirstOrDefault(p => p.Address == address && p.StreamId == streamId);
        if (stream is not null)
        {
            await EndPublishedAsync(stream, "hangup");
        }
        return new GroupResult(GroupStatus.Ok, _gid);
    }

    /// <inheritdoc />
    public Task<GroupQuery<IReadOnlyList<PublishedStream>>> GetPublishersAsync(Actor actor)
    {
        if (Refuse(actor, Operation.ListParticipants) is { } refused)
        {
            return Task.FromResult(GroupQuery<IReadOnlyList<PublishedStream>>.Fail(refused.Status, refused.Error!));
        }
        return Task.FromResult(new GroupQuery<IReadOnlyList<PublishedStream>>(GroupStatus.Ok, _publishers.ToArray()));
    }

    /// <summary>Why <paramref name="stream"/> may not be published (input, permission, call settings), or null.</summary>
    private GroupResult? CheckPublish(PublishedStream stream)
    {
        if (Limits.CheckAddress(stream.Address) is { } why)
        {
            return new GroupResult(GroupStatus.Invalid, _gid, $"address {why}");
        }
        if (string.IsNullOrEmpty(stream.StreamId) || stream.StreamId.Length > Limits.MaxAddressLength)
        {
            return new GroupResult(GroupStatus.Invalid, _gid, $"streamId must be 1 to {Limits.MaxAddressLength} characters");
        }
        if (Refuse(Actor.User(stream.Address), Operation.Publish) is { } refused)
        {
            return refused;
        }
        var call = S.Settings.Call;
        if (stream.Source == StreamSource.Screen && !call.ScreenSharing)
        {
            return new GroupResult(GroupStatus.Forbidden, _gid, "screen sharing is disabled in this group");
        }
        if ((stream.Audio && !call.Audio) || (stream.Video && !call.Video))
        {
            return new GroupResult(GroupStatus.Forbidden, _gid, stream.Video && !call.Video ? "video is disabled in this group" : "audio is disabled in this group");
        }
        return null;
    }

    private async Task GoOfflineAsync(string gatewayId, string address)
    {
        if (!_online.TryGetValue(address, out var gateways) || !gateways.Remove(gatewayId) || gateways.Count > 0)
        {
            return;
        }
        _online.Remove(address);
        foreach (var stream in _publishers.Where(p => p.Address == address).ToList())
        {
            await EndPublishedAsync(stream, "disconnected");
        }
        _media?.RemoveParticipant(address);
        CloseMediaIfEmpty();
    }

    /// <summary>After settings or members changed: tell the gateways, and end streams no longer allowed.</summary>
    private async Task AfterAccessChangedAsync(IReadOnlyCollection<string> addresses)
    {
        _media?.UpdateSettings(S.Settings.Call);
        foreach (var address in addresses.Where(_online.ContainsKey))
        {
            var access = AccessOf(address);
            await SendToAsync([address], (o, recipients) => o.OnMemberChangedAsync(new MemberChangedEvent(_gid, address, access)));
        }
        foreach (var stream in _publishers.Where(p => !Evaluate(Actor.User(p.Address), Operation.Publish).Allowed).ToList())
        {
            await EndPublishedAsync(stream, "permission revoked");
        }
    }

    private Task NotifyPublisherAsync(PublishedStream stream, bool active)
    {
        var listeners = _online.Keys.Where(a => Evaluate(Actor.User(a), Operation.ListParticipants).Allowed).ToList();
        return SendToAsync(listeners, (o, recipients) => o.OnPublisherAsync(new PublisherEvent(_gid, recipients, stream, active)));
    }

    /// <summary>Groups the recipients by the gateways they are online at and calls each gateway's observer once.</summary>
    private async Task SendToAsync(IEnumerable<string> recipients, Func<IGroupObserver, IReadOnlyList<string>, Task> send)
    {
        var byGateway = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var address in recipients)
        {
            if (!_online.TryGetValue(address, out var gateways))
            {
                continue;
            }
            foreach (var gateway in gateways)
            {
                if (!byGateway.TryGetValue(gateway, out var list))
                {
                    byGateway[gateway] = list = [];
                }
                list.Add(address);
            }
        }
        foreach (var (gateway, list) in byGateway)
        {
            if (_observers.TryGetValue(gateway, out var observer))
            {
                await CallObserverAsync(gateway, observer, o => send(o, list));
            }
        }
    }

    private async Task BroadcastAsync(Func<IGroupObserver, Task> send)
    {
        foreach (var (gateway, observer) in _observers.ToList())
        {
            await CallObserverAsync(gateway, observer, send);
        }
    }

    private async Task CallObserverAsync(string gateway, IGroupObserver observer, Func<IGroupObserver, Task> send)
    {
        try
        {
            await send(observer);
        }
        catch (GrainUnavailableException)
        {
            // The gateway's observer is gone (node stopped): forget it and the users online through it.
            _observers.Remove(gateway);
            foreach (var gateways in _online.Values)
            {
                gateways.Remove(gateway);
            }
            foreach (var address in _online.Where(kv => kv.Value.Count == 0).Select(kv => kv.Key).ToList())
            {
                _online.Remove(address);
            }
            KeepAliveWhileObserved();
        }
    }

    /// <summary>
    /// Live state exists only in this activation, so it must not be collected as idle while a gateway observes it.
    /// </summary>
    private void KeepAliveWhileObserved() => DelayDeactivation(_observers.Count > 0 ? LiveKeepAlive : TimeSpan.Zero);

    private static readonly TimeSpan LiveKeepAlive = TimeSpan.FromDays(3650);
}
