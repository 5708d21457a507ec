using Convene.Grains.Calls;
using Orleans.Concurrency;

namespace Convene.Grains.Chat;

/// <summary>A gateway's receiver of one-to-one messages (one per gateway node, registered with each online user's grain).</summary>
public interface IUserObserver : IGrainObserver
{
    /// <summary>
    /// A one-to-one message for <see cref="DirectMessageEvent.Recipient"/>'s connections at this gateway. Awaited, not
    /// one-way: true only if a connection there was sent it, so the user grain keeps the message until one has it.
    /// </summary>
    Task<bool> OnDirectMessageAsync(DirectMessageEvent e);

    /// <summary>The user's access token was regenerated or the user deleted: end their connections at this gateway.</summary>
    [OneWay]
    Task OnAccessRevokedAsync(string address);

    /// <summary>A one-to-one call event for <see cref="CallEvent.Recipient"/>'s connections at this gateway.</summary>
    [OneWay]
    Task OnCallEventAsync(CallEvent e);
}
