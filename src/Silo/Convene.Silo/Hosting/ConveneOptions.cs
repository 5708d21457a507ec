namespace Convene.Silo.Hosting;

/// <summary>The silo's top-level settings (configuration section "Convene").</summary>
public sealed class ConveneOptions
{
    /// <summary>Where the embedded database and generated secrets live. Default: ./data.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>"sqlite" (default: a file in <see cref="DataDirectory"/>), "memory" (lost on exit), "azure" or "postgres".</summary>
    public string Storage { get; set; } = "sqlite";
}
