using Convene.Actors.Tests.Grains;

namespace Convene.Actors.Tests;

public sealed class BadInputTests
{
    public interface IUnimplementedGrain : IGrainWithStringKey
    {
        Task PingAsync();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public async Task A_null_or_empty_key_fails_at_the_call_site(string? key)
    {
        var (cluster, _) = await Clusters.StartAsync();
        await using var __ = cluster;

        var error = Assert.Throws<ArgumentException>(() => cluster.GrainFactory.GetGrain<ICounterGrain>(key!));

        Assert.Contains("non-empty", error.Message);
    }

    [Fact]
    public async Task An_interface_no_grain_implements_fails_at_the_call_site()
    {
        var (cluster, _) = await Clusters.StartAsync();
        await using var __ = cluster;

        var error = Assert.Throws<ArgumentException>(() => cluster.GrainFactory.GetGrain<IUnimplementedGrain>("x"));

        Assert.Contains(nameof(IUnimplementedGrain), error.Message);
    }

    [Fact]
    public async Task An_interface_two_classes_implement_fails_at_the_call_site()
    {
        var (cluster, _) = await Clusters.StartAsync();
        await using var __ = cluster;

        var error = Assert.Throws<ArgumentException>(() => cluster.GrainFactory.GetGrain<IAmbiguousGrain>("x"));

        Assert.Contains(nameof(SecondAmbiguousGrain), error.Message);
    }

    [Fact]
    public async Task A_non_serialisable_argument_fails_at_the_call_site_and_the_silo_keeps_working()
    {
        var (cluster, _) = await Clusters.StartAsync();
        await using var __ = cluster;
        var grain = cluster.GrainFactory.GetGrain<ICounterGrain>("bad-arg");

        var error = Assert.Throws<NotSupportedException>(() => { _ = grain.BadArgumentAsync(() => { }); });

        Assert.Contains("callback", error.Message);
        Assert.Contains("delegate", error.Message);
        Assert.Equal(1, await grain.AddAsync(1));
    }
}
