namespace Convene.Grains.Users;

/// <summary>The persisted hash of the generated app token.</summary>
[GenerateSerializer, Alias("convene.AppTokenState")]
public sealed class AppTokenState
{
    /// <summary>SHA-256 (hex) of the app token; null until first start.</summary>
    [Id(0)]
    public string? Hash { get; set; }
}
