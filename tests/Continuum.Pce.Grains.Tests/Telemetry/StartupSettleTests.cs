using Continuum.Pce.Application.Ports;
using Continuum.Pce.Grains.Telemetry;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Continuum.Pce.Grains.Tests.Telemetry;

/// <summary>
/// The startup settle window a host holds open while it pushes the live lightpaths back to their devices: a slow start
/// (a loaded machine, many lightpaths) must not let it close while devices still lack their configuration.
/// </summary>
public sealed class StartupSettleTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 7, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public void HeldStartup_ReportsNowAsTheStart_UntilReleased_ThenTheReleaseTime()
    {
        var ingestion = new TelemetryIngestion(null!, new InMemoryNetworkCatalog(), null!, _clock, Options.Create(new TelemetryIngestionOptions()), NullLogger<TelemetryIngestion>.Instance);
        Assert.Null(ingestion.StartedAt);

        ingestion.HoldStartup();
        _clock.Advance(TimeSpan.FromSeconds(30));
        var whileHeld = ingestion.StartedAt;
        _clock.Advance(TimeSpan.FromSeconds(15));
        ingestion.ReleaseStartup();
        var released = _clock.GetUtcNow();
        _clock.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal(released - TimeSpan.FromSeconds(15), whileHeld);
        Assert.Equal(released, ingestion.StartedAt);
    }
}
