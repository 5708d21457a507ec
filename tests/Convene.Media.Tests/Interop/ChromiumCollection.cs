namespace Convene.Media.Tests.Interop;

/// <summary>Tests that start Chromium run one at a time (the machine is shared): they all join this collection.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ChromiumCollection : ICollectionFixture<RelayBrowserFixture>
{
    public const string Name = "Chromium";
}

