using Continuum.Pce.Application.Reservation;
using Continuum.Pce.Grains.Abstractions;

namespace Continuum.Pce.Api.Alarms;

/// <summary>
/// Turns what the server learns of lightpaths, fibres and nodes into raises and clears of the alarm book. Its inputs
/// are views (a lightpath view, a fibre ledger, a node's health), whatever feeds them: today the grain storage
/// observer, later the lightpath service's events.
/// </summary>
public sealed class AlarmMonitor(AlarmBook book)
{
    public AlarmBook Book => book;

    public void Lightpath(LightpathView view) => book.Apply(AlarmConditions.ForLightpath(view));

    public void Fiber(string fiber, FiberLedger ledger) => book.Apply(AlarmConditions.ForFiber(fiber, ledger));

    public void Node(string node, string health) => book.Apply(AlarmConditions.ForNode(node, health));

    /// <summary>The start-up reading of the store is complete: alarms whose condition was not seen again are cleared.</summary>
    public void StartupComplete() => book.CompleteStartup();
}
