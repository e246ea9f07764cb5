package bench

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
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

// MeasureDiff analyses snaps at least reps times, and again until budget has passed,
// and keeps the fastest: on a shared machine the fastest run is the one least
// disturbed by other work. Allocations are those of one analysis.
func MeasureDiff(snaps []*collect.Snapshot, now time.Time, reps int, budget time.Duration) (DiffFigures, *diff.Result, error) {
	var f DiffFigures
	for _, s := range snaps {
		f.Nodes += Nodes(s)
	}
	opts := diff.Options{Now: now}
	var res *diff.Result
	// The collector runs between analyses, not during: how often it would run inside
	// one depends on how the heap happened to be sized by what came before (a set
	// twice the size crosses the next collection where the smaller does not), which
	// skews a comparison of sizes by far more than the engine's own work differs.
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	began := time.Now()
	for round := 0; round < max(reps, 1) || time.Since(began) < budget; round++ {
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
			return f, nil, fmt.Errorf("analyze %d snapshots: %w", len(snaps), err)
		}
		if round == 0 || took < f.Seconds {
			f.Seconds = took
		}
		if round == 0 || cpu < f.CPUSeconds {
			f.CPUSeconds = cpu
		}
		f.Allocs, f.AllocBytes = after.Mallocs-before.Mallocs, after.TotalAlloc-before.TotalAlloc
		res = r
	}
	f.Findings = len(res.Findings)
	if f.Seconds > 0 {
		f.NodesPerSec = float64(f.Nodes) / f.Seconds
	}
	return f, res, nil
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
