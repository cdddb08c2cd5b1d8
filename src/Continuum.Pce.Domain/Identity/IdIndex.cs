using System.Collections.Immutable;

namespace Continuum.Pce.Domain.Identity;

/// <summary>Builds the id lookups of the domain's collections, refusing duplicates (loaders report them first; this guards against bugs).</summary>
internal static class IdIndex
{
    public static Dictionary<TKey, T> Build<TKey, T>(ImmutableArray<T> items, Func<T, TKey> key, string what)
        where TKey : notnull
    {
        var map = new Dictionary<TKey, T>(items.Length);
        foreach (var item in items)
        {
            if (!map.TryAdd(key(item), item))
            {
                throw new ArgumentException($"duplicate {what} id '{key(item)}'");
            }
        }

        return map;
    }
}
