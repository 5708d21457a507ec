using Convene.Media.Relay;
using Microsoft.Extensions.DependencyInjection;

namespace Convene.Silo.Tests;

/// <summary>The media relay's settings from configuration ("Convene:Media"): passed to the relay, and refused at start when out of range.</summary>
public sealed class MediaSettingsTests
{
    [Fact]
    public async Task The_playout_delay_under_loss_reaches_the_relay()
    {
        await using var app = new ConveneApp(settings: new Dictionary<string, string> { ["Convene:Media:PlayoutDelayUnderLoss"] = "00:00:00.400" });
        _ = app.CreateClient();
        var relay = Assert.IsType<MediaRelay>(app.Services.GetRequiredService<IMediaRelay>());
        Assert.Equal(TimeSpan.FromMilliseconds(400), relay.PlayoutDelayUnderLoss);
    }

    [Theory]
    [InlineData("00:00:11")]
    [InlineData("-00:00:01")]
    public async Task A_playout_delay_out_of_range_stops_the_start_naming_the_key(string value)
    {
        await using var app = new ConveneApp(settings: new Dictionary<string, string> { ["Convene:Media:PlayoutDelayUnderLoss"] = value });
        var e = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        Assert.Contains("Convene:Media:PlayoutDelayUnderLoss", e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_consent_timeout_reaches_the_relay()
    {
        await using var app = new ConveneApp(settings: new Dictionary<string, string> { ["Convene:Media:ConsentTimeout"] = "00:00:12" });
        _ = app.CreateClient();
        var relay = Assert.IsType<MediaRelay>(app.Services.GetRequiredService<IMediaRelay>());
        Assert.Equal(TimeSpan.FromSeconds(12), relay.ConsentTimeout);
    }

    [Theory]
    [InlineData("00:00:09")]
    [InlineData("00:05:01")]
    public async Task A_consent_timeout_out_of_range_stops_the_start_naming_the_key(string value)
    {
        await using var app = new ConveneApp(settings: new Dictionary<string, string> { ["Convene:Media:ConsentTimeout"] = value });
        var e = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        Assert.Contains("Convene:Media:ConsentTimeout", e.ToString(), StringComparison.Ordinal);
    }
}
