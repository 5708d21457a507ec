using System.ComponentModel;

namespace Convene.Gateway.Apis.Rest;

/// <summary>The group's validity, in seconds.</summary>
public sealed record ValidityRequest(
    [property: Description("Start, in seconds from now.")] long? Start,
    [property: Description("Duration in seconds from the start; default one year.")] long? Duration,
    [property: Description("Auto-extend the expiry by this many seconds on activity; 0 disables.")] long? Expiryext);
