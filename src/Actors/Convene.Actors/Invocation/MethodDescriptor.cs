using System.Reflection;
using Convene.Actors.Concurrency;
using Convene.Actors.Serialization;

namespace Convene.Actors.Invocation;

/// <summary>
/// Everything the runtime needs to call one interface method, built once per method: a compiled
/// invoker (no reflection per call), the copy plan of each argument and of the result, and the
/// method's scheduling attributes.
/// </summary>
internal abstract class MethodDescriptor
{
    private Func<object, object?[], Task>? _invoker;

    protected MethodDescriptor(MethodInfo method)
    {
        Method = method;
        InterfaceName = method.DeclaringType!.Name;
        Name = method.Name;
        AlwaysInterleave = method.GetCustomAttribute<AlwaysInterleaveAttribute>() is not null;
        OneWay = method.GetCustomAttribute<OneWayAttribute>() is not null;
        var parameters = method.GetParameters();
        ArgumentPlans = new CopyPlan[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            ArgumentPlans[i] = Copier.For(parameters[i].ParameterType);
            if (ArgumentPlans[i].Error is { } error)
            {
                Error ??= $"{InterfaceName}.{Name}: parameter '{parameters[i].Name}' of {error}.";
            }
        }
        ArgumentsType = ArgumentTuples.TypeFor(parameters);
        if (ArgumentsType is not null)
        {
            TypedInvoker = InvokerCompiler.CompileTyped(method, ArgumentsType);
            ArgumentsCopier = ArgumentTuples.CopierFor(ArgumentsType, ArgumentPlans);
        }
    }

    /// <summary>The value tuple that carries the arguments (null when a reference cannot use one: by-ref or more than 7 parameters).</summary>
    public Type? ArgumentsType { get; }

    /// <summary>A <c>Func&lt;object, TArgs, Task&gt;</c> calling the method with a tuple of arguments.</summary>
    public Delegate? TypedInvoker { get; }

    /// <summary>A <c>Func&lt;TArgs, TArgs&gt;</c> deep-copying the arguments that need it; null when all are immutable.</summary>
    public Delegate? ArgumentsCopier { get; }

    public MethodInfo Method { get; }

    public string InterfaceName { get; }

    public string Name { get; }

    public bool AlwaysInterleave { get; }

    public bool OneWay { get; }

    public CopyPlan[] ArgumentPlans { get; }

    public CopyPlan ResultPlan { get; protected init; } = CopyPlan.ByReference;

    /// <summary>Why the method cannot be called (a parameter or result type cannot cross a boundary).</summary>
    public string? Error { get; protected set; }

    /// <summary>The array-based invoker, compiled on first use: only DispatchProxy references (non-public interfaces) need it.</summary>
    public Func<object, object?[], Task> Invoker => _invoker ??= InvokerCompiler.Compile(Method);

    /// <summary>Sends a call and returns what the interface method returns (a Task, Task&lt;T&gt; or ValueTask).</summary>
    public abstract object Call(GrainId target, IMessageSink sink, object?[] arguments);

    protected void CopyArguments(object?[] arguments)
    {
        if (Error is not null)
        {
            throw new NotSupportedException(Error);
        }
        for (var i = 0; i < arguments.Length; i++)
        {
            if (ArgumentPlans[i].Copy is not null) arguments[i] = ArgumentPlans[i].Apply(arguments[i]);
        }
    }

    /// <summary>Builds the descriptor for <paramref name="method"/>, or throws if its return type is not a task.</summary>
    public static MethodDescriptor Create(MethodInfo method)
    {
        var returnType = method.ReturnType;
        Type resultType;
        ReturnKind kind;
        if (returnType == typeof(Task)) (resultType, kind) = (typeof(object), ReturnKind.Task);
        else if (returnType == typeof(ValueTask)) (resultType, kind) = (typeof(object), ReturnKind.ValueTask);
        else if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>)) (resultType, kind) = (returnType.GetGenericArguments()[0], ReturnKind.TaskOfT);
        else if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(ValueTask<>)) (resultType, kind) = (returnType.GetGenericArguments()[0], ReturnKind.ValueTaskOfT);
        else throw new NotSupportedException($"{method.DeclaringType!.Name}.{method.Name} returns {returnType.Name}: grain and observer methods must return Task, Task<T>, ValueTask or ValueTask<T>.");
        var descriptorType = typeof(MethodDescriptor<>).MakeGenericType(resultType);
        return (MethodDescriptor)Activator.CreateInstance(descriptorType, method, kind)!;
    }
}
