using System.ComponentModel;

namespace Convene.Gateway.Apis.Rest;

/// <summary><c>PUT /v1/groups/{gid}/members/{address}</c>: the member's permissions, admin rights and own call settings.</summary>
public sealed record MemberRequest(MemberPermissions? Permissions, AdminFlags? Admin, MemberCallSettings? Call, [property: Description("The message type the send/recv permissions apply to.")] int? Type);
