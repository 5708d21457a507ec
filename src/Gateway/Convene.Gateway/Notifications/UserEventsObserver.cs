using Convene.Gateway.Hubs;
using Convene.Grains.Calls;
using Convene.Grains.Chat;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;

namespace Convene.Gateway.Notifications;

/// <summary>This gateway node's receiver of one-to-one messages for all its users.</summary>
internal sealed partial class UserEventsObserver(IHubContext<ConferenceHub, IConferenceClient> hub, ConnectionCounter connections, ILogger logger) : IUserObserver
{
    public async Task<bool> OnDirectMessageAsync(DirectMessageEvent e)
    {
        // Only a connection here counts as delivery; otherwise the user grain keeps the message.
        if (!connections.Has(e.Recipient))
        {
            return false;
        }
        await hub.Clients.Address(e.Recipient).OnMessage(e.Message.ToDto());
        return true;
    }

    public Task OnAccessRevokedAsync(string address)
    {
        var ended = connections.Abort(address);
        LogRevoked(logger, address, ended);
        return Task.CompletedTask;
    }

    public Task OnCallEventAsync(CallEvent e) => hub.Clients.Address(e.Recipient).OnCall(e.ToDto());

    [LoggerMessage(Level = LogLevel.Information, Message = "Access of {Address} was revoked: ended {Count} connections")]
    private static partial void LogRevoked(ILogger logger, string address, int count);
}
