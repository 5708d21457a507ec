namespace Convene.Grains.Users;

/// <summary>The persisted binding of a token hash to a user.</summary>
public sealed class TokenIndexState
{
    /// <summary>The user's address; null when revoked.</summary>
    public string? Address { get; set; }

    /// <summary>When the token expires; null for never.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }
}
