using Convene.Grains.Hosting;

namespace Convene.Grains.Users;

/// <summary>Stores the hash of the app token generated at first start; the first hash offered wins.</summary>
public sealed class AppTokenGrain([PersistentState("apptoken", ConveneGrainStorage.Name)] IPersistentState<AppTokenState> state) : Grain, IAppTokenGrain
{
    /// <inheritdoc />
    public async Task<string> EnsureAsync(string candidateHash)
    {
        if (state.State.Hash is null)
        {
            state.State.Hash = candidateHash;
            await state.WriteStateAsync();
        }
        return state.State.Hash;
    }
}
