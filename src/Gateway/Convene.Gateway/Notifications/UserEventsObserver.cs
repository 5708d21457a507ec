using Convene.Gateway.Hubs;
using Convene.Grains.Chat;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;

namespace Convene.Gateway.Notifications;

/// <summary>This gateway node's receiver of one-to-one messages for all its users.</summary>
internal sealed class UserEventsObserver(IHubContext<ConferenceHub, IConferenceClient> hub, ConnectionCounter connections, ILogger logger) : IUserObserver
{
    public Task OnDirectMessageAsync(DirectMessageEvent e) => hub.Clients.Address(e.Recipient).OnMessage(e.Message.ToDto());

    public Task OnAccessRevokedAsync(string address)
    {
        var ended = connections.Abort(address);
        logger.LogInformation("Access of {Address} was revoked: ended {Count} connections", address, ended);
        return Task.CompletedTask;
    }
}
