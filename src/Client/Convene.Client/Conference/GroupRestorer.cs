using Microsoft.AspNetCore.SignalR.Client;

namespace Convene.Client.Conference;

/// <summary>
/// A client's joined groups and how they come back: rejoined after a reconnection or a move, and a new connection
/// started when SignalR's own reconnection ended (the server closed the connection without allowing a reconnect).
/// Like the JS SDK, a rejoin is retried while the server answers <c>unavailable</c> (a room moving between silos).
/// </summary>
internal sealed class GroupRestorer(ConferenceClient client, ReconnectPolicy policy, TimeSpan rejoinTimeout, CancellationToken disposed)
{
    private readonly HashSet<long> _joined = [];

    /// <summary>A snapshot of the joined groups.</summary>
    public IReadOnlyCollection<long> Joined
    {
        get
        {
            lock (_joined) return [.. _joined];
        }
    }

    /// <summary>Remembers a joined group.</summary>
    public void Add(long gid)
    {
        lock (_joined) _joined.Add(gid);
    }

    /// <summary>Forgets a group.</summary>
    public bool Remove(long gid)
    {
        lock (_joined) return _joined.Remove(gid);
    }

    /// <summary>Rejoins <paramref name="gid"/> (if joined) off the connection's callback.</summary>
    public void RejoinInBackground(long gid, RestoreCause cause)
    {
        lock (_joined)
        {
            if (!_joined.Contains(gid)) return;
        }
        _ = Task.Run(() => RejoinAsync(gid, cause));
    }

    /// <summary>Rejoins every joined group (after a reconnection), then reports the client reconnected.</summary>
    public async Task RestoreAllAsync()
    {
        await Task.WhenAll(Joined.Select(gid => RejoinAsync(gid, RestoreCause.Reconnected)));
        client.RaiseReconnected();
    }

    /// <summary>Starts a new connection with the reconnection back-off, then restores the groups; reports the client closed when it gives up.</summary>
    public async Task RestartAsync(Exception? cause)
    {
        client.RaiseReconnecting(cause);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (long attempt = 0; !client.Stopped; attempt++)
        {
            if (policy.Delay(attempt, clock.Elapsed) is not { } delay) break;
            try
            {
                await Task.Delay(delay, disposed);
                await client.Connection.StartAsync(disposed);
                await RestoreAllAsync();
                return;
            }
            catch (OperationCanceledException) when (disposed.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                cause = e;
            }
        }
        client.RaiseClosed(cause);
    }

    private async Task RejoinAsync(long gid, RestoreCause cause)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var attempt = 0; ; attempt++)
        {
            if (client.Stopped || client.State != HubConnectionState.Connected) return; // the next reconnection restores it
            try
            {
                var join = await client.InvokeAsync<GroupJoin>("JoinGroup", [gid], disposed);
                client.RaiseRestored(new GroupRestore(gid, cause, join, null));
                return;
            }
            catch (ConferenceHubException e) when (e.Code is HubErrorCodes.Unavailable or HubErrorCodes.RateLimited && clock.Elapsed < rejoinTimeout)
            {
                await DelayAsync(attempt);
            }
            catch (ConferenceHubException e)
            {
                Remove(gid);
                client.RaiseRestored(new GroupRestore(gid, cause, null, e));
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException && client.State != HubConnectionState.Connected)
            {
                return; // lost again meanwhile: the next reconnection restores it
            }
            catch (Exception e) when (e is not OperationCanceledException && clock.Elapsed < rejoinTimeout)
            {
                await DelayAsync(attempt);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                client.RaiseRestored(new GroupRestore(gid, cause, null, e));
                return;
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private Task DelayAsync(int attempt) =>
        Task.Delay(TimeSpan.FromMilliseconds(Math.Min(2000, 250 * Math.Pow(2, attempt))), disposed);
}
