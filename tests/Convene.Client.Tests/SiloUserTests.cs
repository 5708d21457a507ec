using Convene.Client.Server;

namespace Convene.Client.Tests;

/// <summary>
/// A test class whose tests connect users of their own to the shared silo (<see cref="SiloFixture"/>): the backend
/// client, and the users disposed after each test.
/// </summary>
public abstract class SiloUserTests(SiloFixture fixture) : IAsyncLifetime
{
    private readonly List<TestUser> _users = [];

    /// <summary>The backend API of the shared silo.</summary>
    protected ConveneServerClient Server { get; } = fixture.Server;

    /// <inheritdoc />
    public Task InitializeAsync() => Task.CompletedTask;

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        foreach (var user in _users) await user.DisposeAsync();
    }

    /// <summary>A new user (a unique address starting with <paramref name="who"/>) connected to the silo's hub.</summary>
    protected async Task<TestUser> UserAsync(string who)
    {
        var user = await TestUser.ConnectAsync(Server, fixture.Silo.BaseUrl, $"{who}-{Guid.NewGuid():N}"[..24]);
        _users.Add(user);
        return user;
    }
}
