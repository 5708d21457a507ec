namespace Convene.Grains.Groups;

/// <summary>The room's media relay, owned by the group grain while a call is active.</summary>
public sealed partial class GroupGrain
{
    private RoomMedia? _media;

    private RoomMedia Media => _media ??= new RoomMedia();
}
