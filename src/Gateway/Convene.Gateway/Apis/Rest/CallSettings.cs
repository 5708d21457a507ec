using System.Text.Json.Serialization;
using System.ComponentModel;

namespace Convene.Gateway.Apis.Rest;

/// <summary>The room's call settings.</summary>
public sealed record CallSettings(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] [property: Description("In a request: reset the call settings to the defaults first.")] bool? Default,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Flags,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] [property: Description("0 standard, 1 HD, 2 full HD, 3 4K.")] int? Resolution,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] [property: Description("Maximum call duration in seconds; 0 unlimited.")] int? Maxdur,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Audio,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Video,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Screen,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Simulcast,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] [property: Description("Maximum bitrate in kbit/s; 0 unlimited.")] int? Bitrate,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] [property: Description("Video codecs in order of preference, e.g. \"vp8,vp9,h264,av1\" (vp8, vp9, h264, av1).")] string? Codecs = null);
