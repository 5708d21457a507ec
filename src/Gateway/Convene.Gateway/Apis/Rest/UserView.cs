using System.Text.Json.Serialization;
using System.ComponentModel;

namespace Convene.Gateway.Apis.Rest;

/// <summary>A user in an answer: its address and, from useradd, the access token (shown once).</summary>
public sealed record UserView(
    string Address,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Token,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Created,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] [property: Description("When the token expires (ISO 8601), if it does.")] string? Expiry);
