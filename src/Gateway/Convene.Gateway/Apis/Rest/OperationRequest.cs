using System.ComponentModel;

namespace Convene.Gateway.Apis.Rest;

/// <summary>
/// <c>POST /api</c>: one of the spec's operations. Read by the envelope's own parser (the spec's field names, flags and
/// lenient query-string form); this record describes the JSON form.
/// </summary>
public sealed record OperationRequest(
    [property: Description("useradd, userdel, groupadd, groupset, groupdel, groupeditmembers, groupgetmembers or groupget.")] string Op,
    [property: Description("The app token, unless sent as Authorization: Bearer.")] string? Token,
    UserRequest? User,
    OperationGroup? Group,
    [property: Description("groupgetmembers: page size (1–1000, default 100).")] int? Count,
    [property: Description("groupgetmembers: first member (default 0).")] int? Offset);
