using System.Text.Json.Serialization;

namespace Convene.Gateway.Apis.Rest;

/// <summary>Group-level permissions: 0 members, 1 selected members, 2 anyone (for <c>recv</c>, 2 is round-robin).</summary>
public sealed record GroupPermissions([property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Send, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Recv, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Pub, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Sub, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? List);
