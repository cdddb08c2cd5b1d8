namespace Continuum.Pce.Domain.Identity;

// Domain identifiers are strings chosen by the operator (they appear in files, logs and on the wire).
// The routing core maps them to dense integers at its boundary; nothing inside the domain relies on order.

/// <summary>Identifies a site (data centre, colo, edge, enterprise or industrial location).</summary>
public readonly record struct SiteId(string Value)
{
    public override string ToString() => Value;
}

/// <summary>Identifies an optical node: a ROADM, a transponder shelf or an in-line amplifier.</summary>
public readonly record struct NodeId(string Value)
{
    public override string ToString() => Value;
}

/// <summary>Identifies one directed fibre (an OMS link from one node to another).</summary>
public readonly record struct FiberId(string Value)
{
    public override string ToString() => Value;
}

/// <summary>Identifies a shared-risk link group: fibres that fail together (same duct, bridge, cable).</summary>
public readonly record struct SrlgId(string Value)
{
    public override string ToString() => Value;
}

/// <summary>Identifies a lightpath (one wavelength service).</summary>
public readonly record struct LightpathId(string Value)
{
    public override string ToString() => Value;
}

/// <summary>Identifies a tenant: the owner of lightpaths.</summary>
public readonly record struct TenantId(string Value)
{
    public override string ToString() => Value;
}

/// <summary>Identifies a transceiver type in the equipment library.</summary>
public readonly record struct TransceiverTypeId(string Value)
{
    public override string ToString() => Value;
}

/// <summary>Identifies a transceiver mode inside a transceiver type (for example "400G-16QAM-60GBd").</summary>
public readonly record struct ModeId(string Value)
{
    public override string ToString() => Value;
}

/// <summary>Identifies an amplifier type in the equipment library.</summary>
public readonly record struct AmplifierTypeId(string Value)
{
    public override string ToString() => Value;
}

/// <summary>Identifies a fibre type in the equipment library (SSMF, NZDF, ...).</summary>
public readonly record struct FiberTypeId(string Value)
{
    public override string ToString() => Value;
}

/// <summary>Identifies a ROADM type in the equipment library.</summary>
public readonly record struct RoadmTypeId(string Value)
{
    public override string ToString() => Value;
}
