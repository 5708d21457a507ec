using Convene.Grains.Hosting;

namespace Convene.Silo.Hosting;

/// <summary>Orleans runtime settings Convene exposes (configuration section "Convene:Orleans").</summary>
public sealed class OrleansSettings
{
    /// <summary>A grain call that takes longer fails with a <see cref="TimeoutException"/> naming the grain interface and method.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Idle grains are deactivated after this long (rooms with gateways registered are kept).</summary>
    public TimeSpan IdleDeactivationAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a graceful stop (SIGTERM / Ctrl+C) waits for the silo to stop.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// "Distributed" (default): Orleans' strongly consistent in-cluster grain directory, which keeps rooms on surviving
    /// silos where they are when a silo dies or stops; "Default": Orleans' eventually consistent one (README, "Cluster").
    /// Every silo of a cluster must use the same.
    /// </summary>
    public string GrainDirectory { get; set; } = nameof(ConveneGrainDirectory.Distributed);

    /// <summary>The directory <see cref="GrainDirectory"/> names; a clear error for anything else.</summary>
    public ConveneGrainDirectory ParseGrainDirectory() =>
        Enum.TryParse<ConveneGrainDirectory>(GrainDirectory, ignoreCase: true, out var directory) && Enum.IsDefined(directory)
            && !int.TryParse(GrainDirectory, out _)
            ? directory
            : throw new InvalidOperationException($"Convene:Orleans:GrainDirectory is '{GrainDirectory}'; expected 'Distributed' or 'Default'.");
}
