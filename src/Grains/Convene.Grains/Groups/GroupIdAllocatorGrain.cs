using Convene.Grains.Hosting;

namespace Convene.Grains.Groups;

/// <summary>Hands out group ids 1, 2, 3, …; each is written before it is returned, so none is ever given twice.</summary>
public sealed class GroupIdAllocatorGrain(
    [PersistentState("gids", ConveneGrainStorage.Name)] IPersistentState<GroupIdAllocatorState> state) : Grain, IGroupIdAllocatorGrain
{
    /// <inheritdoc />
    public async Task<long> NextAsync()
    {
        state.State.Last++;
        await state.WriteStateAsync();
        return state.State.Last;
    }
}
