package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/envdiff/envdiff/collect"
)

// snapshotOptions are the flags of `envdiff snapshot`.
type snapshotOptions struct {
	global *globalOptions
	envs   []string
	output string
}

func newSnapshotCmd(g *globalOptions) *cobra.Command {
	o := &snapshotOptions{global: g}
	cmd := &cobra.Command{
		Use:   "snapshot [--env NAME]... [-o FILE]",
		Short: "Save what every environment holds to a versioned JSON file",
		Long: `snapshot reads every environment (or those named by --env) and writes the
snapshots as one JSON file (schema envdiff.snapshot/v1), to stdout or atomically to
-o FILE. envdiff diff compares saved snapshots later, offline.

Exit status: 0 when every environment was read completely, 3 when some collector
failed (the file is still written and records what is unknown), 2 on bad flags or
configuration.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return o.run(cmd.Context(), cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	cmd.Flags().StringArrayVar(&o.envs, "env", nil, "collect only this environment (repeatable)")
	cmd.Flags().StringVarP(&o.output, "output", "o", "", "write to FILE atomically instead of stdout")
	return cmd
}

func (o *snapshotOptions) run(ctx context.Context, stdout, stderr io.Writer) error {
	if err := checkOutputPath(o.output); err != nil {
		return err
	}
	src, err := o.global.openSource()
	if err != nil {
		return err
	}
	defer src.Close()

	var progress func(collect.Event)
	var line *progressLine
	if isTerminal(stderr) {
		line = &progressLine{w: stderr}
		progress = line.update
	}
	snaps, err := src.Collect(ctx, o.envs, progress)
	line.finish()
	if err != nil {
		return err
	}
	if ctx.Err() != nil {
		return &exitError{code: exitCancelled, err: errors.New("interrupted; no snapshot written")}
	}

	if o.output == "" {
		data, err := collect.MarshalSnapshots(snaps)
		if err != nil {
			return err
		}
		if _, err := stdout.Write(data); err != nil {
			return fmt.Errorf("write snapshot to stdout: %w", err)
		}
	} else if err := collect.WriteSnapshots(o.output, snaps); err != nil {
		return usageErr("-o %s: %v", o.output, err)
	}

	incomplete := 0
	for _, s := range snaps {
		for _, e := range s.Errors {
			incomplete++
			where := e.Service
			if where == "" {
				where = "credentials"
			} else if e.Region != "" {
				where += " " + e.Region
			}
			fmt.Fprintf(stderr, "envdiff: %s: %s (%s): %s\n", s.Environment.Name, where, e.Kind, e.Message)
		}
	}
	if incomplete > 0 {
		return &exitError{code: exitIncomplete, err: fmt.Errorf("%d collector(s) failed; the snapshot records what is unknown", incomplete)}
	}
	return nil
}

// progressLine is the one-line live progress on a terminal's stderr.
type progressLine struct {
	w       io.Writer
	mu      sync.Mutex
	started int
	ended   int
	calls   map[string]int // by collector, latest count
	last    time.Time
}

func (p *progressLine) update(e collect.Event) {
	if e.Service == "" {
		return // environment-level events; the collectors tell the story
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.calls == nil {
		p.calls = map[string]int{}
	}
	p.calls[e.Env+"/"+e.Service+"/"+e.Region] = e.Calls
	switch e.Phase {
	case collect.PhaseStarted:
		p.started++
	case collect.PhaseDone, collect.PhaseFailed:
		p.ended++
	}
	// Repainting on every call would flood a slow terminal.
	if time.Since(p.last) < 100*time.Millisecond && e.Phase == collect.PhaseProgress {
		return
	}
	p.last = time.Now()
	total := 0
	for _, n := range p.calls {
		total += n
	}
	fmt.Fprintf(p.w, "\r\x1b[Kcollecting: %d/%d collectors done, %d API calls", p.ended, p.started, total)
}

func (p *progressLine) finish() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.last.IsZero() {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}
