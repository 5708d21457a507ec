using System.Text.Json.Serialization;

namespace Convene.Client.Server;

/// <summary>A user's new access token (shown only here; any earlier token of the user is revoked).</summary>
public sealed record UserToken
{
    /// <summary>The user's address.</summary>
    [JsonPropertyName("address")] public required string Address { get; init; }

    /// <summary>The access token the user connects to the hub with.</summary>
    [JsonPropertyName("token")] public required string Token { get; init; }

    /// <summary>True when the user was created, false when it existed and only got a new token.</summary>
    [JsonPropertyName("created")] public bool Created { get; init; }

    /// <summary>When the token expires; null when it does not.</summary>
    [JsonPropertyName("expiry")] public DateTimeOffset? ExpiresAt { get; init; }
}
