package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"time"

	"github.com/envdiff/envdiff/bench"
	"github.com/envdiff/envdiff/collect"
	"github.com/envdiff/envdiff/diff"
)

// diffPhase times the engine over the collected snapshots and over generated sets of
// diffNodes and twice that per environment, then the snapshot file and the dashboard.
func (o options) diffPhase(ctx context.Context, out, log io.Writer, gen bench.GenOptions, collected []*collect.Snapshot, fig *figures) error {
	now := time.Now().UTC()
	logf(log, "diff: the collected snapshots")
	base, _, err := bench.MeasureDiff(collected, now, 3, 0)
	if err != nil {
		return err
	}
	fmt.Fprintln(out, "diff and checks (diff.Analyze: graphs, checks, comparison; fastest of several)")
	printDiff(out, fmt.Sprintf("collected, %d envs", len(collected)), base)

	// The generated resources grow linearly with the scale; aim at diffNodes per
	// environment from what the collected set holds.
	perEnv := float64(base.Nodes) / float64(max(len(collected), 1))
	scale := gen.Scale * float64(o.diffNodes) / max(perEnv, 1)
	// Each set is timed on its own, the fastest of analyses in a row for --diff-budget (the steady
	// state, as go test -bench measures it): timed turn about, each analysis would
	// first regrow the heap the other one shrank, which says more about the garbage
	// collector's sizing than about the engine. The doubled set goes first, while
	// little else is held, and is freed before the other is made.
	var figs [2]bench.DiffFigures
	var keep []*collect.Snapshot
	var keepRes *diff.Result
	for i, sc := range []float64{2 * scale, scale} {
		if err := ctx.Err(); err != nil {
			return err
		}
		g := gen
		g.Scale, g.LatencyMS, g.RateLimits = sc, 0, "none"
		s, err := bench.Generate(g)
		if err != nil {
			return err
		}
		logf(log, "diff: snapshots at scale %.2f", sc)
		snaps, err := bench.InMemory(ctx, s)
		if err != nil {
			return err
		}
		s = nil
		debug.FreeOSMemory()
		f, res, err := bench.MeasureDiff(snaps, now, 5, o.diffBudget)
		if err != nil {
			return err
		}
		figs[1-i] = f
		if i == 1 {
			keep, keepRes = snaps, res
		}
	}
	debug.FreeOSMemory()
	for _, f := range figs {
		printDiff(out, fmt.Sprintf("%d × %d nodes", len(keep), f.Nodes/max(len(keep), 1)), f)
	}
	nodeRatio := float64(figs[1].Nodes) / float64(max(figs[0].Nodes, 1))
	scaling := figs[1].Seconds / max(figs[0].Seconds, 1e-9)
	fig.set("diff_seconds", "%.3f", figs[0].Seconds)
	fig.set("diff_scaling_2x", "%.2f", scaling)
	fmt.Fprintf(out, "  scaling: %.2f× the nodes took %.2f× the time (%.2f× the process's CPU time, the collector's included)\n",
		nodeRatio, scaling, figs[1].CPUSeconds/max(figs[0].CPUSeconds, 1e-9))

	dir, err := os.MkdirTemp("", "envdiff-bench-")
	if err != nil {
		return fmt.Errorf("temporary directory: %w", err)
	}
	defer os.RemoveAll(dir)
	file, err := bench.MeasureFile(collected, dir)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "snapshot file of the collected set: %.1f MB, save %.0f ms, load %.0f ms\n",
		float64(file.Bytes)/(1<<20), file.SaveSec*1000, file.LoadSec*1000)

	big, err := bench.Inflate(keepRes, o.findings)
	if err != nil {
		return err
	}
	logf(log, "dashboard: %d findings", len(big.Findings))
	frame, err := bench.FrameTime(keep, big, 120, 40, o.frames)
	if err != nil {
		return err
	}
	ms := float64(frame.Microseconds()) / 1000
	fig.set("frame_ms_100k", "%.2f", ms)
	fmt.Fprintf(out, "dashboard frame (View at 120×40, scrolled into the list) with %d findings: %.2f ms\n\n", len(big.Findings), ms)
	return nil
}

func printDiff(out io.Writer, label string, f bench.DiffFigures) {
	fmt.Fprintf(out, "  %-22s %7d nodes  %6.3fs (cpu %6.3fs)  %5.0fk nodes/s  %7d allocs  %4.0f MB allocated  %d findings\n",
		label, f.Nodes, f.Seconds, f.CPUSeconds, f.NodesPerSec/1000, f.Allocs, float64(f.AllocBytes)/(1<<20), f.Findings)
}
