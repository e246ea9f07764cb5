package probe_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/envdiff/envdiff/collect"
	"github.com/envdiff/envdiff/collect/awsfake"
	"github.com/envdiff/envdiff/collect/probe"
	"github.com/envdiff/envdiff/collect/probe/probetest"
	"github.com/envdiff/envdiff/diff"
)

// TestScenarioProbe is what `envdiff report --probe --scenario seed-502.yaml` does with a
// probe configuration that points the load balancers at loopback servers: the real
// collectors read the local AWS endpoint, the probes complete real handshakes, and the
// engine reports probe-tls-verifies failing in production only, as a regression.
func TestScenarioProbe(t *testing.T) {
	s, err := awsfake.Embedded("seed-502")
	if err != nil {
		t.Fatal(err)
	}
	srv, err := awsfake.Start(s, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	var envs []collect.Environment
	for _, e := range s.Environments {
		key, secret := awsfake.Credentials(e.Account)
		envs = append(envs, collect.Environment{Name: e.Name, Role: e.Role, Account: e.Account, Regions: e.Regions,
			Domains: e.Domains, Tokens: e.Tokens, AccessKeyID: key, SecretAccessKey: secret})
	}
	snaps := collect.Collect(t.Context(), envs, collect.Options{Endpoint: srv.URL, Limits: collect.NoLimits(), CallTimeout: 5 * time.Second})

	// The probe: section a user would write, with loopback servers and their CA.
	ca := probetest.NewCA(t)
	wildcard := probetest.ServeTLS(t, ca.Leaf(t, "*.mydomain.com"))
	caFile := t.TempDir() + "/ca.pem"
	writeFile(t, caFile, ca.PEM())
	cfg := probe.Config{OnlyOverrides: true, Timeout: "2s", CAFile: caFile, Overrides: map[string]string{
		"qa1-core-1234567890.eu-west-1.elb.amazonaws.com":     wildcard,
		"qa2-core-1234567890.eu-west-1.elb.amazonaws.com":     wildcard,
		"staging-core-1234567890.eu-west-1.elb.amazonaws.com": wildcard,
		"prod-core-1234567890.eu-west-1.elb.amazonaws.com":    wildcard,
	}}
	opts, err := probe.OptionsFromConfig(cfg, "")
	if err != nil {
		t.Fatal(err)
	}
	opts.Resolver = probetest.NewDNS(t).Addr // Cloud Map names: NXDOMAIN, fast, local
	probe.Attach(t.Context(), snaps, opts)

	res, err := diff.Analyze(snaps, diff.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var tls []diff.Finding
	for _, f := range res.Findings {
		if f.Check == diff.CheckProbeTLSVerifies {
			tls = append(tls, f)
		}
	}
	if len(tls) != 1 || tls[0].Env != "production" || !tls[0].Regression ||
		!strings.HasSuffix(tls[0].Node, "origin core / probe mydomain.com") {
		t.Fatalf("probe-tls-verifies findings = %+v, want one regression in production for the apex", tls)
	}
	for _, snap := range snaps {
		verified := 0
		for _, p := range snap.Probes.TLS {
			if p.Status == collect.ProbeOK {
				verified++
			}
		}
		if verified == 0 {
			t.Errorf("%s: no probe verified; the overrides were not used", snap.Environment.Name)
		}
	}
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}
