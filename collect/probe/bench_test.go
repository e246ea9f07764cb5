package probe

import (
	"fmt"
	"testing"
	"time"

	"github.com/envdiff/envdiff/collect"
	"github.com/envdiff/envdiff/collect/probe/probetest"
)

// BenchmarkRun probes 200 host names (one distribution with 200 aliases, each probed as
// a viewer and as its Host-forwarding origin: 400 handshakes) against loopback servers.
func BenchmarkRun(b *testing.B) {
	ca := probetest.NewCA(b)
	addr := probetest.ServeTLS(b, ca.Leaf(b, "*.mydomain.com"))
	snap := originSnapshot("h0.mydomain.com", "lb.example")
	for i := 1; i < 200; i++ {
		snap.Distributions[0].Aliases = append(snap.Distributions[0].Aliases, fmt.Sprintf("h%d.mydomain.com", i))
	}
	opts := Options{RootCAs: ca.Pool, OnlyOverrides: true, Timeout: 5 * time.Second,
		Overrides: map[string]string{"lb.example": addr, "e1.cloudfront.net": addr}}
	for b.Loop() {
		ps := Run(b.Context(), snap, opts)
		for _, p := range ps.TLS {
			if p.Status != collect.ProbeOK {
				b.Fatalf("probe %s: %s %s", p.Host, p.Status, p.Error)
			}
		}
	}
}
