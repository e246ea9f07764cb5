package main

import (
	"context"
	"errors"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/envdiff/envdiff/collect"
	"github.com/envdiff/envdiff/collect/probe"
	"github.com/envdiff/envdiff/diff"
	"github.com/envdiff/envdiff/ui"
	"github.com/envdiff/envdiff/ui/report"
)

// dashboardOptions are the flags of the dashboard: `envdiff` and `envdiff demo`.
type dashboardOptions struct {
	global *globalOptions
	watch  time.Duration
	out    outputOptions // used when stdout is not a terminal
	demo   bool
}

func (o *dashboardOptions) bind(cmd *cobra.Command) {
	cmd.Flags().DurationVar(&o.watch, "watch", 0, "re-collect on this interval (e.g. 30s) and mark what changed (w toggles it on the dashboard)")
	o.out.bind(cmd)
	o.out.bindProbe(cmd)
}

func newDemoCmd(g *globalOptions) *cobra.Command {
	o := &dashboardOptions{global: g, demo: true}
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "The seed-502 incident: the dashboard over a local AWS endpoint",
		Long: `demo serves the embedded seed-502 scenario on a local AWS endpoint and runs
envdiff against it through the real AWS SDK, exactly as a real run would. With a
terminal it opens the dashboard; otherwise it prints the report (as envdiff report).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return o.run(cmd.Context(), cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	o.bind(cmd)
	return cmd
}

func (o *dashboardOptions) run(ctx context.Context, stdout, stderr io.Writer) error {
	failOn, err := o.out.validate()
	if err != nil {
		return err
	}
	if o.watch < 0 {
		return usageErr("--watch %s: want a positive interval", o.watch)
	}
	var src *source
	if o.demo {
		src, err = openDemoSource()
	} else {
		src, err = o.global.openSource()
	}
	if err != nil {
		return err
	}
	defer src.Close()
	if !isTerminal(stdout) || o.out.output != "" {
		if o.out.probe {
			src.EnableProbes()
		}
		return collectAndReport(ctx, src, &o.out, failOn, stdout, stderr)
	}
	settings := src.Settings()
	analysis := settings.analysisOptions()
	title := settings.Source
	err = ui.Run(ctx, ui.Options{
		Collect: func(ctx context.Context, progress func(collect.Event)) ([]*collect.Snapshot, error) {
			return src.Collect(ctx, nil, progress)
		},
		Analyze: func(snaps []*collect.Snapshot) (*diff.Result, error) {
			return diff.Analyze(snaps, analysis)
		},
		Paths: func(s *collect.Snapshot) []diff.RequestPath {
			return diff.Paths(s, analysis)
		},
		Markdown: func(res *diff.Result) ([]byte, error) {
			return report.Markdown(res, report.Options{})
		},
		Explain: func(id string) (ui.CheckDoc, bool) {
			c, ok := diff.LookupCheck(id)
			return ui.CheckDoc{Title: c.Title, Explanation: c.Explanation, Fix: c.Fix}, ok
		},
		// The dashboard owns the probe switch (`t`); --probe only sets it at start.
		Probe: func(ctx context.Context, snaps []*collect.Snapshot, progress func(collect.Event)) {
			popts := settings.Probe
			popts.OnEvent = progress
			probe.Attach(ctx, snaps, popts)
		},
		ProbeOnStart: o.out.probe,
		Watch:        o.watch,
		Title:        title,
	})
	switch {
	case errors.Is(err, ui.ErrInterrupted), ctx.Err() != nil:
		return &exitError{code: exitCancelled}
	case err != nil:
		return err
	}
	return nil
}
