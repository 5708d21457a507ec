using System.Collections.Concurrent;
using System.Globalization;
using Convene.Actors;
using Convene.Gateway.Hubs;
using Convene.Grains.Chat;
using Convene.Grains.Groups;
using Convene.Grains.Streams;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Convene.Gateway.Notifications;

/// <summary>
/// This gateway node: its id, its one observer per group it has users in, and its one observer for
/// one-to-one messages. On shutdown it unregisters from every group.
/// </summary>
public sealed class GatewayNode : IHostedService
{
    private readonly ConcurrentDictionary<long, GatewayRef> _groups = new();
    private readonly IGrainFactory _grains;
    private readonly IHubContext<ConferenceHub, IConferenceClient> _hub;
    private readonly ILogger<GatewayNode> _logger;
    private readonly Lazy<IUserObserver> _userObserver;

    /// <summary>Created by the host.</summary>
    public GatewayNode(IGrainFactory grains, IHubContext<ConferenceHub, IConferenceClient> hub, ConnectionCounter connections, ILogger<GatewayNode> logger)
    {
        _grains = grains;
        _hub = hub;
        _logger = logger;
        Id = $"{Environment.MachineName}-{Guid.NewGuid():N}";
        _userObserver = new Lazy<IUserObserver>(() => _grains.CreateObjectReference<IUserObserver>(new UserEventsObserver(_hub, connections, logger)));
    }

    /// <summary>This node's id, unique per process.</summary>
    public string Id { get; }

    /// <summary>The observer for one-to-one messages.</summary>
    public IUserObserver UserObserver => _userObserver.Value;

    /// <summary>This node's observer for group <paramref name="gid"/>, registered with the group grain (again, in case it re-activated).</summary>
    public async Task<GatewayRef> RegisterWithGroupAsync(long gid)
    {
        var gateway = RefFor(gid);
        await Group(gid).SubscribeAsync(Id, gateway.Observer);
        return gateway;
    }

    /// <summary>This node's observer for group <paramref name="gid"/> (registered by a join on this node).</summary>
    public GatewayRef RefFor(long gid) =>
        _groups.GetOrAdd(gid, _ => new GatewayRef(Id, _grains.CreateObjectReference<IGroupObserver>(new GroupEventsObserver(_hub, _logger))));

    private IGroupGrain Group(long gid) => _grains.GetGrain<IGroupGrain>(gid.ToString(CultureInfo.InvariantCulture));

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var (gid, gateway) in _groups)
        {
            try
            {
                await Group(gid).UnsubscribeAsync(Id);
            }
            catch (Exception e) when (e is GrainUnavailableException or TimeoutException)
            {
                _logger.LogDebug("Could not unregister from group {Gid} at shutdown: {Error}", gid, e.Message);
            }
            _grains.DeleteObjectReference<IGroupObserver>(gateway.Observer);
        }
        _groups.Clear();
    }
}
