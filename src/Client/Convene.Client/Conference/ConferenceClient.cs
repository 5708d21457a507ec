using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Convene.Client.Conference;

/// <summary>
/// A user's connection to the conference hub (<c>/hub</c>): join group calls, list publishers, chat, one-to-one
/// messages, and the hub's events as .NET events. Signalling only: no media. After a lost connection (the server
/// dropped it, restarted, or the user's token was regenerated) it reconnects by itself and joins the groups it had
/// joined again (<see cref="GroupRestored"/>); when a room's call moves to another silo (<see cref="Moved"/>) it
/// rejoins that group. Hub errors are thrown as <see cref="ConferenceHubException"/>.
/// </summary>
/// <remarks>
/// Event handlers run on SignalR's receive loop, one at a time: keep them short and do not wait in them for a
/// hub call to return (start it and continue elsewhere). A hub method or event this class does not wrap yet can be
/// reached through <see cref="InvokeAsync{T}"/> and <see cref="On{T}"/>.
/// </remarks>
public sealed partial class ConferenceClient : IAsyncDisposable
{
    private readonly ConferenceClientOptions _options;
    private readonly GroupRestorer _restorer;
    private readonly CancellationTokenSource _disposed = new();
    private volatile bool _stopped = true;

    /// <summary>A client with <paramref name="options"/>; call <see cref="StartAsync"/> to connect.</summary>
    /// <param name="options">Where and how to connect.</param>
    public ConferenceClient(ConferenceClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        var policy = new ReconnectPolicy(options.MaxReconnectDelay, options.ReconnectTimeout);
        var hubUrl = new Uri(options.BaseUrl.AbsoluteUri.TrimEnd('/') + "/hub");
        var builder = new HubConnectionBuilder().WithUrl(hubUrl, http =>
        {
            http.AccessTokenProvider = options.AccessTokenProvider;
            options.ConfigureHttp?.Invoke(http);
        });
        if (options.Reconnect) builder.WithAutomaticReconnect(policy);
        options.ConfigureConnection?.Invoke(builder);
        Connection = builder.Build();
        _restorer = new GroupRestorer(this, policy, options.RejoinTimeout, _disposed.Token);
        WireEvents();
        WireCallEvents();
        WireHandEvents();
        WireAccessEvents();
    }

    /// <summary>A client for <paramref name="baseUrl"/> with a fixed access token; call <see cref="StartAsync"/> to connect.</summary>
    /// <param name="baseUrl">The server's base URL.</param>
    /// <param name="accessToken">The user's access token (from the backend API's <c>useradd</c>).</param>
    public ConferenceClient(Uri baseUrl, string accessToken)
        : this(new ConferenceClientOptions { BaseUrl = baseUrl, AccessTokenProvider = () => Task.FromResult<string?>(accessToken) })
    {
    }

    /// <summary>The underlying SignalR connection (for its state, connection id, or hub features not wrapped here).</summary>
    public HubConnection Connection { get; }

    /// <summary>The connection's state.</summary>
    public HubConnectionState State => Connection.State;

    /// <summary>The groups joined through this client (restored after a reconnection).</summary>
    public IReadOnlyCollection<long> JoinedGroups => _restorer.Joined;

    /// <summary>Connects a client to <paramref name="baseUrl"/> with <paramref name="accessToken"/>.</summary>
    /// <param name="baseUrl">The server's base URL.</param>
    /// <param name="accessToken">The user's access token.</param>
    /// <param name="cancellationToken">Cancels connecting.</param>
    public static async Task<ConferenceClient> ConnectAsync(Uri baseUrl, string accessToken, CancellationToken cancellationToken = default)
    {
        var client = new ConferenceClient(baseUrl, accessToken);
        try
        {
            await client.StartAsync(cancellationToken);
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>Connects (negotiate, WebSocket, handshake). An unknown, revoked or expired token fails here with a 401.</summary>
    /// <param name="cancellationToken">Cancels connecting.</param>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        _stopped = false;
        await Connection.StartAsync(cancellationToken);
    }

    /// <summary>Disconnects without reconnecting; the server leaves your groups for you.</summary>
    /// <param name="cancellationToken">Cancels waiting.</param>
    public Task StopAsync(CancellationToken cancellationToken = default)
    {
        _stopped = true;
        return Connection.StopAsync(cancellationToken);
    }

    /// <summary>Who this connection is.</summary>
    public Task<Identity> HelloAsync(CancellationToken cancellationToken = default) =>
        InvokeAsync<Identity>("Hello", [], cancellationToken);

    /// <summary>Joins a group call: what you may do, the publishers (if you may list) and the messages you missed. Remembered for reconnections.</summary>
    /// <param name="gid">The group.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    public async Task<GroupJoin> JoinGroupAsync(long gid, CancellationToken cancellationToken = default)
    {
        var join = await InvokeAsync<GroupJoin>("JoinGroup", [gid], cancellationToken);
        _restorer.Add(gid);
        return join;
    }

    /// <summary>Leaves a group call: your streams end and your subscriptions go.</summary>
    /// <param name="gid">The group.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    public Task LeaveGroupAsync(long gid, CancellationToken cancellationToken = default)
    {
        _restorer.Remove(gid);
        return InvokeAsync("LeaveGroup", [gid], cancellationToken);
    }

    /// <summary>The streams being published in a group (list permission).</summary>
    /// <param name="gid">The group.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    public Task<Participant[]> ListPublishersAsync(long gid, CancellationToken cancellationToken = default) =>
        InvokeAsync<Participant[]>("ListPublishers", [gid], cancellationToken);

    /// <summary>Publishes a stream (publish permission; join first). Without an SDP offer only the signalling happens.</summary>
    /// <param name="gid">The group.</param>
    /// <param name="request">The stream.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    public Task<MediaAnswer> PublishAsync(long gid, PublishRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync<MediaAnswer>("Publish", [gid, request], cancellationToken);

    /// <summary>Stops publishing a stream; its subscribers get <see cref="HungUp"/>.</summary>
    /// <param name="gid">The group.</param>
    /// <param name="streamId">The stream id.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    public Task UnpublishAsync(long gid, int streamId, CancellationToken cancellationToken = default) =>
        InvokeAsync("Unpublish", [gid, streamId], cancellationToken);

    /// <summary>Subscribes to a publisher's stream (subscribe permission; join first).</summary>
    /// <param name="gid">The group.</param>
    /// <param name="request">Which stream and which media.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    public Task<MediaAnswer> SubscribeAsync(long gid, SubscribeRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync<MediaAnswer>("Subscribe", [gid, request], cancellationToken);

    /// <summary>Stops receiving a stream; its publisher gets <see cref="SubscriberChanged"/> (false).</summary>
    /// <param name="gid">The group.</param>
    /// <param name="publisher">The publisher's address.</param>
    /// <param name="streamId">The stream id.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    public Task UnsubscribeAsync(long gid, string publisher, int streamId, CancellationToken cancellationToken = default) =>
        InvokeAsync("Unsubscribe", [gid, publisher, streamId], cancellationToken);

    /// <summary>
    /// Who subscribes to one of your streams now, with what they receive (what <see cref="SubscriberChanged"/> tells),
    /// ordered by address; <c>not_found</c> when you do not publish it. Re-read it on <see cref="ResyncNeeded"/>.
    /// </summary>
    /// <param name="gid">The group (join first).</param>
    /// <param name="streamId">Your stream's id.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    public Task<Subscriber[]> ListSubscribersAsync(long gid, int streamId, CancellationToken cancellationToken = default) =>
        InvokeAsync<Subscriber[]>("ListSubscribers", [gid, streamId], cancellationToken);

    /// <summary>Mutes or unmutes one of your streams; its subscribers get <see cref="MuteChanged"/>.</summary>
    /// <param name="gid">The group.</param>
    /// <param name="streamId">The stream id.</param>
    /// <param name="audioMuted">Mute its audio.</param>
    /// <param name="videoMuted">Mute its video.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    public Task<Participant> SetMuteAsync(long gid, int streamId, bool audioMuted, bool videoMuted, CancellationToken cancellationToken = default) =>
        InvokeAsync<Participant>("SetMute", [gid, streamId, audioMuted, videoMuted], cancellationToken);

    /// <summary>Calls any hub method and returns its answer; hub errors become <see cref="ConferenceHubException"/>.</summary>
    /// <typeparam name="T">The answer's type.</typeparam>
    /// <param name="method">The hub method.</param>
    /// <param name="args">Its arguments.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    public async Task<T> InvokeAsync<T>(string method, object?[] args, CancellationToken cancellationToken = default)
    {
        try
        {
            return await Connection.InvokeCoreAsync<T>(method, args, cancellationToken);
        }
        catch (HubException e)
        {
            throw ConferenceHubException.From(method, e);
        }
    }

    /// <summary>Calls any hub method that answers nothing; hub errors become <see cref="ConferenceHubException"/>.</summary>
    /// <param name="method">The hub method.</param>
    /// <param name="args">Its arguments.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    public async Task InvokeAsync(string method, object?[] args, CancellationToken cancellationToken = default)
    {
        try
        {
            await Connection.InvokeCoreAsync(method, args, cancellationToken);
        }
        catch (HubException e)
        {
            throw ConferenceHubException.From(method, e);
        }
    }

    /// <summary>Handles a hub event this class does not wrap yet (one argument).</summary>
    /// <typeparam name="T">The argument's type.</typeparam>
    /// <param name="eventName">The event's name, e.g. <c>OnMute</c>.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>Dispose it to remove the handler.</returns>
    public IDisposable On<T>(string eventName, Action<T> handler) => Connection.On(eventName, handler);

    /// <summary>Handles a hub event this class does not wrap yet (two arguments; use <see cref="Connection"/> for other shapes).</summary>
    /// <typeparam name="T1">The first argument's type.</typeparam>
    /// <typeparam name="T2">The second argument's type.</typeparam>
    /// <param name="eventName">The event's name, e.g. <c>OnPublisher</c>.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>Dispose it to remove the handler.</returns>
    public IDisposable On<T1, T2>(string eventName, Action<T1, T2> handler) => Connection.On(eventName, handler);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _stopped = true;
        await _disposed.CancelAsync();
        await Connection.DisposeAsync();
        // _disposed is cancelled, not disposed: a rejoin or restart still running may read its token.
    }

    internal bool Stopped => _stopped || _disposed.IsCancellationRequested;
}
