package main

import (
	"context"
	"errors"
	"io"

	"github.com/spf13/cobra"

	"github.com/envdiff/envdiff/collect"
	"github.com/envdiff/envdiff/diff"
)

// reportOptions are the flags of `envdiff report`.
type reportOptions struct {
	global *globalOptions
	out    outputOptions
}

func newReportCmd(g *globalOptions) *cobra.Command {
	o := &reportOptions{global: g}
	cmd := &cobra.Command{
		Use:   "report [--format markdown|json] [-o FILE] [--fail-on SEVERITY]",
		Short: "Collect every environment and print the findings (the release gate)",
		Long: `report snapshots every environment, compares them and prints the findings:
markdown (the default) for a pull request or a terminal, or the JSON report of
checks.md. Progress goes to stderr; the report to stdout or -o FILE.

Exit status: 0 complete and nothing at or above --fail-on; 1 complete and a finding at
or above --fail-on; 2 bad flags, configuration or scenario; 3 some environment could
not be read completely (the report still says what is unknown).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return o.run(cmd.Context(), cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	o.out.bind(cmd)
	o.out.bindProbe(cmd)
	return cmd
}

func (o *reportOptions) run(ctx context.Context, stdout, stderr io.Writer) error {
	failOn, err := o.out.validate()
	if err != nil {
		return err
	}
	src, err := o.global.openSource()
	if err != nil {
		return err
	}
	defer src.Close()
	if o.out.probe {
		src.EnableProbes()
	}
	return collectAndReport(ctx, src, &o.out, failOn, stdout, stderr)
}

// collectAndReport is report's body, shared with demo and the dashboard when stdout
// is not a terminal.
func collectAndReport(ctx context.Context, src *source, out *outputOptions, failOn diff.Severity, stdout, stderr io.Writer) error {
	var progress func(collect.Event)
	var line *progressLine
	if isTerminal(stderr) {
		line = &progressLine{w: stderr}
		progress = line.update
	}
	snaps, err := src.Collect(ctx, nil, progress)
	line.finish()
	if err != nil {
		return err
	}
	if ctx.Err() != nil {
		return &exitError{code: exitCancelled, err: errors.New("interrupted; no report written")}
	}
	res, err := diff.Analyze(snaps, src.Settings().analysisOptions())
	if err != nil {
		return usageErr("%v", err)
	}
	return out.emit(stdout, res, failOn)
}
