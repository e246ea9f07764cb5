package diff

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/envdiff/envdiff/collect/probe"
	"github.com/envdiff/envdiff/collect/probe/probetest"
)

// TestSeed502Live reproduces the incident with real handshakes: every load balancer is
// a loopback TLS server presenting *.mydomain.com, every distribution one presenting its
// viewer certificate, and the Cloud Map names are served by a loopback DNS server.
// Probing each environment and analysing must report probe-tls-verifies failing in
// production only, as a regression, for the apex CloudFront validates.
func TestSeed502Live(t *testing.T) {
	ca := probetest.NewCA(t)
	wildcard := probetest.ServeTLS(t, ca.Leaf(t, "*.mydomain.com"))
	snaps := seed502()
	dns := probetest.NewDNS(t)
	overrides := map[string]string{}
	for _, s := range snaps {
		for _, lb := range s.LoadBalancers {
			overrides[lb.DNSName] = wildcard
		}
		for _, d := range s.Distributions {
			if _, done := overrides[d.DomainName]; !done {
				overrides[d.DomainName] = probetest.ServeTLS(t, ca.Leaf(t, d.Aliases...))
			}
		}
		for _, ns := range s.Namespaces {
			for _, in := range ns.Services[0].Instances {
				target := in.ID + ".core." + ns.Name
				dns.Add(t, fmt.Sprintf("core.%s. 60 IN SRV 1 1 %d %s.", ns.Name, in.Port, target))
				dns.Add(t, fmt.Sprintf("%s. 60 IN A %s", target, in.IPv4))
			}
		}
	}
	opts := probe.Options{Overrides: overrides, OnlyOverrides: true, RootCAs: ca.Pool, Resolver: dns.Addr, Timeout: 2 * time.Second}
	for _, s := range snaps {
		s.Probes = probe.Run(t.Context(), s, opts)
	}

	res, err := Analyze(snaps, testOpts())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Findings {
		if strings.HasPrefix(f.Check, "probe-") {
			got = append(got, fmt.Sprintf("%s %s regression=%v %s %s", f.Check, f.Env, f.Regression, f.Severity, f.Node))
		}
	}
	want := []string{"probe-tls-verifies production regression=true critical mydomain.com / behaviour /core/* / origin core / probe mydomain.com"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("probe findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, f := range res.Findings {
		if f.Check == CheckProbeTLSVerifies {
			if !strings.Contains(f.Message, "which does not cover the apex") || strings.Join(f.PassedIn, ",") != "qa1,qa2,staging" {
				t.Errorf("finding: %q, passed in %v", f.Message, f.PassedIn)
			}
		}
	}
}
