using Orleans.Concurrency;

namespace Convene.Grains.Groups;

/// <summary><c>group.members.admin.*</c>: true grants, false takes away, null leaves the right as it is.</summary>
[GenerateSerializer, Immutable, Alias("convene.AdminChange")]
public sealed record AdminChange(
    bool? Owner = null, bool? Admin = null, bool? Modify = null, bool? Remove = null, bool? AddUser = null,
    bool? RemUser = null, bool? AddAdmin = null, bool? RemAdmin = null, bool? RemOwner = null);
