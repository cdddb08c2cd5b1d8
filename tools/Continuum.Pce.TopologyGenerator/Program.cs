using Continuum.Pce.TopologyGenerator;

return GeneratorCommand.Run(args, Console.Out, Console.Error);
