using System.Collections.Concurrent;
using System.Reflection;

namespace Convene.Actors.Runtime;

/// <summary>Maps grain interfaces to the grain classes that implement them, from the registered assemblies.</summary>
internal sealed class GrainTypeRegistry
{
    private readonly Dictionary<Type, GrainClass> _byInterface = [];
    private readonly Dictionary<string, GrainClass> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, string> _ambiguous = [];
    private readonly ConcurrentDictionary<Type, string> _interfaceNames = new();

    public GrainTypeRegistry(IEnumerable<Assembly> assemblies)
    {
        foreach (var type in assemblies.Distinct().SelectMany(SafeTypes))
        {
            if (!type.IsClass || type.IsAbstract || !typeof(Grain).IsAssignableFrom(type)) continue;
            var grainClass = new GrainClass(type);
            foreach (var contract in type.GetInterfaces().Where(i => typeof(IGrain).IsAssignableFrom(i) && i != typeof(IGrain) && i != typeof(IGrainWithStringKey)))
            {
                if (_byInterface.TryGetValue(contract, out var existing) && existing.Type != type)
                {
                    // Two classes implement it (e.g. a base interface): it cannot be used to address a grain.
                    _ambiguous[contract] = $"{existing.Type.FullName} and {type.FullName}";
                    continue;
                }
                _byInterface[contract] = grainClass;
                _byName[NameOf(contract)] = grainClass;
            }
        }
    }

    public int Count => _byInterface.Count;

    /// <summary>The grain type name used in grain ids: the interface's full name.</summary>
    public string NameOf(Type grainInterface) => _interfaceNames.GetOrAdd(grainInterface, static t => t.FullName ?? t.Name);

    public GrainClass? Find(Type grainInterface) => _ambiguous.ContainsKey(grainInterface) ? null : _byInterface.GetValueOrDefault(grainInterface);

    /// <summary>The classes that make <paramref name="grainInterface"/> ambiguous, or null.</summary>
    public string? AmbiguityOf(Type grainInterface) => _ambiguous.GetValueOrDefault(grainInterface);

    public GrainClass? FindByName(string grainType) => _byName.GetValueOrDefault(grainType);

    private static IEnumerable<Type> SafeTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.OfType<Type>();
        }
    }
}
