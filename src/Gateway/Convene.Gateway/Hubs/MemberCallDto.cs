using System.Text.Json.Serialization;

namespace Convene.Gateway.Hubs;

/// <summary>
/// A member's own call settings (<c>group.members.call.*</c>), tightening the room's: resolution 0..3 (-1: the room's),
/// maxHeight in pixels (0: none), bitrate in kbit/s (0: the room's), audio/video allowed. In a request, null leaves a
/// value as it is and <c>default: true</c> first resets them all.
/// </summary>
public sealed record MemberCallDto(
    int? Resolution = null, int? MaxHeight = null, int? Bitrate = null, bool? Audio = null, bool? Video = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Default = null);
