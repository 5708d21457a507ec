using Convene.Gateway.Notifications;

namespace Convene.Silo.Hosting;

/// <summary>
/// Watches the cluster's membership: when a silo stops being active (killed, or leaving), this silo's gateway
/// refreshes its rooms at once, so rooms that lived there reactivate on a live silo and their clients restore
/// their calls without waiting for the next periodic refresh.
/// </summary>
internal sealed partial class MembershipWatcher(IClusterMembershipService membership, GatewayNode gateway, ILogger<MembershipWatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var active = new HashSet<SiloAddress>();
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stoppingToken))
            {
                var now = snapshot.Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress).ToHashSet();
                var lost = active.Where(s => !now.Contains(s)).ToList();
                active = now;
                if (lost.Count > 0)
                {
                    LogSiloLost(logger, string.Join(", ", lost), now.Count);
                    gateway.RequestRefresh();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Silo {Silos} left the cluster ({Active} active): refreshing this gateway's rooms now")]
    private static partial void LogSiloLost(ILogger logger, string silos, int active);
}
