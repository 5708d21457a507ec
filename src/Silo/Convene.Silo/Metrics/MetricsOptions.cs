using System.Net;

namespace Convene.Silo.Metrics;

/// <summary>
/// The Prometheus scrape endpoint <c>/metrics</c> (configuration section <c>Convene:Metrics</c>): on the public port
/// behind the app token (default), or on a port of its own (<see cref="Port"/>), with or without the token.
/// </summary>
public sealed class MetricsOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Convene:Metrics";

    /// <summary>Whether metrics are collected and served at all (default true).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>A port of its own for <c>/metrics</c> (the silo listens on it too); then <c>/metrics</c> is not served on the public port.</summary>
    public int? Port { get; set; }

    /// <summary>The address <see cref="Port"/> binds (default loopback).</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>Whether a scrape needs <c>Authorization: Bearer &lt;app token&gt;</c> (default true; set false for a private <see cref="Port"/>).</summary>
    public bool RequireAppToken { get; set; } = true;

    /// <summary>Why these options are invalid, or null.</summary>
    public string? Validate()
    {
        if (Port is < 1 or > 65535)
        {
            return $"{Section}:Port must be between 1 and 65535";
        }
        if (!IPAddress.TryParse(BindAddress, out _))
        {
            return $"{Section}:BindAddress '{BindAddress}' is not an IP address";
        }
        if (Port is null && !RequireAppToken)
        {
            return $"{Section}: RequireAppToken may be false only with a Port of its own (the public port would serve metrics to anyone)";
        }
        return null;
    }
}
