package bench

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/envdiff/envdiff/collect"
	"github.com/envdiff/envdiff/diff"
)

// DiffFigures are one analysis (graphs, checks, comparison) timed.
type DiffFigures struct {
	Nodes       int // resources over every snapshot
	Seconds     float64
	Allocs      uint64 // per analysis
	AllocBytes  uint64
	NodesPerSec float64
	Findings    int
}

// MeasureDiff analyses snaps reps times and keeps the fastest (the least disturbed by
// the rest of the machine); allocations are those of one analysis.
func MeasureDiff(snaps []*collect.Snapshot, now time.Time, reps int) (DiffFigures, *diff.Result, error) {
	f := DiffFigures{}
	for _, s := range snaps {
		f.Nodes += Nodes(s)
	}
	opts := diff.Options{Now: now}
	var res *diff.Result
	for i := range max(reps, 1) {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		start := time.Now()
		r, err := diff.Analyze(snaps, opts)
		took := time.Since(start).Seconds()
		runtime.ReadMemStats(&after)
		if err != nil {
			return f, nil, fmt.Errorf("analyze %d snapshots: %w", len(snaps), err)
		}
		if i == 0 || took < f.Seconds {
			f.Seconds = took
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
