using System.Collections.Concurrent;
using System.Reflection;

namespace Convene.Actors.Invocation;

/// <summary>The method descriptors of one grain or observer interface (and the interfaces it extends).</summary>
internal sealed class InterfaceMetadata
{
    private static readonly ConcurrentDictionary<Type, InterfaceMetadata> Cache = new();
    private readonly Dictionary<MethodInfo, MethodDescriptor> _methods = [];

    private InterfaceMetadata(Type interfaceType)
    {
        InterfaceType = interfaceType;
        foreach (var type in interfaceType.GetInterfaces().Append(interfaceType))
        {
            foreach (var method in type.GetMethods())
            {
                if (method.IsGenericMethodDefinition)
                {
                    throw new NotSupportedException($"{type.Name}.{method.Name} is generic: grain and observer interfaces cannot have generic methods.");
                }
                _methods[method] = MethodDescriptor.Create(method);
            }
        }
        Ordered = [.. _methods.Values];
    }

    /// <summary>The descriptors in a fixed order: emitted references call them by index.</summary>
    public MethodDescriptor[] Ordered { get; }

    public Type InterfaceType { get; }

    public MethodDescriptor this[MethodInfo method] => _methods[method];

    public static InterfaceMetadata For(Type interfaceType) => Cache.GetOrAdd(interfaceType, static t => new InterfaceMetadata(t));
}
