package bench

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/envdiff/envdiff/collect"
	"github.com/envdiff/envdiff/diff"
)

// BenchmarkAnalyzeGenerated times the diff engine over generated estates collected
// through the local endpoint: the default benchmark's 4 × 20 000 nodes and twice that
// (compare the two with benchstat for the scaling).
func BenchmarkAnalyzeGenerated(b *testing.B) {
	for _, scale := range []float64{1.7, 3.4} {
		s, err := Generate(GenOptions{Scale: scale})
		if err != nil {
			b.Fatal(err)
		}
		snaps, err := InMemory(context.Background(), s)
		if err != nil {
			b.Fatal(err)
		}
		nodes := 0
		for _, sn := range snaps {
			nodes += Nodes(sn)
		}
		b.Run(fmt.Sprintf("nodes=%d", nodes), func(b *testing.B) {
			opts := diff.Options{Now: time.Now()}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := diff.Analyze(snaps, opts); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(nodes)*float64(b.N)/b.Elapsed().Seconds(), "nodes/s")
		})
	}
}

// BenchmarkPlanCalls is the bound's own cost: it must stay negligible beside a run.
func BenchmarkPlanCalls(b *testing.B) {
	s, err := Generate(GenOptions{})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		PlanCalls(s, collect.PageSizes{}, true)
	}
}
