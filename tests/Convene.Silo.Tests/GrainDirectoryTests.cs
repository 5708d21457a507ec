using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.GrainDirectory;

namespace Convene.Silo.Tests;

/// <summary>
/// <c>Convene:Orleans:GrainDirectory</c>: the distributed directory by default, Orleans' own on request, nothing else;
/// <c>Convene:Orleans:DirectoryLeaseDuration</c>: none by default.
/// </summary>
public sealed class GrainDirectoryTests
{
    [Theory]
    [InlineData(null, "DistributedGrainDirectory")]
    [InlineData("Distributed", "DistributedGrainDirectory")]
    [InlineData("default", null)]
    public async Task The_silo_uses_the_configured_grain_directory(string? setting, string? expected)
    {
        var settings = setting is null ? null : new Dictionary<string, string> { ["Convene:Orleans:GrainDirectory"] = setting };
        await using var app = new ConveneApp(settings: settings);
        using var client = app.CreateClient();
        Assert.Equal("ok", (await client.GetFromJsonAsync<HealthStatus>("/health"))?.Status);

        // Orleans' default in-cluster directory is no IGrainDirectory service; a directory registered as the default is.
        var directory = app.Services.GetKeyedService<IGrainDirectory>(GrainDirectoryAttribute.DEFAULT_GRAIN_DIRECTORY);
        Assert.Equal(expected, directory?.GetType().Name);
        TestFiles.DeleteDataDirectory(app.DataDirectory);
    }

    [Theory]
    [InlineData(null, 0)]
    [InlineData("00:00:30", 30)]
    public async Task The_directory_lease_after_a_silo_dies_is_none_unless_configured(string? setting, int expectedSeconds)
    {
        var settings = setting is null ? null : new Dictionary<string, string> { ["Convene:Orleans:DirectoryLeaseDuration"] = setting };
        await using var app = new ConveneApp(settings: settings);
        using var client = app.CreateClient();

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), app.Services.GetRequiredService<IOptions<GrainDirectoryOptions>>().Value.RangeLeaseDuration);
        TestFiles.DeleteDataDirectory(app.DataDirectory);
    }

    [Theory]
    [InlineData("-00:00:01")]
    [InlineData("00:05:01")]
    public async Task A_directory_lease_out_of_range_stops_the_silo_at_start_naming_the_key(string setting)
    {
        await using var app = new ConveneApp(settings: new Dictionary<string, string> { ["Convene:Orleans:DirectoryLeaseDuration"] = setting });
        var error = Assert.Throws<InvalidOperationException>(() => app.CreateClient());
        Assert.Equal($"Convene:Orleans:DirectoryLeaseDuration is {TimeSpan.Parse(setting, System.Globalization.CultureInfo.InvariantCulture)}; it must be between 0 and 00:05:00.", error.Message);
        TestFiles.DeleteDataDirectory(app.DataDirectory);
    }

    [Theory]
    [InlineData("Redis")]
    [InlineData("1")]
    public async Task An_unknown_grain_directory_stops_the_silo_at_start_naming_the_key(string setting)
    {
        await using var app = new ConveneApp(settings: new Dictionary<string, string> { ["Convene:Orleans:GrainDirectory"] = setting });
        var error = Assert.Throws<InvalidOperationException>(() => app.CreateClient());
        Assert.Equal($"Convene:Orleans:GrainDirectory is '{setting}'; expected 'Distributed' or 'Default'.", error.Message);
        TestFiles.DeleteDataDirectory(app.DataDirectory);
    }

    private sealed record HealthStatus(string Status);
}
