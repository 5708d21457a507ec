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
    /// Every silo of a cluster uses the same (Orleans 10.4.2 supports a rolling upgrade from Default to Distributed).
    /// </summary>
    public string GrainDirectory { get; set; } = nameof(ConveneGrainDirectory.Distributed);

    /// <summary>
    /// With the distributed directory: how long after a silo's estimated failure time (its death declaration less the
    /// failure-detection window) the grains that were on it, and any grain whose directory range it owned, wait before they
    /// can be activated again, in case the silo was wrongly declared dead and still runs them. Default 0 (no wait: rooms come
    /// back on a live silo as soon as the silo is declared dead); Orleans' own default is 30 s. Between 0 and 5 minutes.
    /// </summary>
    public TimeSpan DirectoryLeaseDuration { get; set; } = TimeSpan.Zero;

    /// <summary><see cref="DirectoryLeaseDuration"/>, or a clear error when it is out of range.</summary>
    public TimeSpan ValidDirectoryLeaseDuration() =>
        DirectoryLeaseDuration >= TimeSpan.Zero && DirectoryLeaseDuration <= TimeSpan.FromMinutes(5)
            ? DirectoryLeaseDuration
            : throw new InvalidOperationException($"Convene:Orleans:DirectoryLeaseDuration is {DirectoryLeaseDuration}; it must be between 0 and 00:05:00.");

    /// <summary>The directory <see cref="GrainDirectory"/> names; a clear error for anything else.</summary>
    public ConveneGrainDirectory ParseGrainDirectory() =>
        Enum.TryParse<ConveneGrainDirectory>(GrainDirectory, ignoreCase: true, out var directory) && Enum.IsDefined(directory)
            && !int.TryParse(GrainDirectory, out _)
            ? directory
            : throw new InvalidOperationException($"Convene:Orleans:GrainDirectory is '{GrainDirectory}'; expected 'Distributed' or 'Default'.");
}
