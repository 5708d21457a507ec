using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Convene.Silo.Tests;

public sealed class HealthTests
{
    [Fact]
    public async Task Health_answers_ok_with_the_silo_and_its_storage()
    {
        var data = Path.Combine(Path.GetTempPath(), $"convene-health-{Guid.NewGuid():N}");
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.UseSetting("Convene:DataDirectory", data).UseSetting("Convene:Media:Port", "0"));
        using var client = factory.CreateClient();

        var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("ok", body.RootElement.GetProperty("status").GetString());
        Assert.Contains(data, body.RootElement.GetProperty("storage").GetString());
        var cluster = body.RootElement.GetProperty("cluster");
        Assert.Equal(1, cluster.GetProperty("silos").GetInt32());
        Assert.Equal(body.RootElement.GetProperty("silo").GetString(), cluster.GetProperty("addresses")[0].GetString());
        var media = body.RootElement.GetProperty("media");
        Assert.StartsWith("127.0.0.1:", media.GetProperty("endpoint").GetString());
        Assert.Equal(0, media.GetProperty("rooms").GetInt32());
        var memory = body.RootElement.GetProperty("memory");
        Assert.True(memory.GetProperty("gcHeapBytes").GetInt64() > 0);
        Assert.Equal(3, memory.GetProperty("gcCollections").GetArrayLength());
    }
}
