using Convene.Client.Server;

namespace Convene.Client.Tests;

/// <summary>One silo process shared by a test class, and a server client for it.</summary>
public sealed class SiloFixture : IAsyncLifetime
{
    public SiloProcess Silo { get; private set; } = null!;

    public ConveneServerClient Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Silo = await SiloProcess.StartAsync();
        Server = new ConveneServerClient(Silo.BaseUrl, SiloProcess.AppToken);
    }

    public async Task DisposeAsync()
    {
        Server.Dispose();
        await Silo.DisposeAsync();
    }
}
