using Convene.Grains.Chat;

namespace Convene.Grains.Users;

/// <summary>
/// The persisted state of a user. Never the token itself, only its hash. Which gateways the user is online at
/// is live state, kept in the activation.
/// </summary>
[GenerateSerializer, Alias("convene.UserState")]
public sealed class UserState
{
    /// <summary>Whether the user exists.</summary>
    [Id(0)]
    public bool Exists { get; set; }

    /// <summary>Display name.</summary>
    [Id(1)]
    public string Name { get; set; } = "";

    /// <summary>When the user was added.</summary>
    [Id(2)]
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>SHA-256 (hex) of the current access token.</summary>
    [Id(3)]
    public string? TokenHash { get; set; }

    /// <summary>When the current token expires; null for never.</summary>
    [Id(4)]
    public DateTimeOffset? TokenExpiresAt { get; set; }

    /// <summary>One-to-one messages that arrived while the user was offline, oldest first.</summary>
    [Id(5)]
    public List<ChatMessage> Pending { get; set; } = [];
}
