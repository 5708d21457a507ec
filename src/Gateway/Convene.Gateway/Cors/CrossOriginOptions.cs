namespace Convene.Gateway.Cors;

/// <summary>
/// Pages from other origins allowed to use the silo: an app served from its own origin (the JS SDK module, the hub's
/// negotiate and WebSocket, the backend API), or the SDK moving to another gateway of the cluster (each gateway is its
/// own origin). None by default besides the silo's own.
/// </summary>
public sealed class CrossOriginOptions
{
    /// <summary>The configuration key: a comma-separated list or an array of origins.</summary>
    public const string ConfigurationKey = "Convene:Cors:Origins";

    /// <summary>The former key, still read (an alias): its origins are added to <see cref="ConfigurationKey"/>'s.</summary>
    public const string LegacyConfigurationKey = "Convene:Hub:AllowedOrigins";

    /// <summary>The allowed origins, normalised to <c>scheme://host[:port]</c> in lower case.</summary>
    public string[] Origins { get; set; } = [];

    /// <summary>Whether <paramref name="origin"/> (an <c>Origin</c> header) is one of <see cref="Origins"/>.</summary>
    public bool Allows(string origin) => Array.Exists(Origins, o => string.Equals(o, origin.TrimEnd('/'), StringComparison.OrdinalIgnoreCase));
}
