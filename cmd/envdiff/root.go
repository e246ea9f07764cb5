package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

type buildInfo struct {
	Version, Commit, Date string
}

// globalOptions are the flags every command shares.
type globalOptions struct {
	configFile string
	scenario   string
}

func newRootCmd(info buildInfo) *cobra.Command {
	g := &globalOptions{}
	root := &cobra.Command{
		Use:   "envdiff",
		Short: "Compare AWS environments: what holds in every environment that passed and fails in production",
		Long: `envdiff snapshots every environment (Route53, ACM, load balancers, CloudFront,
Cloud Map) and shows, first, what holds in every environment that passed and fails in
the target. Without a subcommand it opens the dashboard.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       info.Version,
	}
	// --version says what `envdiff version` says.
	root.SetVersionTemplate(fmt.Sprintf("envdiff {{.Version}} (commit %s, built %s)\n", info.Commit, info.Date))
	root.PersistentFlags().StringVar(&g.configFile, "config", "", "configuration file (default ./envdiff.yaml)")
	root.PersistentFlags().StringVar(&g.scenario, "scenario", "", "serve this scenario file on a local AWS endpoint and take the environments from it")
	dash := &dashboardOptions{global: g}
	dash.bind(root)
	root.Args = cobra.NoArgs
	root.RunE = func(cmd *cobra.Command, _ []string) error {
		return dash.run(cmd.Context(), cmd.OutOrStdout(), cmd.ErrOrStderr())
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		// main prefixes "envdiff: "; name the subcommand, if any, after it.
		if c.HasParent() {
			return usageErr("%s: %v", strings.TrimPrefix(c.CommandPath(), c.Root().Name()+" "), err)
		}
		return usageErr("%v", err)
	})
	root.AddCommand(
		newVersionCmd(info),
		newEndpointCmd(g),
		newSnapshotCmd(g),
		newReportCmd(g),
		newDiffCmd(g),
		newIgnoreCmd(g),
		newDemoCmd(g),
		newCompletionCmd(),
	)
	return root
}
