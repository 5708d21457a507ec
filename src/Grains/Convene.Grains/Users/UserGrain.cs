using Convene.Grains.Chat;
using Convene.Grains.Hosting;
using Convene.Grains.Rooms;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Convene.Grains.Users;

/// <summary>A user (key = address): profile, access-token hash, group memberships, one-to-one delivery.</summary>
public sealed partial class UserGrain(
    [PersistentState("user", ConveneGrainStorage.Name)] IPersistentState<UserState> state,
    [PersistentState("memberships", ConveneGrainStorage.Name)] IPersistentState<MembershipState> memberships,
    TimeProvider time,
    IOptions<GatewayRegistrationOptions> registration,
    ILogger<UserGrain> logger) : Grain, IUserGrain
{
    // How long a gateway may take to confirm a one-to-one message before it is kept for later instead.
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(5);

    // Live state, never persisted: the gateways the user is online at, with their observers. The gateways
    // re-register every user they have online periodically, so a reactivated user grain gets them back.
    private readonly Dictionary<string, IUserObserver> _gateways = new(StringComparer.Ordinal);

    // When each gateway last registered (live state too): one that stops refreshing (its process died without saying
    // so) expires after Convene:Gateways:Expiry, and a call whose party's connection was there ends.
    private readonly Dictionary<string, DateTimeOffset> _refreshedAt = new(StringComparer.Ordinal);

    private readonly DateTimeOffset _activatedAt = time.GetUtcNow();

    private string Address => this.GetPrimaryKeyString();

    /// <inheritdoc />
    public async Task<IssuedToken> AddAsync(UserProfile profile)
    {
        if (Limits.CheckAddress(Address) is { } why)
        {
            throw new ArgumentException($"address {why}");
        }
        var now = time.GetUtcNow();
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
                await observer.OnAccessRevokedAsync(Address).WaitAsync(DeliveryTimeout);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                ForgetGateway(gateway, e);
            }
        }
    }

    /// <inheritdoc />
    public Task<UserInfo?> GetAsync() => Task.FromResult(state.State.Exists
        ? new UserInfo(Address, state.State.Name, state.State.CreatedAt, state.State.TokenExpiresAt)
        : null);

    /// <inheritdoc />
    public Task<long[]> GetGroupsAsync() => Task.FromResult(memberships.State.Groups.Keys.Order().ToArray());

    /// <inheritdoc />
    public async Task AddMembershipAsync(long gid, long seenUpTo)
    {
        if (memberships.State.Groups.TryAdd(gid, seenUpTo))
        {
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
    public Task<long?> GetSeenAsync(long gid) =>
        Task.FromResult(memberships.State.Groups.TryGetValue(gid, out var seen) ? seen : (long?)null);

    /// <inheritdoc />
    public async Task SetSeenAsync(long gid, long messageId)
    {
        if (memberships.State.Groups.TryGetValue(gid, out var seen) && seen < messageId)
        {
            memberships.State.Groups[gid] = messageId;
            await memberships.WriteStateAsync();
        }
    }

    /// <inheritdoc />
    public async Task<ChatMessage[]> ConnectAsync(string gatewayId, IUserObserver observer)
    {
        ArgumentException.ThrowIfNullOrEmpty(gatewayId);
        ArgumentNullException.ThrowIfNull(observer);
        _gateways[gatewayId] = observer;
        _refreshedAt[gatewayId] = time.GetUtcNow();
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
        _refreshedAt.Remove(gatewayId);
        KeepAliveWhileOnline();
        if (_gateways.Count == 0)
        {
            EndCallOffline();
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<bool> IsOnlineAtAsync(string gatewayId)
    {
        var now = time.GetUtcNow();
        var expiry = registration.Value.Expiry;
        return Task.FromResult(_refreshedAt.TryGetValue(gatewayId, out var refreshed)
            ? now - refreshed <= expiry
            : now - _activatedAt < expiry);
    }

    /// <summary>Gateways that stopped refreshing are gone: the user is not online there any more.</summary>
    private void ForgetExpiredGateways()
    {
        var oldest = time.GetUtcNow() - registration.Value.Expiry;
        foreach (var (gateway, refreshed) in _refreshedAt.Where(g => g.Value < oldest).ToList())
        {
            LogGatewayExpired(logger, Address, gateway, refreshed);
            _refreshedAt.Remove(gateway);
            _gateways.Remove(gateway);
        }
        KeepAliveWhileOnline();
    }

    /// <inheritdoc />
    public async Task DeliverAsync(ChatMessage message)
    {
        var delivered = false;
        foreach (var (gateway, observer) in _gateways.ToList())
        {
            try
            {
                delivered |= await observer.OnDirectMessageAsync(new DirectMessageEvent(Address, message)).WaitAsync(DeliveryTimeout);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                ForgetGateway(gateway, e);
            }
        }
        // Kept until a connection confirms it: a one-way call returning says nothing about delivery.
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

    private void ForgetGateway(string gateway, Exception e)
    {
        LogGatewayLost(logger, Address, gateway, e.GetType().Name);
        _gateways.Remove(gateway);
        KeepAliveWhileOnline();
    }

    // The gateways a user is online at exist only in this activation: it must not be collected as idle meanwhile.
    private void KeepAliveWhileOnline() => DelayDeactivation(_gateways.Count > 0 ? TimeSpan.FromDays(1) : TimeSpan.Zero);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {Address}: gateway {Gateway} expired (last registered {Refreshed:o})")]
    private static partial void LogGatewayExpired(ILogger logger, string address, string gateway, DateTimeOffset refreshed);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {Address}: gateway {Gateway} did not answer ({Error}); forgotten until it registers again")]
    private static partial void LogGatewayLost(ILogger logger, string address, string gateway, string error);
}
