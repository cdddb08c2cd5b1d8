using System.Text;
using GnmiPath = global::Gnmi.Path;

namespace Continuum.Pce.Southbound.Gnmi;

/// <summary>
/// gNMI paths (gnmi-specification §2.2.2, path conventions): ordered PathElem{name, keys} from the root, keys always
/// strings. The human form "/components/component[name=och-1]/optical-channel/config" is for logs and configuration only.
/// </summary>
public static class GnmiPaths
{
    /// <summary>Parses the human form. Key values may contain '/' and escaped ']' ("\]").</summary>
    public static GnmiPath Parse(string text)
    {
        var path = new GnmiPath();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '/')
            {
                i++;
                continue;
            }

            var name = new StringBuilder();
            while (i < text.Length && text[i] != '/' && text[i] != '[')
            {
                name.Append(text[i++]);
            }

            var elem = new global::Gnmi.PathElem { Name = name.ToString() };
            while (i < text.Length && text[i] == '[')
            {
                i++;
                var key = new StringBuilder();
                while (i < text.Length && text[i] != '=')
                {
                    key.Append(text[i++]);
                }

                i++;
                var value = new StringBuilder();
                while (i < text.Length && text[i] != ']')
                {
                    if (text[i] == '\\' && i + 1 < text.Length)
                    {
                        i++;
                    }

                    value.Append(text[i++]);
                }

                if (i >= text.Length)
                {
                    throw new FormatException($"unterminated key in path '{text}'");
                }

                i++;
                elem.Key[key.ToString()] = value.ToString();
            }

            path.Elem.Add(elem);
        }

        return path;
    }

    /// <summary>The human form, keys in ordinal order (stable for logs and comparisons).</summary>
    public static string Format(GnmiPath? path)
    {
        if (path is null || path.Elem.Count == 0)
        {
            return "/";
        }

        var sb = new StringBuilder();
        foreach (var elem in path.Elem)
        {
            sb.Append('/').Append(elem.Name);
            foreach (var key in elem.Key.OrderBy(k => k.Key, StringComparer.Ordinal))
            {
                sb.Append('[').Append(key.Key).Append('=').Append(key.Value.Replace("]", "\\]", StringComparison.Ordinal)).Append(']');
            }
        }

        return sb.ToString();
    }

    /// <summary>prefix + path (elements concatenated), for targets that report relative paths.</summary>
    public static GnmiPath Join(GnmiPath? prefix, GnmiPath? path)
    {
        var joined = new GnmiPath();
        if (prefix is not null)
        {
            joined.Elem.Add(prefix.Elem.Select(e => e.Clone()));
            joined.Origin = prefix.Origin;
            joined.Target = prefix.Target;
        }

        if (path is not null)
        {
            joined.Elem.Add(path.Elem.Select(e => e.Clone()));
            if (path.Origin.Length > 0)
            {
                joined.Origin = path.Origin;
            }
        }

        return joined;
    }

    /// <summary>
    /// Adds (or removes) the module prefix on the first element ("components" ↔ "openconfig-platform:components"): some
    /// targets require it, some refuse it, so it is a per-device option.
    /// </summary>
    public static GnmiPath WithFirstElementModule(GnmiPath path, bool prefixed)
    {
        if (path.Elem.Count == 0)
        {
            return path;
        }

        var copy = path.Clone();
        var first = copy.Elem[0];
        var colon = first.Name.IndexOf(':', StringComparison.Ordinal);
        var local = colon >= 0 ? first.Name[(colon + 1)..] : first.Name;
        if (prefixed && Continuum.Pce.Models.OpenConfigSchema.Root.Child(local) is { } top)
        {
            first.Name = top.Module + ":" + local;
        }
        else if (!prefixed)
        {
            first.Name = local;
        }

        return copy;
    }
}
