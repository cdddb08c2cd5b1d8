using System.Text;
using GnmiPath = Gnmi.Path;

namespace Continuum.Pce.DeviceEmulator;

/// <summary>
/// The emulator's own reading and writing of gNMI paths, written from the specification and not shared with the
/// controller (a device and its client that share a codec cannot disagree, so the emulator could not catch a client bug).
/// The text form is the one of the gNMI path-strings convention (openconfig/reference, rpc/gnmi/gnmi-path-strings.md):
/// elements separated by '/', keys as [name=value]; in a key value ']' and '\' are escaped with '\', in an element name
/// '/', '[' and '\' are. Joining follows gnmi-specification §2.4.1: a path is relative to its prefix.
/// </summary>
internal static class PathText
{
    /// <summary>Reads the text form; throws <see cref="FormatException"/> on an unterminated key or a key without '='.</summary>
    public static GnmiPath Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
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
            while (i < text.Length && text[i] is not ('/' or '['))
            {
                if (text[i] == '\\' && i + 1 < text.Length)
                {
                    i++;
                }

                name.Append(text[i++]);
            }

            var elem = new Gnmi.PathElem { Name = name.ToString() };
            while (i < text.Length && text[i] == '[')
            {
                var equals = text.IndexOf('=', i + 1);
                if (equals < 0)
                {
                    throw new FormatException($"a key without '=' in path '{text}'");
                }

                var key = text[(i + 1)..equals];
                var value = new StringBuilder();
                i = equals + 1;
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
                    throw new FormatException($"an unterminated key in path '{text}'");
                }

                i++; // ']'
                elem.Key[key] = value.ToString();
            }

            path.Elem.Add(elem);
        }

        return path;
    }

    /// <summary>The text form, keys in ordinal order of their names; "/" for the root.</summary>
    public static string Format(GnmiPath? path)
    {
        if (path is null || path.Elem.Count == 0)
        {
            return "/";
        }

        var text = new StringBuilder();
        foreach (var elem in path.Elem)
        {
            text.Append('/');
            Escape(text, elem.Name, '/', '[');
            foreach (var key in elem.Key.OrderBy(k => k.Key, StringComparer.Ordinal))
            {
                text.Append('[').Append(key.Key).Append('=');
                Escape(text, key.Value, ']');
                text.Append(']');
            }
        }

        return text.ToString();
    }

    /// <summary>The full path of <paramref name="path"/> under <paramref name="prefix"/>: the prefix's elements, then the path's; target from the prefix.</summary>
    public static GnmiPath Join(GnmiPath? prefix, GnmiPath? path)
    {
        var full = new GnmiPath();
        if (prefix is not null)
        {
            full.Origin = prefix.Origin;
            full.Target = prefix.Target;
            foreach (var elem in prefix.Elem)
            {
                full.Elem.Add(elem.Clone());
            }
        }

        if (path is not null)
        {
            if (path.Origin.Length > 0)
            {
                full.Origin = path.Origin;
            }

            foreach (var elem in path.Elem)
            {
                full.Elem.Add(elem.Clone());
            }
        }

        return full;
    }

    private static void Escape(StringBuilder text, string value, params char[] special)
    {
        foreach (var c in value)
        {
            if (c == '\\' || Array.IndexOf(special, c) >= 0)
            {
                text.Append('\\');
            }

            text.Append(c);
        }
    }
}
