package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"
)

// completionShells are the shells cobra can generate a script for, in help order.
var completionShells = []string{"bash", "zsh", "fish", "powershell"}

type completionOptions struct {
	shell   string
	noDescs bool
}

// newCompletionCmd replaces cobra's default completion command so its help says how to
// install the script and a bad shell name is a usage error (exit 2) like any other.
func newCompletionCmd() *cobra.Command {
	o := &completionOptions{}
	cmd := &cobra.Command{
		Use:   "completion bash|zsh|fish|powershell",
		Short: "Print the shell completion script for envdiff",
		Long: `Print the completion script for a shell on stdout. Load it once:

  bash:        source <(envdiff completion bash)
  zsh:         source <(envdiff completion zsh)
  fish:        envdiff completion fish | source
  powershell:  envdiff completion powershell | Out-String | Invoke-Expression

or install it for every session:

  bash:        envdiff completion bash > /etc/bash_completion.d/envdiff
  zsh:         envdiff completion zsh > "${fpath[1]}/_envdiff"
  fish:        envdiff completion fish > ~/.config/fish/completions/envdiff.fish`,
		ValidArgs:             completionShells,
		DisableFlagsInUseLine: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageErr("%s: name one shell (%v), got %d arguments", cmd.CommandPath(), completionShells, len(args))
			}
			o.shell = args[0]
			return o.run(cmd.Root(), cmd.OutOrStdout())
		},
	}
	cmd.Flags().BoolVar(&o.noDescs, "no-descriptions", false, "leave command descriptions out of the completions")
	return cmd
}

func (o *completionOptions) run(root *cobra.Command, w io.Writer) error {
	var err error
	switch o.shell {
	case "bash":
		err = root.GenBashCompletionV2(w, !o.noDescs)
	case "zsh":
		if o.noDescs {
			err = root.GenZshCompletionNoDesc(w)
		} else {
			err = root.GenZshCompletion(w)
		}
	case "fish":
		err = root.GenFishCompletion(w, !o.noDescs)
	case "powershell":
		if o.noDescs {
			err = root.GenPowerShellCompletion(w)
		} else {
			err = root.GenPowerShellCompletionWithDesc(w)
		}
	default:
		return usageErr("completion: unknown shell %q (want one of %v)", o.shell, completionShells)
	}
	if err != nil {
		return fmt.Errorf("completion %s: %w", o.shell, err)
	}
	return nil
}
