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
}
