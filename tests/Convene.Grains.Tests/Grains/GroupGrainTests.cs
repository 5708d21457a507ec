using Convene.Grains.Groups;
using Convene.Grains.Permissions;

namespace Convene.Grains.Tests.Grains;

/// <summary>Group administration through the grain: create, set, members, delete, permissions of users.</summary>
public sealed class GroupGrainTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private readonly IGrainFactory _grains = fixture.Grains;

    [Fact]
    public async Task Group_ids_are_unique_and_increasing_even_when_requested_concurrently()
    {
        var allocator = _grains.GetGrain<IGroupIdAllocatorGrain>(IGroupIdAllocatorGrain.Key);

        var ids = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => allocator.NextAsync()));

        Assert.Equal(40, ids.Distinct().Count());
        Assert.All(ids, id => Assert.True(id > 0));
        Assert.True(await allocator.NextAsync() > ids.Max(), "a later id must be larger than every earlier one");
    }

    [Fact]
    public async Task Create_applies_flags_permissions_call_settings_and_members()
    {
        var (gid, group) = await _grains.NewGroupAsync(new GroupChange
        {
            Name = "webinar",
            Flags = GroupFlags.SelectedCanPublish,
            Permissions = new PermissionsChange(Sub: Audience.Anyone, List: Audience.Anyone),
            Call = new CallChange(Resolution: 2, MaxDuration: 3600),
            Members = new MemberChange(["host", "guest"], Permissions: new MemberPermissionsChange(Pub: false)),
        });

        var info = (await group.GetAsync(Actor.Backend)).Value!;

        Assert.Equal(gid, info.Gid);
        Assert.Equal("webinar", info.Settings.Name);
        Assert.Equal(GroupFlags.SelectedCanPublish | GroupFlags.AnyoneCanSubscribe | GroupFlags.AnyoneCanList, info.Settings.Flags);
        Assert.Equal(2, info.Settings.Call.Resolution);
        Assert.Equal(3600, info.Settings.Call.MaxDuration);
        Assert.Equal(2, info.MemberCount);
        Assert.InRange(info.Settings.ExpiresAt - info.Settings.ValidFrom, TimeSpan.FromDays(364.9), TimeSpan.FromDays(365.1));
        Assert.Equal(GroupStatus.Conflict, (await group.CreateAsync(new GroupChange())).Status);
    }

    [Fact]
    public async Task Invalid_settings_change_nothing()
    {
        var (_, group) = await _grains.NewGroupAsync(new GroupChange { Name = "before" });

        var result = await group.UpdateAsync(Actor.Backend, new GroupChange { Name = "after", Flags = (GroupFlags)0x4 });

        Assert.Equal(GroupStatus.Invalid, result.Status);
        Assert.Contains("group.flags", result.Error);
        Assert.Equal("before", (await group.GetAsync(Actor.Backend)).Value!.Settings.Name);
    }

    [Fact]
    public async Task Members_are_added_updated_paged_and_removed()
    {
        var (_, group) = await _grains.NewGroupAsync(new GroupChange());
        var addresses = Enumerable.Range(0, 25).Select(i => $"user{i:00}").ToArray();

        Assert.True((await group.EditMembersAsync(Actor.Backend, new MemberChange(addresses))).IsOk);
        Assert.True((await group.EditMembersAsync(Actor.Backend, new MemberChange(["user03"], Permissions: new MemberPermissionsChange(Pub: false), Admin: new AdminChange(Admin: true)))).IsOk);
        Assert.True((await group.EditMembersAsync(Actor.Backend, new MemberChange(["user00", "user01"], Remove: true))).IsOk);

        var page = (await group.GetMembersAsync(Actor.Backend, 0, 10)).Value!;
        var rest = (await group.GetMembersAsync(Actor.Backend, 20, 10)).Value!;

        Assert.Equal(23, page.Total);
        Assert.Equal(addresses[2..12], page.Members.Select(m => m.Address));
        Assert.Equal(3, rest.Members.Length);
        var user03 = page.Members.Single(m => m.Address == "user03");
        Assert.False(user03.Permissions.Pub);
        Assert.True(user03.Permissions.Sub);
        Assert.Equal(AdminRights.Admin, user03.Admin);
    }

    [Fact]
    public async Task Users_administer_only_with_admin_rights_and_refusals_change_nothing()
    {
        var (_, group) = await _grains.NewGroupAsync(new GroupChange
        {
            Name = "class",
            Members = new MemberChange(["teacher", "student"]),
        });
        await group.EditMembersAsync(Actor.Backend, new MemberChange(["teacher"], Admin: new AdminChange(AddUser: true, Modify: true)));

        var byStudent = await group.EditMembersAsync(Actor.User("student"), new MemberChange(["friend"]));
        var byTeacher = await group.EditMembersAsync(Actor.User("teacher"), new MemberChange(["pupil"]));
        var teacherRemoves = await group.EditMembersAsync(Actor.User("teacher"), new MemberChange(["student"], Remove: true));
        var teacherPromotes = await group.EditMembersAsync(Actor.User("teacher"), new MemberChange(["pupil"], Admin: new AdminChange(Admin: true)));
        var teacherRenames = await group.UpdateAsync(Actor.User("teacher"), new GroupChange { Name = "renamed" });
        var studentDeletes = await group.DeleteAsync(Actor.User("student"));

        Assert.Equal(GroupStatus.Forbidden, byStudent.Status);
        Assert.True(byTeacher.IsOk, byTeacher.Error);
        Assert.Equal(GroupStatus.Forbidden, teacherRemoves.Status);
        Assert.Equal(GroupStatus.Forbidden, teacherPromotes.Status);
        Assert.True(teacherRenames.IsOk, teacherRenames.Error);
        Assert.Equal(GroupStatus.Forbidden, studentDeletes.Status);
        var members = (await group.GetMembersAsync(Actor.Backend, 0, 100)).Value!.Members.Select(m => m.Address).ToList();
        Assert.Equal(["teacher", "student", "pupil"], members);
        Assert.Equal(AdminRights.None, (await group.GetMembersAsync(Actor.Backend, 2, 1)).Value!.Members[0].Admin);
    }

    [Fact]
    public async Task A_deleted_group_is_gone_and_its_gid_is_never_reused()
    {
        var (gid, group) = await _grains.NewGroupAsync(new GroupChange { Name = "temp", Members = new MemberChange(["a"]) });

        Assert.True((await group.DeleteAsync(Actor.Backend)).IsOk);

        Assert.Equal(GroupStatus.NotFound, (await group.GetAsync(Actor.Backend)).Status);
        Assert.Equal(GroupStatus.NotFound, (await group.EditMembersAsync(Actor.Backend, new MemberChange(["b"]))).Status);
        Assert.Equal(GroupStatus.NotFound, (await group.DeleteAsync(Actor.Backend)).Status);
        Assert.Equal(GroupStatus.Conflict, (await group.CreateAsync(new GroupChange())).Status);
        var next = await _grains.GetGrain<IGroupIdAllocatorGrain>(IGroupIdAllocatorGrain.Key).NextAsync();
        Assert.True(next > gid);
    }

    [Fact]
    public async Task Per_message_type_permissions_are_set_through_group_and_member_changes()
    {
        var (_, group) = await _grains.NewGroupAsync(new GroupChange { Members = new MemberChange(["drawer", "viewer"]) });

        await group.UpdateAsync(Actor.Backend, new GroupChange { MessageType = 5, Permissions = new PermissionsChange(Send: Audience.Selected) });
        await group.EditMembersAsync(Actor.Backend, new MemberChange(["viewer"], Permissions: new MemberPermissionsChange(Send: false), MessageType: 5));

        Assert.False((await group.CheckAsync(Actor.User("viewer"), Operation.SendMessage, 5)).Value!.Allowed);
        Assert.True((await group.CheckAsync(Actor.User("viewer"), Operation.SendMessage, 1)).Value!.Allowed);
        Assert.True((await group.CheckAsync(Actor.User("drawer"), Operation.SendMessage, 5)).Value!.Allowed);
    }

    [Fact]
    public async Task Unknown_gids_are_not_found()
    {
        var group = _grains.GetGrain<IGroupGrain>(long.MaxValue - 7);

        Assert.Equal(GroupStatus.NotFound, (await group.GetAsync(Actor.Backend)).Status);
        Assert.Equal(GroupStatus.NotFound, (await group.UpdateAsync(Actor.Backend, new GroupChange { Name = "x" })).Status);
        Assert.Equal(GroupStatus.NotFound, (await group.GetAccessAsync("a")).Status);
    }

    [Fact]
    public async Task A_users_group_list_follows_adds_removals_and_deletion()
    {
        var (g1, group1) = await _grains.NewGroupAsync(new GroupChange { Members = new MemberChange(["list-a", "list-b"]) });
        var (g2, group2) = await _grains.NewGroupAsync(new GroupChange());
        await group2.EditMembersAsync(Actor.Backend, new MemberChange(["list-a"]));
        var a = _grains.GetGrain<Users.IUserGrain>("list-a");
        var b = _grains.GetGrain<Users.IUserGrain>("list-b");
        Assert.Equal([g1, g2], await a.GetGroupsAsync());
        Assert.Equal([g1], await b.GetGroupsAsync());

        await group1.EditMembersAsync(Actor.Backend, new MemberChange(["list-a"], Remove: true));
        await group2.DeleteAsync(Actor.Backend);

        Assert.Empty(await a.GetGroupsAsync());
        Assert.Equal([g1], await b.GetGroupsAsync());
    }
}
