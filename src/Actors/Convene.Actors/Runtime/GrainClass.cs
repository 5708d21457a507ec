using System.Reflection;
using Convene.Actors.Concurrency;
using Convene.Actors.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Convene.Actors.Runtime;

/// <summary>
/// A grain implementation class and how to construct it: constructor parameters marked
/// <see cref="PersistentStateAttribute"/> get a state bound to the activation, <see cref="IGrainContext"/>
/// and <see cref="IGrainFactory"/> come from the activation, everything else from the silo's services.
/// </summary>
internal sealed class GrainClass
{
    private readonly ConstructorInfo _constructor;
    private readonly Func<ActivationData, object?>[] _arguments;

    public GrainClass(Type type)
    {
        Type = type;
        Reentrant = type.GetCustomAttribute<ReentrantAttribute>() is not null;
        var constructors = type.GetConstructors();
        if (constructors.Length == 0)
        {
            throw new InvalidOperationException($"Grain class {type.FullName} has no public constructor.");
        }
        _constructor = constructors.OrderByDescending(c => c.GetParameters().Length).First();
        _arguments = [.. _constructor.GetParameters().Select(ArgumentFor)];
    }

    public Type Type { get; }

    public bool Reentrant { get; }

    /// <summary>Constructs the grain for <paramref name="activation"/>; returns it and the states to load.</summary>
    public (object Instance, IReadOnlyList<IStateLoader> States) CreateInstance(ActivationData activation)
    {
        var args = new object?[_arguments.Length];
        var states = new List<IStateLoader>();
        for (var i = 0; i < args.Length; i++)
        {
            args[i] = _arguments[i](activation);
            if (args[i] is IStateLoader loader) states.Add(loader);
        }
        ActivatingContext.Current = activation;
        try
        {
            return (_constructor.Invoke(args), states);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
        finally
        {
            ActivatingContext.Current = null;
        }
    }

    private Func<ActivationData, object?> ArgumentFor(ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        if (parameter.GetCustomAttribute<PersistentStateAttribute>() is { } attribute)
        {
            if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(IPersistentState<>))
            {
                throw new InvalidOperationException($"{Type.Name}: parameter '{parameter.Name}' has [PersistentState] but is not IPersistentState<T>.");
            }
            var stateType = typeof(PersistentState<>).MakeGenericType(type.GetGenericArguments()[0]);
            return a => Activator.CreateInstance(stateType, attribute.StateName, a.GrainId,
                a.ServiceProvider.GetKeyedService<IGrainStorage>(attribute.StorageName)
                ?? throw new InvalidOperationException($"Grain {a.GrainId} needs storage provider '{attribute.StorageName}', which is not configured."));
        }
        if (type == typeof(IGrainContext)) return a => a;
        if (type == typeof(IGrainFactory)) return a => a.GrainFactory;
        if (parameter.HasDefaultValue) return a => a.ServiceProvider.GetService(type) ?? parameter.DefaultValue;
        return a => a.ServiceProvider.GetRequiredService(type);
    }
}
