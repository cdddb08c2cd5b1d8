using System.CommandLine;

namespace Continuum.Pce.Cli.Commands.Server;

/// <summary>
/// The commands that talk to a running server over gRPC (Contracts only): one class per command group, each with
/// <c>--server</c>, <c>--api-key</c> and, where it prints something, <c>--output table|json|csv</c>.
/// </summary>
public static class ServerCommands
{
    public static void Register(RootCommand root, CliContext context)
    {
        if (root.Subcommands.FirstOrDefault(c => c.Name == "topology") is { } topology)
        {
            TopologyServerCommands.AddTo(topology, context);
        }

        foreach (var command in InventoryCommands.Create(context))
        {
            root.Subcommands.Add(command);
        }

        root.Subcommands.Add(PathCommands.Create(context));
        root.Subcommands.Add(LightpathCommands.Create(context));
        root.Subcommands.Add(BundleCommands.Create(context));
        root.Subcommands.Add(SpectrumCommands.Create(context));
        root.Subcommands.Add(AlarmCommands.Create(context));
        root.Subcommands.Add(DefragCommands.Create(context));
        root.Subcommands.Add(CompletionCommand.Create(context));
    }
}
