using Convene.Media.Relay;

namespace Convene.Media.Tests.Interop;

/// <summary>
/// One Chromium test's room on the <see cref="RelayBrowserFixture"/>'s relay and the peer connection ids it hands
/// out; disposing closes those peer connections in the browser, then the room.
/// </summary>
public sealed class BrowserRoom : IAsyncDisposable
{
    private readonly RelayBrowserFixture _fixture;
    private readonly List<string> _pcs = [];

    internal BrowserRoom(RelayBrowserFixture fixture, IRoomRelay room)
    {
        _fixture = fixture;
        Room = room;
    }

    public IRoomRelay Room { get; }

    /// <summary>A fresh peer connection id (e.g. <c>pub3</c>), closed when the room is disposed.</summary>
    public string NewPc(string prefix)
    {
        var id = _fixture.NewId(prefix);
        _pcs.Add(id);
        return id;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _fixture.CloseAsync([.. _pcs]);
        }
        finally
        {
            Room.Dispose();
        }
    }
}
