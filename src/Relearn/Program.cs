using Relearn.Cli;

return await RelearnCommand.Create().Parse(args).InvokeAsync();
