using Orleans.Concurrency;

namespace Convene.Grains.Groups;

/// <summary><c>group.validity.*</c>, in seconds; each null leaves the current value.</summary>
/// <param name="Start">Start relative to now (default 0 at creation).</param>
/// <param name="Duration">Validity from the start (default one year at creation).</param>
/// <param name="ExpiryExt">Auto-extension of the expiry on activity; 0 disables.</param>
[GenerateSerializer, Immutable, Alias("convene.ValidityChange")]
public sealed record ValidityChange(long? Start = null, long? Duration = null, long? ExpiryExt = null);
