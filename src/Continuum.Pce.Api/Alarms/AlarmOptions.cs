namespace Continuum.Pce.Api.Alarms;

/// <summary>How long cleared alarms are kept (configuration section "Pce:Alarms"): the store does not grow for ever.</summary>
public sealed class AlarmOptions
{
    public const string Section = "Pce:Alarms";

    /// <summary>Cleared alarms older than this (since they cleared) are removed.</summary>
    public TimeSpan ClearedRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>At most this many cleared alarms are kept; the oldest cleared go first.</summary>
    public int MaxCleared { get; set; } = 10_000;

    /// <summary>How often the age limit is applied (the count limit is applied on every clear).</summary>
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromHours(1);
}
