using Convene.Grains.Rooms;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Convene.Grains.Hosting;

/// <summary>Client-side registration for calling Convene's grains from an Orleans client (or another silo's code).</summary>
public static class ConveneClientBuilderExtensions
{
    /// <summary>
    /// Registers the grain interfaces and the types that cross their calls with the client's serializer, so the
    /// client works whether or not its entry assembly references them directly.
    /// </summary>
    public static IClientBuilder AddConveneClient(this IClientBuilder client)
    {
        ArgumentNullException.ThrowIfNull(client);
        client.Services.AddSerializer(serializer => serializer.AddAssembly(typeof(IRoomGrain).Assembly));
        return client;
    }
}
