using Convene.Silo.Storage;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using Orleans.Hosting;
namespace Convene.Silo.Tests.Storage;

/// <summary>The storage contract on "memory".</summary>
public sealed class MemoryStorageTests : StorageContract
{
    protected override Task<StorageSettings> CreateStoreAsync() => Task.FromResult(new StorageSettings { Provider = "memory" });

    protected override Task DeleteStoreAsync() => Task.CompletedTask;
}
