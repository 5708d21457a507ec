using System.Linq.Expressions;
using System.Reflection;
using Convene.Actors.Serialization;

namespace Convene.Actors.Invocation;

/// <summary>Arguments of a call carried in a value tuple, so that a call allocates no array and boxes nothing.</summary>
internal static class ArgumentTuples
{
    /// <summary>Most parameters a flat <see cref="ValueTuple"/> holds.</summary>
    public const int MaxParameters = 7;

    private static readonly Type[] Definitions =
    [
        typeof(ValueTuple<>), typeof(ValueTuple<,>), typeof(ValueTuple<,,>), typeof(ValueTuple<,,,>),
        typeof(ValueTuple<,,,,>), typeof(ValueTuple<,,,,,>), typeof(ValueTuple<,,,,,,>),
    ];

    /// <summary>The tuple type for <paramref name="parameters"/>, or null when they cannot travel in one.</summary>
    public static Type? TypeFor(ParameterInfo[] parameters)
    {
        if (parameters.Length > MaxParameters) return null;
        var types = parameters.Select(p => p.ParameterType).ToArray();
        if (types.Any(t => t.IsByRef || t.IsPointer || t.IsByRefLike)) return null;
        return types.Length == 0 ? typeof(ValueTuple) : Definitions[types.Length - 1].MakeGenericType(types);
    }

    /// <summary>The item <paramref name="index"/> of a tuple expression.</summary>
    public static Expression Item(Expression tuple, int index) => Expression.Field(tuple, $"Item{index + 1}");

    /// <summary>A <c>Func&lt;TArgs, TArgs&gt;</c> that deep-copies the items that need it; null if none does.</summary>
    public static Delegate? CopierFor(Type tupleType, CopyPlan[] plans)
    {
        if (plans.All(p => p.Copy is null)) return null;
        var tuple = Expression.Parameter(tupleType, "arguments");
        var items = tupleType.GetGenericArguments();
        var copied = new Expression[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            var item = Item(tuple, i);
            copied[i] = plans[i].Copy is null
                ? item
                : Expression.Convert(
                    Expression.Call(Expression.Constant(plans[i]), typeof(CopyPlan).GetMethod(nameof(CopyPlan.Apply))!, Expression.Convert(item, typeof(object))),
                    items[i]);
        }
        var body = Expression.New(tupleType.GetConstructor(items)!, copied);
        return Expression.Lambda(typeof(Func<,>).MakeGenericType(tupleType, tupleType), body, tuple).Compile();
    }
}
