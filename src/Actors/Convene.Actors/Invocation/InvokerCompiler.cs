using System.Linq.Expressions;
using System.Reflection;

namespace Convene.Actors.Invocation;

/// <summary>Compiles, once per method, a delegate that calls it on a target with an argument array.</summary>
internal static class InvokerCompiler
{
    private static readonly MethodInfo ValueTaskAsTask = typeof(ValueTask).GetMethod(nameof(ValueTask.AsTask))!;

    public static Func<object, object?[], Task> Compile(MethodInfo method)
    {
        var target = Expression.Parameter(typeof(object), "target");
        var arguments = Expression.Parameter(typeof(object?[]), "arguments");
        var parameters = method.GetParameters();
        var callArguments = new Expression[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            var item = Expression.ArrayIndex(arguments, Expression.Constant(i));
            callArguments[i] = Expression.Convert(item, parameters[i].ParameterType);
        }
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
        var body = Expression.Convert(call, typeof(Task));
        return Expression.Lambda<Func<object, object?[], Task>>(body, target, arguments).Compile();
    }
}
