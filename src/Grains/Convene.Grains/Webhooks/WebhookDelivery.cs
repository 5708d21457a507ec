namespace Convene.Grains.Webhooks;

/// <summary>One serialized event waiting in a receiver's lane.</summary>
internal sealed record WebhookDelivery(string Id, string Type, byte[] Body);
