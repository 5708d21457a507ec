namespace Convene.Media.Tests.Relay;

/// <summary>Allocation measurements read the process-wide counter: they run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RelayAllocationCollection
{
    public const string Name = "RelayAllocation";
}
