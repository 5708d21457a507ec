using Convene.Gateway.Hubs;
using Convene.Grains.Chat;
using Microsoft.AspNetCore.SignalR;

namespace Convene.Gateway.Notifications;

/// <summary>This gateway node's receiver of one-to-one messages for all its users.</summary>
internal sealed class UserEventsObserver(IHubContext<ConferenceHub, IConferenceClient> hub) : IUserObserver
{
    public Task OnDirectMessageAsync(DirectMessageEvent e) => hub.Clients.Address(e.Recipient).OnMessage(e.Message.ToDto());
}
