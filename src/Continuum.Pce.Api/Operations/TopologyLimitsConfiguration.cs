using Continuum.Pce.Topology.IO;

namespace Continuum.Pce.Api.Operations;

/// <summary>The topology-document bounds of this server: <see cref="TopologyLimits"/> with overrides from <c>Topology:Limits</c>.</summary>
public static class TopologyLimitsConfiguration
{
    public const string Section = "Topology:Limits";

    public static TopologyLimits From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<TopologyLimits>() ?? TopologyLimits.Default;
}
