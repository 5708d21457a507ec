using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using Convene.Actors.Concurrency;

namespace Convene.Actors.Serialization;

/// <summary>
/// Decides, once per type, how a value crosses an activation boundary: by reference when the type is
/// immutable, by a JSON round trip (the wire format a silo-to-silo transport uses) otherwise, and
/// refuses types that cannot cross a boundary at all (delegates, streams, tasks, pointers, <see cref="object"/>).
/// </summary>
internal static class Copier
{
    private static readonly ConcurrentDictionary<Type, CopyPlan> Plans = new();

    /// <summary>The copy plan for <paramref name="type"/>.</summary>
    public static CopyPlan For(Type type) => Plans.GetOrAdd(type, static t => Build(t, []));

    private static CopyPlan Build(Type type, HashSet<Type> visiting)
    {
        if (IsImmutable(type, visiting))
        {
            return CopyPlan.ByReference;
        }
        var refusal = Refusal(type);
        if (refusal is not null)
        {
            return CopyPlan.Refused($"type {type.FullName} {refusal}");
        }
        if (type == typeof(byte[]))
        {
            return new CopyPlan(static v => ((byte[])v).Clone(), null);
        }
        return new CopyPlan(v => JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(v, type, ActorJson.Options), type, ActorJson.Options)!, null);
    }

    private static bool IsImmutable(Type type, HashSet<Type> visiting)
    {
        if (type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) ||
            type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(TimeSpan) ||
            type == typeof(Guid) || type == typeof(Uri) || type == typeof(Version) || type == typeof(void))
        {
            return true;
        }
        if (type.IsInterface && typeof(IAddressable).IsAssignableFrom(type))
        {
            return true; // grain and observer references are passed as references
        }
        if (type.GetCustomAttribute<ImmutableAttribute>(inherit: false) is not null)
        {
            return true;
        }
        if (Nullable.GetUnderlyingType(type) is { } inner)
        {
            return IsImmutable(inner, visiting);
        }
        if (type.IsValueType && !type.IsByRefLike && visiting.Add(type))
        {
            // A struct whose fields are all immutable is copied by value already.
            var fields = type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);
            return fields.All(f => IsImmutable(f.FieldType, visiting));
        }
        return false;
    }

    private static string? Refusal(Type type)
    {
        if (type == typeof(object)) return "is object: declare a concrete, serialisable type";
        if (type.IsPointer || type.IsByRef || type.IsByRefLike || type == typeof(IntPtr) || type == typeof(UIntPtr)) return "is a pointer or by-ref type";
        if (typeof(Delegate).IsAssignableFrom(type)) return "is a delegate";
        if (typeof(Task).IsAssignableFrom(type) || type.Name.StartsWith("ValueTask", StringComparison.Ordinal)) return "is a task";
        if (typeof(Stream).IsAssignableFrom(type)) return "is a stream";
        if (typeof(MemberInfo).IsAssignableFrom(type)) return "is reflection metadata";
        if (type == typeof(CancellationToken)) return "is a cancellation token";
        if (typeof(Grain).IsAssignableFrom(type)) return "is a grain instance: pass a grain reference (its interface) instead";
        if (type.IsInterface && !IsSerializableInterface(type)) return "is an interface that is neither a grain/observer interface nor a collection interface";
        if (type.IsAbstract && !type.IsInterface) return "is abstract";
        if (type.IsGenericType)
        {
            foreach (var arg in type.GetGenericArguments())
            {
                if (!IsImmutable(arg, []) && Refusal(arg) is { } inner) return $"contains {arg.Name}, which {inner}";
            }
        }
        if (type.IsArray && type.GetElementType() is { } element && !IsImmutable(element, []) && Refusal(element) is { } elementRefusal)
        {
            return $"has elements of {element.Name}, which {elementRefusal}";
        }
        return null;
    }

    private static bool IsSerializableInterface(Type type)
    {
        if (!type.IsGenericType) return false;
        var definition = type.GetGenericTypeDefinition();
        return definition == typeof(IEnumerable<>) || definition == typeof(IReadOnlyList<>) || definition == typeof(IReadOnlyCollection<>) ||
               definition == typeof(IList<>) || definition == typeof(ICollection<>) || definition == typeof(IDictionary<,>) ||
               definition == typeof(IReadOnlyDictionary<,>) || definition == typeof(ISet<>) || definition == typeof(IReadOnlySet<>);
    }
}
