using Convene.Grains.Permissions;

namespace Convene.Grains.Groups;

/// <summary>Applies a <see cref="MemberChange"/> to a member list, validating it and naming the operations it needs. Pure.</summary>
internal static class MemberEditor
{
    /// <summary>The outcome: the new list, the operations the actor needs, the addresses touched; or an error.</summary>
    public sealed record Outcome(List<MemberInfo> Members, IReadOnlyCollection<Operation> Needed, IReadOnlyList<string> Touched);

    /// <summary>Checks the addresses of a change; null if valid.</summary>
    public static string? Validate(MemberChange change)
    {
        if (change.Addresses is null || change.Addresses.Length == 0)
        {
            return "group.members.m is empty";
        }
        if (change.Addresses.Length > Limits.MaxMembersPerRequest)
        {
            return $"group.members.m has {change.Addresses.Length} addresses, more than {Limits.MaxMembersPerRequest}";
        }
        foreach (var address in change.Addresses)
        {
            if (Limits.CheckAddress(address) is { } why)
            {
                var shown = address is null ? "" : address.Length > 40 ? address[..40] + "…" : address;
                return $"group.members.m: address '{shown}' {why}";
            }
        }
        if (change.MessageType is not null && change.Permissions is { } p && (p.Pub is not null || p.Sub is not null || p.List is not null))
        {
            return "group.members.permissions: with type only send and recv can be set";
        }
        return change.Call is { } call ? ValidateCall(change, call) : null;
    }

    private static string? ValidateCall(MemberChange change, MemberCallChange call)
    {
        if (change.MessageType is not null)
        {
            return "group.members.call: cannot be set with type";
        }
        if (call.Resolution is < -1 or > 3)
        {
            return "group.members.call.resolution must be 0 (standard), 1 (HD), 2 (FHD), 3 (4K) or -1 (the room's)";
        }
        if (call.MaxHeight is { } height && height != 0 && height is < 90 or > 4320)
        {
            return "group.members.call.maxheight must be 0 (none) or 90..4320 pixels";
        }
        if (call.Bitrate is < 0 or > 1_000_000)
        {
            return "group.members.call.bitrate must be 0 (the room's) to 1000000 kbit/s";
        }
        return null;
    }

    /// <summary>Applies a validated change.</summary>
    public static Outcome Apply(IReadOnlyList<MemberInfo> current, MemberChange change)
    {
        var members = new List<MemberInfo>(current);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < members.Count; i++)
        {
            index[members[i].Address] = i;
        }
        var needed = new HashSet<Operation>();
        var touched = new List<string>();
        var addresses = change.Addresses.Distinct(StringComparer.Ordinal).ToList();

        if (change.Remove)
        {
            needed.Add(Operation.RemoveMembers);
            var removing = addresses.Where(index.ContainsKey).ToHashSet(StringComparer.Ordinal);
            if (removing.Any(a => (members[index[a]].Admin & AdminRights.Owner) != 0))
            {
                needed.Add(Operation.RemoveOwners);
            }
            members.RemoveAll(m => removing.Contains(m.Address));
            touched.AddRange(removing);
            return new Outcome(members, needed, touched);
        }

        needed.Add(Operation.AddMembers);
        if (change.Admin is { } admin)
        {
            foreach (var (value, right) in Rights(admin))
            {
                if (value is true)
                {
                    needed.Add(right == AdminRights.Owner ? Operation.AddOwners : Operation.AddAdmins);
                }
                else if (value is false)
                {
                    needed.Add(right == AdminRights.Owner ? Operation.RemoveOwners : Operation.RemoveAdmins);
                }
            }
        }
        foreach (var address in addresses)
        {
            var exists = index.TryGetValue(address, out var at);
            var member = exists ? members[at] : MemberInfo.Plain(address);
            member = Update(member, change);
            if (exists)
            {
                members[at] = member;
            }
            else
            {
                index[address] = members.Count;
                members.Add(member);
            }
            touched.Add(address);
        }
        return new Outcome(members, needed, touched);
    }

    private static MemberInfo Update(MemberInfo member, MemberChange change)
    {
        if (change.Permissions is { } p)
        {
            if (change.MessageType is { } type)
            {
                var existing = member.TypePermissions.FirstOrDefault(t => t.Type == type) ?? new MemberTypePermission(type, true, true);
                var updated = existing with { Send = p.Send ?? existing.Send, Recv = p.Recv ?? existing.Recv };
                member = member with { TypePermissions = [.. member.TypePermissions.Where(t => t.Type != type), updated] };
            }
            else
            {
                var m = member.Permissions;
                member = member with
                {
                    Permissions = new MemberPermissions(p.Send ?? m.Send, p.Recv ?? m.Recv, p.Pub ?? m.Pub, p.Sub ?? m.Sub, p.List ?? m.List),
                };
            }
        }
        if (change.Call is { } call)
        {
            var c = call.Reset ? MemberCallSettings.Default : member.Call;
            member = member with
            {
                Call = c with
                {
                    Resolution = call.Resolution is int r ? (r < 0 ? null : r) : c.Resolution,
                    MaxHeight = call.MaxHeight ?? c.MaxHeight,
                    Bitrate = call.Bitrate ?? c.Bitrate,
                    Audio = call.Audio ?? c.Audio,
                    Video = call.Video ?? c.Video,
                },
            };
        }
        if (change.Admin is { } admin)
        {
            var rights = member.Admin;
            foreach (var (value, right) in Rights(admin))
            {
                rights = value switch
                {
                    true => rights | right,
                    false => rights & ~right,
                    _ => rights,
                };
            }
            member = member with { Admin = rights };
        }
        return member;
    }

    private static IEnumerable<(bool? Value, AdminRights Right)> Rights(AdminChange a) =>
    [
        (a.Owner, AdminRights.Owner), (a.Admin, AdminRights.Admin), (a.Modify, AdminRights.Modify),
        (a.Remove, AdminRights.Remove), (a.AddUser, AdminRights.AddUser), (a.RemUser, AdminRights.RemUser),
        (a.AddAdmin, AdminRights.AddAdmin), (a.RemAdmin, AdminRights.RemAdmin), (a.RemOwner, AdminRights.RemOwner),
    ];
}
