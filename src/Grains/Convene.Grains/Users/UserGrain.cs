using Convene.Actors;
using Convene.Actors.Storage;
using Convene.Grains.Chat;

namespace Convene.Grains.Users;

/// <summary>A user (key = address): profile, access-token hash, one-to-one delivery.</summary>
public sealed class UserGrain(
    [PersistentState("user")] IPersistentState<UserState> state,
    [PersistentState("memberships")] IPersistentState<MembershipState> memberships) : Grain, IUserGrain
{
    // Live state, never persisted: the gateways the user is online at, with their observers.
    private readonly Dictionary<string, IUserObserver> _gateways = new(StringComparer.Ordinal);
    private TimeProvider _time = TimeProvider.System;

    private string Address => this.GetPrimaryKeyString();

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _time = ServiceProvider.GetService(typeof(TimeProvider)) as TimeProvider ?? TimeProvider.System;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<IssuedToken> AddAsync(UserProfile profile)
    {
        if (Limits.CheckAddress(Address) is { } why)
        {
            throw new ArgumentException($"address {why}");
        }
        var now = _time.GetUtcNow();
        var created = !state.State.Exists;
        var oldHash = state.State.TokenHash;
        var token = AccessTokenHash.NewToken();
        var hash = AccessTokenHash.Of(token);
        var expiresAt = profile.TokenLifetime is { } lifetime ? now + lifetime : (DateTimeOffset?)null;

        // Index first: a token is usable only once its index entry exists, and the old one is revoked before we answer.
        await GrainFactory.GetGrain<ITokenIndexGrain>(hash).SetAsync(Address, expiresAt);
        state.State.Exists = true;
        state.State.Name = profile.Name ?? state.State.Name;
        if (created)
        {
            state.State.CreatedAt = now;
        }
        state.State.TokenHash = hash;
        state.State.TokenExpiresAt = expiresAt;
        await state.WriteStateAsync();
        if (oldHash is not null)
        {
            await GrainFactory.GetGrain<ITokenIndexGrain>(oldHash).ClearAsync();
            await RevokeConnectionsAsync();
        }
        return new IssuedToken(Address, token, expiresAt, created);
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync()
    {
        if (!state.State.Exists)
        {
            return false;
        }
        if (state.State.TokenHash is { } hash)
        {
            await GrainFactory.GetGrain<ITokenIndexGrain>(hash).ClearAsync();
        }
        await state.ClearStateAsync();
        await RevokeConnectionsAsync();
        return true;
    }

    /// <summary>Connections opened with a revoked token end: every gateway the user is online at is told.</summary>
    private async Task RevokeConnectionsAsync()
    {
        foreach (var (gateway, observer) in _gateways.ToList())
        {
            try
            {
                await observer.OnAccessRevokedAsync(Address);
            }
            catch (GrainUnavailableException)
            {
                _gateways.Remove(gateway);
            }
        }
        KeepAliveWhileOnline();
    }

    /// <inheritdoc />
    public Task<UserInfo?> GetAsync() => Task.FromResult(state.State.Exists
        ? new UserInfo(Address, state.State.Name, state.State.CreatedAt, state.State.TokenExpiresAt)
        : null);

    /// <inheritdoc />
    public Task<IReadOnlyList<long>> GetGroupsAsync() => Task.FromResult<IReadOnlyList<long>>(memberships.State.Groups.ToArray());

    /// <inheritdoc />
    public async Task AddMembershipAsync(long gid)
    {
        var groups = memberships.State.Groups;
        var at = groups.BinarySearch(gid);
        if (at < 0)
        {
            groups.Insert(~at, gid);
            await memberships.WriteStateAsync();
        }
    }

    /// <inheritdoc />
    public async Task RemoveMembershipAsync(long gid)
    {
        if (memberships.State.Groups.Remove(gid))
        {
            await memberships.WriteStateAsync();
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ChatMessage>> ConnectAsync(string gatewayId, IUserObserver observer)
    {
        ArgumentException.ThrowIfNullOrEmpty(gatewayId);
        _gateways[gatewayId] = observer;
        KeepAliveWhileOnline();
        if (state.State.Pending.Count == 0)
        {
            return [];
        }
        var pending = state.State.Pending.ToArray();
        state.State.Pending = [];
        await state.WriteStateAsync();
        return pending;
    }

    /// <inheritdoc />
    public Task DisconnectAsync(string gatewayId)
    {
        _gateways.Remove(gatewayId);
        KeepAliveWhileOnline();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task DeliverAsync(ChatMessage message)
    {
        var delivered = false;
        foreach (var (gateway, observer) in _gateways.ToList())
        {
            try
            {
                await observer.OnDirectMessageAsync(new DirectMessageEvent(Address, message));
                delivered = true;
            }
            catch (GrainUnavailableException)
            {
                _gateways.Remove(gateway);
                KeepAliveWhileOnline();
            }
        }
        if (!delivered && message.To == Address)
        {
            state.State.Pending.Add(message);
            if (state.State.Pending.Count > Limits.MaxStoredMessages)
            {
                state.State.Pending.RemoveRange(0, state.State.Pending.Count - Limits.MaxStoredMessages);
            }
            await state.WriteStateAsync();
        }
    }

    // The gateways a user is online at exist only in this activation: it must not be collected as idle meanwhile.
    private void KeepAliveWhileOnline() => DelayDeactivation(_gateways.Count > 0 ? TimeSpan.FromDays(3650) : TimeSpan.Zero);
}
