using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Convene.Gateway.Apis.Rest;

/// <summary>A member's own call settings (<c>group.members.call</c>): limits that tighten the room's, never loosen them.</summary>
public sealed record MemberCallSettings(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] [property: Description("In a request: back to the room's settings first.")] bool? Default,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] [property: Description("0 standard, 1 HD, 2 full HD, 3 4K; -1 the room's.")] int? Resolution,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] [property: Description("Tallest video in lines; 0 the room's.")] int? Maxheight,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] [property: Description("Maximum video bitrate in kbit/s; 0 the room's.")] int? Bitrate,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] [property: Description("May publish audio (and the room allows it).")] bool? Audio,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] [property: Description("May publish video (and the room allows it).")] bool? Video);
