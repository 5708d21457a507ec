using System.Globalization;
using Convene.Media.Relay;
using Microsoft.Extensions.Logging;

namespace Convene.Grains.Groups;

/// <summary>The room's media relay, owned by the group grain while a call is active (live state, never persisted).</summary>
public sealed partial class GroupGrain
{
    private RoomMedia? _media;

    private RoomMedia Media => _media ??= new RoomMedia(
        ServiceProvider.GetService(typeof(IMediaRelay)) as IMediaRelay,
        _gid.ToString(CultureInfo.InvariantCulture),
        GrainFactory,
        (ServiceProvider.GetService(typeof(ILoggerFactory)) as ILoggerFactory)?.CreateLogger("Convene.Grains.RoomMedia")
            ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

    /// <inheritdoc />
    public override Task OnDeactivateAsync(Convene.Actors.DeactivationReason reason, CancellationToken cancellationToken)
    {
        _media?.Close();
        return Task.CompletedTask;
    }

    /// <summary>The last member left the call: the relay's peers go with it.</summary>
    private void CloseMediaIfEmpty()
    {
        if (_online.Count == 0) _media?.Close();
    }
}
