using System.Text.Json.Nodes;

namespace Convene.Grains.Webhooks;

/// <summary>
/// How a grain raises a webhook event: a silo-local service (resolve it from the grain's services). Publishing never
/// blocks and never fails the caller: the event is queued in memory and sent by a background sender.
/// </summary>
/// <example>
/// A one-to-one call grain:
/// <code>
/// ServiceProvider.GetService&lt;IWebhookPublisher&gt;()?.Publish(WebhookRooms.Call(callId), WebhookEventTypes.CallStarted,
///     new JsonObject { ["caller"] = caller, ["callee"] = callee });
/// </code>
/// </example>
public interface IWebhookPublisher
{
    /// <summary>Whether <c>chat.message</c> events are wanted (<see cref="WebhookOptions.IncludeChat"/>).</summary>
    bool IncludesChat { get; }

    /// <summary>
    /// Queues an event for every receiver. <paramref name="room"/> (see <see cref="WebhookRooms"/>) orders it after the
    /// room's earlier events. Returns false if nothing was queued (no receivers, or a full queue: counted and logged).
    /// </summary>
    bool Publish(string room, string type, JsonObject data);
}
