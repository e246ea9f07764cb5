package bench

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"time"

	"github.com/envdiff/envdiff/collect"
	"github.com/envdiff/envdiff/diff"
)

// DiffFigures are one analysis (graphs, checks, comparison) timed.
type DiffFigures struct {
	Nodes   int     // resources over every snapshot
	Seconds float64 // wall time
	// CPUSeconds is the process's CPU time over the analysis, every thread (the
	// garbage collector's too): the work, where Seconds is how long users wait.
	CPUSeconds  float64
	Allocs      uint64 // per analysis
	AllocBytes  uint64
	NodesPerSec float64
	Findings    int
}

// MeasureDiff analyses snaps reps times and keeps the fastest (the least disturbed by
// the rest of the machine); allocations are those of one analysis.
func MeasureDiff(snaps []*collect.Snapshot, now time.Time, reps int) (DiffFigures, *diff.Result, error) {
	figs, results, err := MeasureDiffs([][]*collect.Snapshot{snaps}, now, reps)
	if err != nil {
		return DiffFigures{}, nil, err
	}
	return figs[0], results[0], nil
}

// MeasureDiffs times several snapshot sets turn about, reps rounds, keeping each set's
// fastest: a ratio between sets (the 2× scaling) is then not skewed by a moment when
// something else had the machine.
func MeasureDiffs(sets [][]*collect.Snapshot, now time.Time, reps int) ([]DiffFigures, []*diff.Result, error) {
	figs := make([]DiffFigures, len(sets))
	results := make([]*diff.Result, len(sets))
	for i, snaps := range sets {
		for _, s := range snaps {
			figs[i].Nodes += Nodes(s)
		}
	}
	opts := diff.Options{Now: now}
	for round := range max(reps, 1) {
		for i, snaps := range sets {
			runtime.GC()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			cpu := cpuSeconds()
			start := time.Now()
			r, err := diff.Analyze(snaps, opts)
			took := time.Since(start).Seconds()
			cpu = cpuSeconds() - cpu
			runtime.ReadMemStats(&after)
			if err != nil {
				return nil, nil, fmt.Errorf("analyze %d snapshots: %w", len(snaps), err)
			}
			f := &figs[i]
			if round == 0 || took < f.Seconds {
				f.Seconds = took
			}
			if round == 0 || cpu < f.CPUSeconds {
				f.CPUSeconds = cpu
			}
			f.Allocs, f.AllocBytes = after.Mallocs-before.Mallocs, after.TotalAlloc-before.TotalAlloc
			f.Findings = len(r.Findings)
			results[i] = r
		}
	}
	for i := range figs {
		if figs[i].Seconds > 0 {
			figs[i].NodesPerSec = float64(figs[i].Nodes) / figs[i].Seconds
		}
	}
	return figs, results, nil
}

// cpuSeconds is the CPU time the process has used so far.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

// FileFigures are a snapshot file written and read back.
type FileFigures struct {
	Bytes            int64
	SaveSec, LoadSec float64
}

// MeasureFile writes snaps to a file in dir and loads it again.
func MeasureFile(snaps []*collect.Snapshot, dir string) (FileFigures, error) {
	path := filepath.Join(dir, "bench-snapshots.json")
	var f FileFigures
	start := time.Now()
	if err := collect.WriteSnapshots(path, snaps); err != nil {
		return f, fmt.Errorf("save snapshots to %s: %w", path, err)
	}
	f.SaveSec = time.Since(start).Seconds()
	st, err := os.Stat(path)
	if err != nil {
		return f, fmt.Errorf("snapshot file %s: %w", path, err)
	}
	f.Bytes = st.Size()
	start = time.Now()
	back, err := collect.LoadSnapshots(path)
	if err != nil {
		return f, fmt.Errorf("load snapshots from %s: %w", path, err)
	}
	f.LoadSec = time.Since(start).Seconds()
	if len(back) != len(snaps) {
		return f, fmt.Errorf("load snapshots from %s: %d snapshots, wrote %d", path, len(back), len(snaps))
	}
	return f, nil
}
