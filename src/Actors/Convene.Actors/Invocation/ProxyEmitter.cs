using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using System.Reflection.Emit;

namespace Convene.Actors.Invocation;

/// <summary>
/// Emits, once per interface, a reference class whose methods call <see cref="ProxyCalls.Call{TResult, TArgs}"/>
/// with the arguments in a value tuple: a call then allocates no argument array and boxes no argument.
/// Interfaces it cannot serve (not public, by-ref or more than 7 parameters) get the DispatchProxy-based
/// <see cref="GrainProxy"/> instead.
/// </summary>
internal static class ProxyEmitter
{
    private static readonly ModuleBuilder Module = AssemblyBuilder
        .DefineDynamicAssembly(new AssemblyName("Convene.Actors.EmittedReferences"), AssemblyBuilderAccess.Run)
        .DefineDynamicModule("Convene.Actors.EmittedReferences");

    private static readonly ConcurrentDictionary<Type, Func<GrainReference>?> Factories = new();
    private static readonly MethodInfo CallDefinition = typeof(ProxyCalls).GetMethod(nameof(ProxyCalls.Call))!;
    private static int _counter;

    /// <summary>A reference of interface <typeparamref name="T"/> to <paramref name="id"/>.</summary>
    public static T Create<T>(GrainId id, IMessageSink sink)
    {
        var metadata = InterfaceMetadata.For(typeof(T));
        var factory = Factories.GetOrAdd(typeof(T), static (t, m) => TryEmit(t, m), metadata);
        if (factory is null)
        {
            return GrainProxy.Create<T>(id, sink);
        }
        var reference = factory();
        reference.Initialize(id, sink, metadata);
        return (T)(object)reference;
    }

    private static Func<GrainReference>? TryEmit(Type interfaceType, InterfaceMetadata metadata)
    {
        if (!interfaceType.IsVisible || metadata.Ordered.Any(d => d.ArgumentsType is null || !IsVisible(d.Method)))
        {
            return null;
        }
        lock (Module)
        {
            var type = Module.DefineType(
                $"{interfaceType.FullName}Reference{Interlocked.Increment(ref _counter)}",
                TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Class,
                typeof(GrainReference),
                [interfaceType]);
            type.DefineDefaultConstructor(MethodAttributes.Public);
            for (var i = 0; i < metadata.Ordered.Length; i++)
            {
                EmitMethod(type, i, metadata.Ordered[i]);
            }
            var created = type.CreateType();
            return Expression.Lambda<Func<GrainReference>>(Expression.New(created)).Compile();
        }
    }

    private static void EmitMethod(TypeBuilder type, int index, MethodDescriptor descriptor)
    {
        var method = descriptor.Method;
        var parameters = method.GetParameters().Select(p => p.ParameterType).ToArray();
        var builder = type.DefineMethod(
            $"{method.DeclaringType!.FullName}.{method.Name}",
            MethodAttributes.Private | MethodAttributes.Virtual | MethodAttributes.Final | MethodAttributes.HideBySig | MethodAttributes.NewSlot,
            method.ReturnType,
            parameters);
        var il = builder.GetILGenerator();
        var tupleType = descriptor.ArgumentsType!;
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldc_I4, index);
        if (parameters.Length == 0)
        {
            var empty = il.DeclareLocal(tupleType);
            il.Emit(OpCodes.Ldloca, empty);
            il.Emit(OpCodes.Initobj, tupleType);
            il.Emit(OpCodes.Ldloc, empty);
        }
        else
        {
            for (var p = 0; p < parameters.Length; p++) il.Emit(OpCodes.Ldarg, p + 1);
            il.Emit(OpCodes.Newobj, tupleType.GetConstructor(parameters)!);
        }
        var resultType = descriptor.GetType().GetGenericArguments()[0];
        il.Emit(OpCodes.Call, CallDefinition.MakeGenericMethod(resultType, tupleType));
        var returnType = method.ReturnType;
        if (returnType == typeof(ValueTask))
        {
            il.Emit(OpCodes.Newobj, typeof(ValueTask).GetConstructor([typeof(Task)])!);
        }
        else if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            il.Emit(OpCodes.Newobj, returnType.GetConstructor([typeof(Task<>).MakeGenericType(resultType)])!);
        }
        il.Emit(OpCodes.Ret);
        type.DefineMethodOverride(builder, method);
    }

    private static bool IsVisible(MethodInfo method) =>
        method.ReturnType.IsVisible && method.GetParameters().All(p => p.ParameterType.IsVisible);
}
