using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Convene.Media.Tests.Network;

/// <summary>
/// A user-space UDP impairment proxy for tests (this kernel has no netem): a peer sends to <see cref="EndPoint"/>
/// instead of <see cref="Target"/> (see <see cref="RouteAnswer"/> for a relay's SDP answer), and each direction —
/// <see cref="Upstream"/> (peer → target) and <see cref="Downstream"/> (target → peer) — loses, delays, reorders and
/// caps what it carries as its <see cref="ImpairedLink.Options"/> say. Every peer address gets its own socket towards
/// the target (a NAT-like mapping), so the target answers each peer through the proxy. Randomness is seeded: the seed
/// is in <see cref="ToString"/>; set <c>CONVENE_IMPAIRMENT_SEED</c> to replay a run.
/// </summary>
public sealed class ImpairmentProxy : IAsyncDisposable
{
    /// <summary>The environment variable that fixes the seed of proxies started without one.</summary>
    public const string SeedVariable = "CONVENE_IMPAIRMENT_SEED";

    private readonly Socket _listener;
    private readonly ConcurrentDictionary<IPEndPoint, Socket> _mappings = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];

    private ImpairmentProxy(IPEndPoint target, int seed)
    {
        Target = target;
        Seed = seed;
        _listener = NewSocket(target.AddressFamily);
        EndPoint = (IPEndPoint)_listener.LocalEndPoint!;
        Upstream = new ImpairedLink("up", seed);
        Downstream = new ImpairedLink("down", unchecked(seed * 31 + 17));
    }

    /// <summary>Where the peer should send (loopback, a free port).</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>Where the proxy forwards to (e.g. the relay's socket).</summary>
    public IPEndPoint Target { get; }

    /// <summary>The run's seed (upstream uses it, downstream a number derived from it).</summary>
    public int Seed { get; }

    /// <summary>Peer → target.</summary>
    public ImpairedLink Upstream { get; }

    /// <summary>Target → peer.</summary>
    public ImpairedLink Downstream { get; }

    /// <summary>Peers seen so far (one mapping each).</summary>
    public int Mappings => _mappings.Count;

    /// <summary>
    /// Starts a proxy in front of <paramref name="target"/>. Without <paramref name="seed"/> the seed comes from
    /// <see cref="SeedVariable"/> or, when that is unset, is random.
    /// </summary>
    public static ImpairmentProxy Start(IPEndPoint target, int? seed = null)
    {
        int chosen = seed
            ?? (int.TryParse(Environment.GetEnvironmentVariable(SeedVariable), NumberStyles.Integer, CultureInfo.InvariantCulture, out int fixedSeed)
                ? fixedSeed : Random.Shared.Next());
        var proxy = new ImpairmentProxy(target, chosen);
        lock (proxy._loops)
        {
            proxy._loops.Add(Task.Run(proxy.ListenAsync));
        }
        return proxy;
    }

    /// <summary>
    /// Rewrites an SDP answer so the peer sends to the proxy: the port of <c>m=</c> lines and the address and port of
    /// <c>a=candidate</c> lines that name <see cref="Target"/> become <see cref="EndPoint"/>'s.
    /// </summary>
    public string RouteAnswer(string sdp)
    {
        string targetPort = Target.Port.ToString(CultureInfo.InvariantCulture);
        string ourPort = EndPoint.Port.ToString(CultureInfo.InvariantCulture);
        var sb = new StringBuilder(sdp.Length);
        foreach (string line in sdp.Split("\r\n"))
        {
            string[] parts = line.Split(' ');
            if (line.StartsWith("m=", StringComparison.Ordinal) && parts.Length > 1 && parts[1] == targetPort)
            {
                parts[1] = ourPort;
            }
            else if (line.StartsWith("a=candidate:", StringComparison.Ordinal) && parts.Length > 5 && parts[5] == targetPort)
            {
                (parts[4], parts[5]) = (EndPoint.Address.ToString(), ourPort);
            }

            sb.Append(string.Join(' ', parts)).Append("\r\n");
        }

        return sb.ToString(0, sb.Length - 2); // Split gave one more element than there were line ends
    }

    /// <summary>The seed, how to replay it, and both directions' options and counters — for failure messages.</summary>
    public override string ToString() =>
        $"impairment proxy {EndPoint} → {Target}, seed {Seed} (replay: {SeedVariable}={Seed}), {Mappings} peer(s)\n  {Upstream}\n  {Downstream}";

    /// <summary>Stops both directions and closes every socket.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        foreach (Socket socket in _mappings.Values)
        {
            socket.Dispose();
        }

        try
        {
            Task[] loops;
            lock (_loops)
            {
                loops = [.. _loops];
            }

            await Task.WhenAll(loops).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException or TimeoutException)
        {
            // receive loops end by their socket being closed
        }

        Upstream.Dispose();
        Downstream.Dispose();
        _stop.Dispose();
    }

    private static Socket NewSocket(AddressFamily family)
    {
        var socket = new Socket(family, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 1 << 20, SendBufferSize = 1 << 20 };
        socket.Bind(new IPEndPoint(family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback, 0));
        return socket;
    }

    // Peer → proxy: each new peer address gets its own socket towards the target and a loop for the answers.
    private async Task ListenAsync()
    {
        var buffer = new byte[65536];
        EndPoint any = new IPEndPoint(_listener.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult result;
            try
            {
                result = await _listener.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token);
            }
            catch (SocketException)
            {
                continue; // e.g. an ICMP error for an earlier send
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }

            var peer = (IPEndPoint)result.RemoteEndPoint;
            if (!_mappings.TryGetValue(peer, out Socket? upstream))
            {
                upstream = NewSocket(Target.AddressFamily);
                _mappings[peer] = upstream;
                lock (_loops)
                {
                    _loops.Add(Task.Run(() => AnswerAsync(upstream, peer)));
                }
            }

            Upstream.Submit(buffer.AsSpan(0, result.ReceivedBytes).ToArray(), upstream, Target);
        }
    }

    // Target → proxy (on a peer's mapping) → that peer, from the proxy's listening address.
    private async Task AnswerAsync(Socket upstream, IPEndPoint peer)
    {
        var buffer = new byte[65536];
        EndPoint any = new IPEndPoint(upstream.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult result;
            try
            {
                result = await upstream.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token);
            }
            catch (SocketException)
            {
                continue;
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }

            Downstream.Submit(buffer.AsSpan(0, result.ReceivedBytes).ToArray(), _listener, peer);
        }
    }
}
