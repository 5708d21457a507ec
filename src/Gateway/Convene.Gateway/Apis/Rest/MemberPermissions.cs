using System.Text.Json.Serialization;

namespace Convene.Gateway.Apis.Rest;

/// <summary>A member's own permissions.</summary>
public sealed record MemberPermissions([property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Send, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Recv, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Pub, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Sub, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? List);
