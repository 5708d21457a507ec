using Convene.Grains.Hosting;

namespace Convene.Grains.Users;

/// <summary>Token hash → address, so a connection is authenticated with one grain call.</summary>
public sealed class TokenIndexGrain(
    [PersistentState("token", ConveneGrainStorage.Name)] IPersistentState<TokenIndexState> state,
    TimeProvider time) : Grain, ITokenIndexGrain
{
    /// <inheritdoc />
    public Task<string?> ResolveAsync()
    {
        var expired = state.State.ExpiresAt is { } at && time.GetUtcNow() >= at;
        return Task.FromResult(expired ? null : state.State.Address);
    }

    /// <inheritdoc />
    public async Task SetAsync(string address, DateTimeOffset? expiresAt)
    {
        state.State.Address = address;
        state.State.ExpiresAt = expiresAt;
        await state.WriteStateAsync();
    }

    /// <inheritdoc />
    public async Task ClearAsync()
    {
        if (state.RecordExists)
        {
            await state.ClearStateAsync();
        }
        state.State = new TokenIndexState();
    }
}
