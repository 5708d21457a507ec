using System.ComponentModel;

namespace Convene.Gateway.Apis.Rest;

/// <summary>The access token's lifetime.</summary>
public sealed record TokenRequest([property: Description("Lifetime in minutes; default: no expiry.")] long? Expiry);
