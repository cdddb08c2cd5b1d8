using Continuum.Pce.Application.Lightpaths.Requests;

namespace Continuum.Pce.Api.Operations;

/// <summary>The northbound id rule (lightpath, tenant, bundle prefix): the application's (<see cref="LightpathRequestValidator.IsId"/>).</summary>
internal static class Ids
{
    public const string Rule = "must be 1 to 64 letters, digits, '.', '_', ':' or '-'";

    public static bool IsValid(string id) => LightpathRequestValidator.IsId(id);
}
