package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"time"

	"github.com/envdiff/envdiff/bench"
	"github.com/envdiff/envdiff/collect"
)

// diffPhase times the engine over the collected snapshots, over generated sets of
// diffNodes and twice that per environment, the snapshot file, and the dashboard.
func (o options) diffPhase(ctx context.Context, out, log io.Writer, gen bench.GenOptions, collected []*collect.Snapshot, fig *figures) error {
	now := time.Now().UTC()
	logf(log, "diff: the collected snapshots")
	base, _, err := bench.MeasureDiff(collected, now, 3)
	if err != nil {
		return err
	}
	fmt.Fprintln(out, "diff and checks (diff.Analyze: graphs, checks, comparison; fastest of 3)")
	printDiff(out, fmt.Sprintf("collected, %d envs", len(collected)), base)

	dir, err := os.MkdirTemp("", "envdiff-bench-")
	if err != nil {
		return fmt.Errorf("temporary directory: %w", err)
	}
	defer os.RemoveAll(dir)
	file, err := bench.MeasureFile(collected, dir)
	if err != nil {
		return err
	}

	// The generated resources grow linearly with the scale; aim at diffNodes per
	// environment from what the collected set holds.
	perEnv := float64(base.Nodes) / float64(max(len(collected), 1))
	scale := gen.Scale * float64(o.diffNodes) / max(perEnv, 1)
	sets := []float64{scale, 2 * scale}
	var times [2]bench.DiffFigures
	var frameSnaps []*collect.Snapshot
	for i, sc := range sets {
		if err := ctx.Err(); err != nil {
			return err
		}
		g := gen
		g.Scale, g.LatencyMS, g.RateLimits = sc, 0, "none"
		s, err := bench.Generate(g)
		if err != nil {
			return err
		}
		logf(log, "diff: generating snapshots at scale %.2f", sc)
		snaps, err := bench.InMemory(ctx, s)
		if err != nil {
			return err
		}
		f, res, err := bench.MeasureDiff(snaps, now, 3)
		if err != nil {
			return err
		}
		times[i] = f
		printDiff(out, fmt.Sprintf("%d × %d nodes", len(snaps), f.Nodes/max(len(snaps), 1)), f)
		if i == 0 {
			frameSnaps = snaps
			big, err := bench.Inflate(res, o.findings)
			if err != nil {
				return err
			}
			logf(log, "dashboard: %d findings", len(big.Findings))
			frame, err := bench.FrameTime(frameSnaps, big, 120, 40, o.frames)
			if err != nil {
				return err
			}
			fig.set("diff_seconds", "%.3f", f.Seconds)
			defer func() {
				fmt.Fprintf(out, "dashboard frame (View, 120×40, mid-list) with %d findings: %.2f ms\n\n", len(big.Findings), float64(frame.Microseconds())/1000)
			}()
			fig.set("frame_ms_100k", "%.2f", float64(frame.Microseconds())/1000)
		}
		runtime.GC()
	}
	frameSnaps = nil
	nodeRatio := float64(times[1].Nodes) / float64(max(times[0].Nodes, 1))
	scaling := times[1].Seconds / max(times[0].Seconds, 1e-9)
	fig.set("diff_scaling_2x", "%.2f", scaling)
	fmt.Fprintf(out, "  scaling: %.2f× the nodes took %.2f× the time\n", nodeRatio, scaling)
	fmt.Fprintf(out, "snapshot file of the collected set: %.1f MB, save %.0f ms, load %.0f ms\n",
		float64(file.Bytes)/(1<<20), file.SaveSec*1000, file.LoadSec*1000)
	return nil
}

func printDiff(out io.Writer, label string, f bench.DiffFigures) {
	fmt.Fprintf(out, "  %-22s %7d nodes  %7.3fs  %6.0fk nodes/s  %8d allocs  %6.0f MB allocated  %d findings\n",
		label, f.Nodes, f.Seconds, f.NodesPerSec/1000, f.Allocs, float64(f.AllocBytes)/(1<<20), f.Findings)
}
