using System.Text.Json.Serialization;

namespace Convene.Gateway.Apis.Rest;

/// <summary>A member's admin rights.</summary>
public sealed record AdminFlags(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Owner,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Admin,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Modify,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Remove,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Adduser,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Remuser,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Addadmin,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Remadmin,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Remowner);
