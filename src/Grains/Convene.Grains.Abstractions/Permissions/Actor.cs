using Orleans.Concurrency;

namespace Convene.Grains.Permissions;

/// <summary>The caller of an operation.</summary>
/// <param name="Kind">Backend or user.</param>
/// <param name="Address">The user's address; null for the backend.</param>
[GenerateSerializer, Immutable, Alias("convene.Actor")]
public sealed record Actor(ActorKind Kind, string? Address)
{
    /// <summary>The app's server (app token).</summary>
    public static Actor Backend { get; } = new(ActorKind.Backend, null);

    /// <summary>A user by address.</summary>
    public static Actor User(string address) => new(ActorKind.User, address);
}
