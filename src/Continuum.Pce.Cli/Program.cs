using System.CommandLine;

var root = new RootCommand("pce: the Continuum PCE operator command line");
return await root.Parse(args).InvokeAsync();
