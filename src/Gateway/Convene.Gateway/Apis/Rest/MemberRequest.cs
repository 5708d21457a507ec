using System.ComponentModel;

namespace Convene.Gateway.Apis.Rest;

/// <summary><c>PUT /v1/groups/{gid}/members/{address}</c>: the member's permissions and admin rights.</summary>
public sealed record MemberRequest(MemberPermissions? Permissions, AdminFlags? Admin, [property: Description("The message type the send/recv permissions apply to.")] int? Type);
