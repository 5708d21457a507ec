namespace Convene.Silo.Tests;

/// <summary>One silo host shared by a test class, deleted with its database afterwards.</summary>
public sealed class AppFixture : IAsyncLifetime
{
    public ConveneApp App { get; } = new();

    public ApiClient Api { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Api = new ApiClient(App.CreateClient());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        TestFiles.DeleteDataDirectory(App.DataDirectory);
    }
}
