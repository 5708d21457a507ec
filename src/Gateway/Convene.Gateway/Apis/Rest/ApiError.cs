using System.Text.Json.Serialization;

namespace Convene.Gateway.Apis.Rest;

/// <summary>An error answer: <c>op</c> (for operations), <c>result: false</c>, the message naming the field, and the stable <c>code</c>.</summary>
public sealed record ApiError([property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Op, bool Result, string Error, string Code);
