using System.Linq.Expressions;
using System.Reflection;

namespace Convene.Actors.Invocation;

/// <summary>Compiles, once per method, delegates that call it on a target (no reflection per call).</summary>
internal static class InvokerCompiler
{
    private static readonly MethodInfo ValueTaskAsTask = typeof(ValueTask).GetMethod(nameof(ValueTask.AsTask))!;

    /// <summary><c>(target, object?[] arguments) => method(...)</c>, for references made by the DispatchProxy fallback.</summary>
    public static Func<object, object?[], Task> Compile(MethodInfo method)
    {
        var arguments = Expression.Parameter(typeof(object?[]), "arguments");
        var parameters = method.GetParameters();
        return Build<Func<object, object?[], Task>>(method, arguments,
            i => Expression.Convert(Expression.ArrayIndex(arguments, Expression.Constant(i)), parameters[i].ParameterType));
    }

    /// <summary><c>(target, TArgs arguments) => method(arguments.Item1, ...)</c>, a <c>Func&lt;object, TArgs, Task&gt;</c>.</summary>
    public static Delegate CompileTyped(MethodInfo method, Type tupleType)
    {
        var arguments = Expression.Parameter(tupleType, "arguments");
        var delegateType = typeof(Func<,,>).MakeGenericType(typeof(object), tupleType, typeof(Task));
        return Build(delegateType, method, arguments, i => ArgumentTuples.Item(arguments, i));
    }

    private static TDelegate Build<TDelegate>(MethodInfo method, ParameterExpression arguments, Func<int, Expression> argument) where TDelegate : Delegate =>
        (TDelegate)Build(typeof(TDelegate), method, arguments, argument);

    private static Delegate Build(Type delegateType, MethodInfo method, ParameterExpression arguments, Func<int, Expression> argument)
    {
        var target = Expression.Parameter(typeof(object), "target");
        var callArguments = method.GetParameters().Select((_, i) => argument(i)).ToArray();
        Expression call = Expression.Call(Expression.Convert(target, method.DeclaringType!), method, callArguments);
        var returnType = method.ReturnType;
        if (returnType == typeof(ValueTask))
        {
            call = Expression.Call(call, ValueTaskAsTask);
        }
        else if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            call = Expression.Call(call, returnType.GetMethod(nameof(ValueTask<int>.AsTask))!);
        }
        return Expression.Lambda(delegateType, Expression.Convert(call, typeof(Task)), target, arguments).Compile();
    }
}
