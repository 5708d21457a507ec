using Convene.Grains.Chat;

namespace Convene.Grains.Users;

/// <summary>
/// The persisted state of a user. Never the token itself, only its hash. Which gateways the user is online at
/// is live state, kept in the activation.
/// </summary>
public sealed class UserState
{
    /// <summary>Whether the user exists.</summary>
    public bool Exists { get; set; }

    /// <summary>Display name.</summary>
    public string Name { get; set; } = "";

    /// <summary>When the user was added.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>SHA-256 (hex) of the current access token.</summary>
    public string? TokenHash { get; set; }

    /// <summary>When the current token expires; null for never.</summary>
    public DateTimeOffset? TokenExpiresAt { get; set; }

    /// <summary>One-to-one messages that arrived while the user was offline, oldest first.</summary>
    public List<ChatMessage> Pending { get; set; } = [];
}
