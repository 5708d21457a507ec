
namespace Convene.Grains.Groups;

/// <summary>Allocates group ids: numeric, unique, never reused. Single key <see cref="Key"/>.</summary>
public interface IGroupIdAllocatorGrain : IGrainWithStringKey
{
    /// <summary>The only key.</summary>
    const string Key = "gids";

    /// <summary>The next id; persisted before it is returned.</summary>
    Task<long> NextAsync();
}
