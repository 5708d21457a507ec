using Convene.Actors;
using Convene.Actors.Storage;

namespace Convene.Grains.Users;

/// <summary>Token hash → address, so a connection is authenticated with one grain call.</summary>
public sealed class TokenIndexGrain([PersistentState("token")] IPersistentState<TokenIndexState> state) : Grain, ITokenIndexGrain
{
    /// <inheritdoc />
    public Task<string?> ResolveAsync()
    {
        var time = ServiceProvider.GetService(typeof(TimeProvider)) as TimeProvider ?? TimeProvider.System;
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
