using System.Text.Json;

namespace Continuum.Pce.Topology.IO.Gnpy;

/// <summary>
/// GNPy's simulation parameters file (<c>--sim</c>): the NLI method and the Raman solver switch. The engine computes the
/// closed-form GN model without stimulated Raman scattering, so a file asking for anything else is refused, naming the
/// setting.
/// </summary>
public static class GnpySimParams
{
    public static void Check(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var errors = new List<string>();
        var raman = root.Obj("raman_params");
        if (raman.Bool("flag") == true)
        {
            errors.Add("$.raman_params.flag: stimulated Raman scattering is not modelled (set it to false)");
        }

        var method = root.Obj("nli_params").Str("method") ?? root.Obj("nli_params").Str("nli_method_name");
        if (method is not null && !string.Equals(method, "gn_model_analytic", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"$.nli_params.method: '{method}' is not supported (gn_model_analytic only)");
        }

        if (errors.Count > 0)
        {
            throw new GnpyFormatException(errors);
        }
    }
}
