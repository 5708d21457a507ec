using System.Text.Json.Serialization;

namespace Convene.Gateway.Apis.Rest;

/// <summary>A member: address, permissions, admin rights, own call settings and per-type permissions.</summary>
public sealed record MemberView(string Address, MemberPermissions Permissions, AdminFlags Admin, MemberCallSettings? Call, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] MemberTypeView[]? Types);
