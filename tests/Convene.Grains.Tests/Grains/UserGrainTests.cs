using Convene.Grains.Users;

namespace Convene.Grains.Tests.Grains;

/// <summary>Users and access tokens.</summary>
public sealed class UserGrainTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private readonly IGrainFactory _grains = fixture.Grains;

    private Task<string?> ResolveAsync(string token) => _grains.GetGrain<ITokenIndexGrain>(AccessTokenHash.Of(token)).ResolveAsync();

    [Fact]
    public async Task Useradd_issues_a_random_token_that_resolves_to_the_address()
    {
        var issued = await _grains.GetGrain<IUserGrain>("alice").AddAsync(new UserProfile("Alice", null));

        Assert.True(issued.Created);
        Assert.Equal(43, issued.Token.Length); // 32 bytes, base64url, no padding
        Assert.Equal("alice", await ResolveAsync(issued.Token));
        Assert.Null(await ResolveAsync(issued.Token + "x"));
        Assert.Equal("Alice", (await _grains.GetGrain<IUserGrain>("alice").GetAsync())!.Name);
    }

    [Fact]
    public async Task Useradd_again_regenerates_the_token_and_revokes_the_old_one()
    {
        var user = _grains.GetGrain<IUserGrain>("bob");
        var first = await user.AddAsync(new UserProfile("Bob", null));

        var second = await user.AddAsync(new UserProfile(null, null));

        Assert.False(second.Created);
        Assert.NotEqual(first.Token, second.Token);
        Assert.Null(await ResolveAsync(first.Token));
        Assert.Equal("bob", await ResolveAsync(second.Token));
        Assert.Equal("Bob", (await user.GetAsync())!.Name);
    }

    [Fact]
    public async Task Userdel_revokes_the_token()
    {
        var user = _grains.GetGrain<IUserGrain>("carol");
        var issued = await user.AddAsync(new UserProfile(null, null));

        Assert.True(await user.DeleteAsync());

        Assert.Null(await ResolveAsync(issued.Token));
        Assert.Null(await user.GetAsync());
        Assert.False(await user.DeleteAsync());
    }

    [Fact]
    public async Task A_token_with_an_expiry_carries_it()
    {
        var issued = await _grains.GetGrain<IUserGrain>("dave").AddAsync(new UserProfile(null, TimeSpan.FromMinutes(30)));

        Assert.NotNull(issued.ExpiresAt);
        Assert.InRange(issued.ExpiresAt!.Value - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(29), TimeSpan.FromMinutes(31));
        Assert.Equal("dave", await ResolveAsync(issued.Token));
    }
}
