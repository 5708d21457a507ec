namespace Convene.Grains.Users;

/// <summary>The persisted binding of a token hash to a user.</summary>
[GenerateSerializer, Alias("convene.TokenIndexState")]
public sealed class TokenIndexState
{
    /// <summary>The user's address; null when revoked.</summary>
    [Id(0)]
    public string? Address { get; set; }

    /// <summary>When the token expires; null for never.</summary>
    [Id(1)]
    public DateTimeOffset? ExpiresAt { get; set; }
}
