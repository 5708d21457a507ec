using Convene.Grains.Hosting;

namespace Convene.Grains.Chat;

/// <summary>One page of a chat history; see <see cref="IChatPageGrain"/>.</summary>
public sealed class ChatPageGrain(
    [PersistentState("chatpage", ConveneGrainStorage.Name)] IPersistentState<ChatPageState> state) : Grain, IChatPageGrain
{
    /// <inheritdoc />
    public async Task AppendAsync(StoredMessage message)
    {
        state.State.Messages.Add(message);
        await state.WriteStateAsync();
    }

    /// <inheritdoc />
    public Task<StoredMessage[]> GetAsync() => Task.FromResult(state.State.Messages.ToArray());

    /// <inheritdoc />
    public async Task ClearAsync()
    {
        if (state.RecordExists)
        {
            await state.ClearStateAsync();
        }
        state.State = new ChatPageState();
        DeactivateOnIdle();
    }
}
