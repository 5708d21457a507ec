namespace Convene.Media.Tests.Interop;

/// <summary>The transport's own Chromium tests (a browser per test): also alone, after the relay's collection.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ChromiumTransportCollection
{
    public const string Name = "ChromiumTransport";
}
