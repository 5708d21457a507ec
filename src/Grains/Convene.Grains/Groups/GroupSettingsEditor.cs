using Convene.Grains.Permissions;
using Convene.Media.Sdp;

namespace Convene.Grains.Groups;

/// <summary>Applies a <see cref="GroupChange"/> to settings, validating every field. Pure.</summary>
internal static class GroupSettingsEditor
{
    /// <summary>The changed settings, or the error naming the field.</summary>
    public static (GroupSettings? Settings, string? Error) Apply(GroupSettings current, GroupChange change, DateTimeOffset now, bool creating)
    {
        var s = current;
        if (creating)
        {
            s = s with { ValidFrom = now, ExpiresAt = now + GroupSettings.DefaultDuration };
        }
        if (change.Name is { } name)
        {
            if (name.Length > Limits.MaxNameLength)
            {
                return (null, $"group.name is longer than {Limits.MaxNameLength} characters");
            }
            s = s with { Name = name };
        }
        if (change.Flags is { } flags)
        {
            if ((flags & ~GroupFlagsExtensions.Known) != 0)
            {
                return (null, $"group.flags has unknown bits 0x{(uint)(flags & ~GroupFlagsExtensions.Known):x}");
            }
            s = s with { Flags = flags };
        }
        if (change.Active is { } active)
        {
            s = s with { Active = active };
        }
        if (change.Permissions is { } p)
        {
            foreach (var (value, field) in new[] { (p.Send, "send"), (p.Recv, "recv"), (p.Pub, "pub"), (p.Sub, "sub"), (p.List, "list") })
            {
                if (value is { } v && !Enum.IsDefined(v))
                {
                    return (null, $"group.permissions.{field} must be 0, 1 or 2");
                }
            }
            if (change.MessageType is { } type)
            {
                if (p.Pub is not null || p.Sub is not null || p.List is not null)
                {
                    return (null, "group.permissions: with group.type only send and recv can be set");
                }
                var existing = s.MessageTypes.FirstOrDefault(r => r.Type == type) ?? new MessageTypeRule(type, Audience.Members, Audience.Members);
                var rule = existing with { Send = p.Send ?? existing.Send, Receive = p.Recv ?? existing.Receive };
                s = s with { MessageTypes = [.. s.MessageTypes.Where(r => r.Type != type), rule] };
            }
            else
            {
                var f = s.Flags;
                if (p.Send is { } send) f = f.WithAudience(Capability.Send, send);
                if (p.Recv is { } recv) f = f.WithAudience(Capability.Receive, recv);
                if (p.Pub is { } pub) f = f.WithAudience(Capability.Publish, pub);
                if (p.Sub is { } sub) f = f.WithAudience(Capability.Subscribe, sub);
                if (p.List is { } list) f = f.WithAudience(Capability.List, list);
                s = s with { Flags = f };
            }
        }
        if (change.Validity is { } v2)
        {
            if (v2.Start is < 0 or > 100L * 365 * 86400)
            {
                return (null, "group.validity.start must be between 0 and 100 years in seconds");
            }
            if (v2.Duration is <= 0 or > 100L * 365 * 86400)
            {
                return (null, "group.validity.duration must be between 1 second and 100 years in seconds");
            }
            if (v2.ExpiryExt is < 0 or > 100L * 365 * 86400)
            {
                return (null, "group.validity.expiryext must be between 0 and 100 years in seconds");
            }
            var duration = v2.Duration is { } d ? TimeSpan.FromSeconds(d) : s.ExpiresAt - s.ValidFrom;
            var from = v2.Start is { } start ? now.AddSeconds(start) : s.ValidFrom;
            s = s with { ValidFrom = from, ExpiresAt = from + duration, ExpiryExtensionSeconds = v2.ExpiryExt ?? s.ExpiryExtensionSeconds };
        }
        if (change.Call is { } c)
        {
            if (c.Resolution is < 0 or > 3)
            {
                return (null, "group.call.resolution must be 0 (standard), 1 (HD), 2 (FHD) or 3 (4K)");
            }
            if (c.MaxDuration is < 0)
            {
                return (null, "group.call.maxdur must not be negative");
            }
            if (c.Bitrate is < 0)
            {
                return (null, "group.call.bitrate must not be negative");
            }
            if (c.Flags is < 0)
            {
                return (null, "group.call.flags must not be negative");
            }
            string? codecs = null;
            if (c.Codecs is not null)
            {
                if (!VideoCodecs.TryParse(c.Codecs, out var order, out var codecError))
                {
                    return (null, $"group.call.codecs: {codecError}");
                }
                codecs = string.Join(',', order.Select(VideoCodecs.NameOf));
            }
            var call = c.Reset ? CallSettings.Default : s.Call;
            call = call with
            {
                Flags = c.Flags ?? call.Flags,
                Resolution = c.Resolution ?? call.Resolution,
                MaxDuration = c.MaxDuration ?? call.MaxDuration,
                Audio = c.Audio ?? call.Audio,
                Video = c.Video ?? call.Video,
                ScreenSharing = c.ScreenSharing ?? call.ScreenSharing,
                Simulcast = c.Simulcast ?? call.Simulcast,
                Bitrate = c.Bitrate ?? call.Bitrate,
                Codecs = codecs ?? call.Codecs,
            };
            s = s with { Call = call };
        }
        return (s, null);
    }
}
