using System.CommandLine;

namespace Continuum.Pce.Cli.Commands.Server;

/// <summary>
/// `pce completion bash|zsh|pwsh`: a completion script that asks `pce` itself through System.CommandLine's
/// <c>[suggest:N]</c> directive, so completions always match the installed version (no dotnet-suggest needed).
/// </summary>
public static class CompletionCommand
{
    public static Command Create(CliContext context)
    {
        var shell = new Argument<string>("shell") { Description = "bash, zsh or pwsh" };
        shell.AcceptOnlyFromAmong("bash", "zsh", "pwsh");
        var command = new Command("completion", "Print a shell completion script: eval \"$(pce completion bash)\" in ~/.bashrc") { shell };
        command.SetAction((ParseResult parse, CancellationToken _) =>
        {
            context.Out.Write(parse.GetValue(shell) switch
            {
                "zsh" => Zsh,
                "pwsh" => Pwsh,
                _ => Bash,
            });
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    private const string Bash = """
        # pce completion for bash: eval "$(pce completion bash)"
        _pce_complete() {
          local IFS=$'\n'
          local words
          words=$(pce "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null)
          COMPREPLY=( $(compgen -W "${words}" -- "${COMP_WORDS[COMP_CWORD]}") )
        }
        complete -o default -F _pce_complete pce

        """;

    private const string Zsh = """
        # pce completion for zsh: eval "$(pce completion zsh)"
        _pce_complete() {
          local -a completions
          completions=("${(@f)$(pce "[suggest:${#BUFFER}]" "${BUFFER}" 2>/dev/null)}")
          compadd -a completions
        }
        compdef _pce_complete pce

        """;

    private const string Pwsh = """
        # pce completion for PowerShell: pce completion pwsh | Out-String | Invoke-Expression
        Register-ArgumentCompleter -Native -CommandName pce -ScriptBlock {
            param($wordToComplete, $commandAst, $cursorPosition)
            pce "[suggest:$cursorPosition]" "$commandAst" 2>$null | ForEach-Object {
                [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
            }
        }

        """;
}
