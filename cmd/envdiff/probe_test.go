package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/envdiff/envdiff/collect/probe/probetest"
)

// TestReportProbeFindsTheIncidentLive is issue 9's "done when": `envdiff report --probe`
// with probe overrides that send every load balancer to a loopback server presenting
// *.mydomain.com reports probe-tls-verifies failing in production only, as a regression.
func TestReportProbeFindsTheIncidentLive(t *testing.T) {
	dir := t.TempDir()
	ca := probetest.NewCA(t)
	wildcard := probetest.ServeTLS(t, ca.Leaf(t, "*.mydomain.com"))
	caFile := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(caFile, ca.PEM(), 0o600); err != nil {
		t.Fatal(err)
	}
	dns := probetest.NewDNS(t)
	cfg := fmt.Sprintf(`probe:
  only_overrides: true
  timeout: 2s
  ca_file: %s
  resolver: %s
  overrides:
    qa1-core-1234567890.eu-west-1.elb.amazonaws.com: %s
    qa2-core-1234567890.eu-west-1.elb.amazonaws.com: %s
    staging-core-1234567890.eu-west-1.elb.amazonaws.com: %s
    prod-core-1234567890.eu-west-1.elb.amazonaws.com: %s
`, caFile, dns.Addr, wildcard, wildcard, wildcard, wildcard)
	cfgFile := filepath.Join(dir, "envdiff.yaml")
	if err := os.WriteFile(cfgFile, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := runBinary(t, dir, "report", "--probe", "--scenario", absSeed(t), "--config", cfgFile, "--format", "json")
	if code != 1 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var r jsonReport
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatal(err)
	}
	var probes []string
	for _, f := range r.Findings {
		if f.Check == "probe-tls-verifies" {
			probes = append(probes, f.Env)
			if f.Env != "production" || !f.Regression {
				t.Errorf("probe-tls-verifies: %+v, want production as a regression", f)
			}
		}
	}
	if len(probes) != 1 {
		t.Fatalf("probe-tls-verifies in %v, want production only", probes)
	}
}
