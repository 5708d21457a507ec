namespace Convene.Grains.Hosting;

/// <summary>The grain storage every Convene grain keeps its state in.</summary>
public static class ConveneGrainStorage
{
    /// <summary>The name of the grain-storage provider Convene's grains use: register one under this name.</summary>
    public const string Name = "convene";
}
