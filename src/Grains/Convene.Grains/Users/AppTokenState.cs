namespace Convene.Grains.Users;

/// <summary>The persisted hash of the generated app token.</summary>
public sealed class AppTokenState
{
    /// <summary>SHA-256 (hex) of the app token; null until first start.</summary>
    public string? Hash { get; set; }
}
