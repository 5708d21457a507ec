using Microsoft.Extensions.Hosting;
using Convene.Silo.Storage;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using Orleans.Hosting;

namespace Convene.Silo.Tests.Storage;

/// <summary>Settings are checked when the silo is composed, and descriptions carry no secrets.</summary>
public sealed class StorageSettingsTests
{
    private static Exception Compose(StorageSettings settings) =>
        Record.Exception(() => Host.CreateApplicationBuilder().UseOrleans(silo => silo.AddConveneStorage(settings)));

    [Fact]
    public void An_unknown_provider_names_the_key_and_the_allowed_values()
    {
        var error = Assert.IsType<InvalidOperationException>(Compose(new StorageSettings { Provider = "mongo" }));

        Assert.Contains("Convene:Storage", error.Message);
        Assert.Contains("'mongo'", error.Message);
        foreach (var allowed in new[] { "sqlite", "memory", "azure", "postgres" }) Assert.Contains($"'{allowed}'", error.Message);
    }

    [Theory]
    [InlineData("azure", "Convene:AzureStorage:ConnectionString")]
    [InlineData("postgres", "Convene:Postgres:ConnectionString")]
    public void A_missing_connection_string_is_named(string provider, string key)
    {
        var error = Assert.IsType<InvalidOperationException>(Compose(new StorageSettings { Provider = provider }));

        Assert.Contains(key, error.Message);
    }

    [Fact]
    public void Providers_are_case_insensitive()
    {
        Assert.Null(Compose(new StorageSettings { Provider = "Memory" }));
    }

    [Fact]
    public void Descriptions_say_where_without_secrets()
    {
        var directory = Path.Combine(Path.GetTempPath(), "convene-describe");
        Assert.Equal($"sqlite file {Path.Combine(directory, "convene.db")}", ConveneStorage.Describe(new StorageSettings { DataDirectory = directory }));
        Assert.Equal("memory (nothing is kept after exit)", ConveneStorage.Describe(new StorageSettings { Provider = "memory" }));

        var azure = ConveneStorage.Describe(new StorageSettings
        {
            Provider = "azure",
            AzureConnectionString = "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=c2VjcmV0LWtleQ==;EndpointSuffix=core.windows.net",
        });
        Assert.StartsWith("azure blob storage", azure);
        Assert.DoesNotContain("c2VjcmV0LWtleQ", azure);

        var postgres = ConveneStorage.Describe(new StorageSettings
        {
            Provider = "postgres",
            PostgresConnectionString = "Host=db.example;Port=5433;Username=convene;Password=hunter2-secret;Database=rooms",
        });
        Assert.Equal("postgres db.example:5433/rooms", postgres);
    }

    [Fact]
    public void A_malformed_postgres_connection_string_is_refused_without_being_echoed()
    {
        var error = Assert.IsType<InvalidOperationException>(Compose(new StorageSettings
        {
            Provider = "postgres",
            PostgresConnectionString = "Host=db;Pasword=hunter2-secret",
        }));

        Assert.Contains("Convene:Postgres:ConnectionString", error.Message);
        Assert.DoesNotContain("hunter2", error.Message);
    }
}
