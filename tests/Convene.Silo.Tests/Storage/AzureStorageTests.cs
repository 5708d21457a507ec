using Azure.Storage.Blobs;
using Convene.Silo.Storage;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using Orleans.Hosting;

namespace Convene.Silo.Tests.Storage;

/// <summary>The storage contract on "azure": Azurite from ./test.sh, a new container per test.</summary>
public sealed class AzureStorageTests : DurableStorageContract
{
    private readonly string _container = "convene-test-" + Guid.NewGuid().ToString("N");

    protected override Task<StorageSettings> CreateStoreAsync() => Task.FromResult(new StorageSettings
    {
        Provider = "azure",
        AzureConnectionString = TestServices.Require(TestServices.Azure),
        AzureContainer = _container,
    });

    protected override async Task DeleteStoreAsync()
    {
        await new BlobServiceClient(Settings.AzureConnectionString).GetBlobContainerClient(_container).DeleteIfExistsAsync();
    }

    [Fact]
    public async Task State_is_a_json_blob_in_the_configured_container()
    {
        var marker = "blob-" + Guid.NewGuid().ToString("N");
        await NewGrain().Add(marker);

        var container = new BlobServiceClient(Settings.AzureConnectionString).GetBlobContainerClient(_container);
        var blobs = new List<string>();
        await foreach (var item in container.GetBlobsAsync()) blobs.Add(item.Name);
        var blob = Assert.Single(blobs);
        var content = (await container.GetBlobClient(blob).DownloadContentAsync()).Value.Content.ToString();

        Assert.EndsWith(".json", blob);
        Assert.Contains(marker, content);
    }
}
