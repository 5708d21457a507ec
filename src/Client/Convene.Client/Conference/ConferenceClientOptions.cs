using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR.Client;

namespace Convene.Client.Conference;

/// <summary>How a <see cref="ConferenceClient"/> connects.</summary>
public sealed class ConferenceClientOptions
{
    /// <summary>The server's base URL (the hub is at <c>/hub</c> under it), e.g. <c>https://convene.example.com</c>.</summary>
    public required Uri BaseUrl { get; init; }

    /// <summary>
    /// The user's access token, asked for at every (re)connection: return a fresh one after the backend regenerated
    /// it (a regenerated token closes the user's connections; the client then reconnects with the new one).
    /// </summary>
    public required Func<Task<string?>> AccessTokenProvider { get; init; }

    /// <summary>Reconnect by itself after the connection is lost, and rejoin the groups it had joined (default true).</summary>
    public bool Reconnect { get; init; } = true;

    /// <summary>The longest wait between two reconnection attempts (the waits double from 0.25 s up to it; default 10 s).</summary>
    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Give up reconnecting after this long (default: never). The client is then <see cref="ConferenceClient.Closed"/>.</summary>
    public TimeSpan? ReconnectTimeout { get; init; }

    /// <summary>How long rejoining one group is retried while the server answers <c>unavailable</c> (default 15 s).</summary>
    public TimeSpan RejoinTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Changes the HTTP connection's options (transports, headers, <c>SkipNegotiation</c>, a test handler …).</summary>
    public Action<HttpConnectionOptions>? ConfigureHttp { get; init; }

    /// <summary>Changes the SignalR connection's builder (logging, protocol, server timeout …) before it is built.</summary>
    public Action<IHubConnectionBuilder>? ConfigureConnection { get; init; }
}
