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

/// <summary>
/// A lightpath's identity across the system: ids live in their tenant's own space, so two tenants may both own a
/// lightpath "lp-1". Written "tenant/id" (neither part may contain '/'): the lightpath grain's key, the owner of its
/// spectrum claims and transponder interfaces, and the name its devices carry.
/// </summary>
public readonly record struct LightpathKey(TenantId Tenant, LightpathId Id)
{
    public const char Separator = '/';

    /// <summary>Parses "tenant/id"; false for anything else (a key written before ids were per tenant has no separator).</summary>
    public static bool TryParse(string? text, out LightpathKey key)
    {
        key = default;
        var at = text?.IndexOf(Separator) ?? -1;
        if (at <= 0 || at == text!.Length - 1 || text.IndexOf(Separator, at + 1) >= 0)
        {
            return false;
        }

        key = new LightpathKey(new TenantId(text[..at]), new LightpathId(text[(at + 1)..]));
        return true;
    }

    public static LightpathKey Parse(string text) =>
        TryParse(text, out var key) ? key : throw new FormatException($"'{text}' is not a lightpath key (tenant/id)");

    public override string ToString() => $"{Tenant.Value}{Separator}{Id.Value}";
}
