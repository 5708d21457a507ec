namespace Convene.Gateway.Apis.Rest;

/// <summary>The group's validity: start and expiry (ISO 8601), and the auto-extension in seconds.</summary>
public sealed record ValidityView(string Start, string Expiry, long Expiryext);
