using Orleans.TestingHost;
using Xunit;

namespace Continuum.Pce.Grains.Tests.Cluster;

/// <summary>
/// One in-process silo configured by <typeparamref name="TConfigurator"/>, with SQLite storage in a temp folder of its
/// own (<see cref="DataDirectory"/>), shared by a test collection: a start costs seconds.
/// </summary>
public abstract class SiloFixture<TConfigurator> : IAsyncLifetime
    where TConfigurator : ISiloConfigurator, new()
{
    /// <summary>The folder of this fixture type's SQLite file; configurators put their storage here.</summary>
    public static readonly string DataDirectory = Path.Combine(Path.GetTempPath(), "pce-tests", typeof(TConfigurator).DeclaringType?.Name + "-" + Guid.NewGuid().ToString("N"));

    public static string DatabasePath => Path.Combine(DataDirectory, "state.db");

    public TestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(1);
        builder.AddSiloBuilderConfigurator<TConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Left in the temp folder.
        }
    }
}
