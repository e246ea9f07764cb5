package diff

import (
	"strings"
	"testing"

	"github.com/envdiff/envdiff/collect"
)

// probeResults gives every seed-502 environment the probe results a live run records
// (collect/probe's live tests produce exactly these shapes): the /core/* origin probed
// for each alias, the viewer aliases, and the Cloud Map SRV name. Production's origin
// presents *.mydomain.com for the apex: the incident.
func probeResults(snaps []*collect.Snapshot) {
	for _, s := range snaps {
		ps := &collect.Probes{Resolver: "10.0.0.2:53"}
		for _, d := range s.Distributions {
			if !hasDomain(s, d.Aliases) {
				continue // qa1 and qa2 share an account: probe each one's own distribution
			}
			var lbListener, lbARN string
			for _, lb := range s.LoadBalancers {
				if lb.DNSName == d.Origins[1].DomainName {
					lbARN, lbListener = lb.ARN, lb.Listeners[0].ARN
				}
			}
			for _, alias := range d.Aliases {
				ps.TLS = append(ps.TLS, servedProbe(alias, d.DomainName, []string{alias},
					collect.ProbeUse{Kind: collect.ProbeUseViewer, DistributionID: d.ID}))
				if d.ID == "E3PRODEXAMPLE" {
					ps.TLS[len(ps.TLS)-1].Cert.DNSNames = []string{"mydomain.com", "www.mydomain.com"}
				}
				ps.TLS = append(ps.TLS, servedProbe(alias, d.Origins[1].DomainName, []string{"*.mydomain.com"},
					collect.ProbeUse{Kind: collect.ProbeUseOrigin, DistributionID: d.ID, OriginID: "core", Behaviour: "/core/*",
						LoadBalancerARN: lbARN, ListenerARN: lbListener}))
			}
		}
		for _, ns := range s.Namespaces {
			if !strings.HasPrefix(ns.Name, s.Environment.Tokens[0]+".") {
				continue
			}
			p := collect.SRVProbe{Name: "core." + ns.Name, Sources: []string{collect.SRVSourceCloudMap},
				Namespace: ns.Name, Service: "core", Status: collect.ProbeOK, Rcode: "NOERROR"}
			for _, in := range ns.Services[0].Instances {
				p.Answers = append(p.Answers, collect.SRVAnswer{Target: in.ID + ".core." + ns.Name, Port: in.Port,
					Priority: 1, Weight: 1, Addresses: []string{in.IPv4}})
			}
			ps.SRV = append(ps.SRV, p)
		}
		s.Probes = ps
	}
}

func hasDomain(s *collect.Snapshot, aliases []string) bool {
	for _, a := range aliases {
		for _, d := range s.Environment.Domains {
			if a == d {
				return true
			}
		}
	}
	return false
}

// servedProbe is a completed handshake that presented names; it verifies when names
// cover host (the test CA is trusted), as crypto/x509 would decide.
func servedProbe(host, dial string, names []string, use collect.ProbeUse) collect.TLSProbe {
	p := collect.TLSProbe{Host: host, Address: dial + ":443", Dialled: "127.0.0.1:4443", Override: true,
		Uses: []collect.ProbeUse{use}, Status: collect.ProbeOK, TLSVersion: "TLS 1.3", LatencyMS: 1.5,
		Cert: &collect.ServedCert{Subject: "CN=" + names[0], DNSNames: names, Issuer: "CN=envdiff test CA",
			NotAfter: testNow.AddDate(0, 3, 0), SHA256: "ab12", Chain: 2}}
	if !CoversHost(names, host) {
		p.Status, p.VerifyKind = collect.ProbeFailed, "hostname"
		p.VerifyError = "x509: certificate is valid for " + strings.Join(names, ", ") + ", not " + host
	}
	return p
}

func findingsOf(t *testing.T, snaps []*collect.Snapshot, check string) []Finding {
	t.Helper()
	res, err := Analyze(snaps, testOpts())
	if err != nil {
		t.Fatal(err)
	}
	var out []Finding
	for _, f := range res.Findings {
		if f.Check == check {
			out = append(out, f)
		}
	}
	return out
}

// prod returns seed-502's production snapshot.
func prodOf(snaps []*collect.Snapshot) *collect.Snapshot { return snaps[len(snaps)-1] }

func TestProbeChecks(t *testing.T) {
	type want struct {
		env        string
		regression bool
		severity   Severity
		node       string // substring
		message    string // substring
	}
	tests := []struct {
		name   string
		check  string
		mutate func(snaps []*collect.Snapshot)
		want   []want
	}{
		{
			name:  "seed-502 live: the apex fails verification in production only, as a regression",
			check: CheckProbeTLSVerifies, mutate: func([]*collect.Snapshot) {},
			want: []want{{env: "production", regression: true, severity: Critical, node: "origin core / probe mydomain.com",
				message: "CloudFront connecting to prod-core-1234567890.eu-west-1.elb.amazonaws.com:443 (127.0.0.1:4443) for mydomain.com is served *.mydomain.com, which does not cover the apex; CloudFront answers 502 on this path"}},
		},
		{
			name:  "a probe that could not run is unknown, not a failure",
			check: CheckProbeTLSVerifies, mutate: func(snaps []*collect.Snapshot) {
				for i := range prodOf(snaps).Probes.TLS {
					p := &prodOf(snaps).Probes.TLS[i]
					if p.Host == "mydomain.com" && p.Uses[0].Kind == collect.ProbeUseOrigin {
						*p = collect.TLSProbe{Host: p.Host, Address: p.Address, Uses: p.Uses, Status: collect.ProbeUnknown,
							Error: "connect: i/o timeout", ErrorKind: "timeout"}
					}
				}
			},
		},
		{
			name:  "snapshots without probes give no probe findings",
			check: CheckProbeTLSVerifies, mutate: func(snaps []*collect.Snapshot) {
				for _, s := range snaps {
					s.Probes = nil
				}
			},
		},
		{
			name:  "the handshake failing everywhere is not a regression",
			check: CheckProbeTLSVerifies, mutate: func(snaps []*collect.Snapshot) {
				for _, s := range snaps {
					for i := range s.Probes.TLS {
						p := &s.Probes.TLS[i]
						if p.Uses[0].Kind == collect.ProbeUseViewer {
							p.Status, p.Cert, p.Error, p.ErrorKind = collect.ProbeFailed, nil, "remote error: tls: handshake failure", "handshake"
						}
					}
				}
			},
			want: []want{
				{env: "production", regression: true, severity: Critical, node: "probe mydomain.com"},
				{env: "production", severity: High, node: "alias mydomain.com / probe", message: "a viewer connecting to e3prodexample.cloudfront.net:443 (127.0.0.1:4443) for mydomain.com: remote error: tls: handshake failure; browsers refuse the connection"},
				{env: "production", severity: High, node: "alias www.mydomain.com / probe"},
			},
		},
		{
			name:  "served certificate matches the configuration everywhere in seed-502",
			check: CheckProbeCertMatchesConfig, mutate: func([]*collect.Snapshot) {},
		},
		{
			name:  "production serves another certificate than its listener's",
			check: CheckProbeCertMatchesConfig, mutate: func(snaps []*collect.Snapshot) {
				for i := range prodOf(snaps).Probes.TLS {
					p := &prodOf(snaps).Probes.TLS[i]
					if p.Uses[0].Kind == collect.ProbeUseOrigin {
						p.Cert.DNSNames = []string{"*.old.mydomain.com"}
					}
				}
			},
			// www has no counterpart in the passed environments: not a regression.
			want: []want{{env: "production", regression: true, severity: High, node: "origin core / probe mydomain.com",
				message: "serves a certificate for *.old.mydomain.com, but the listener is configured with *.mydomain.com"},
				{env: "production", severity: Medium, node: "probe www.mydomain.com",
					message: "serves a certificate for *.old.mydomain.com, but the listener is configured with *.mydomain.com"}},
		},
		{
			name:  "SRV answers match the registered instances everywhere",
			check: CheckProbeSRVAnswers, mutate: func([]*collect.Snapshot) {},
		},
		{
			name:  "production's resolver misses an instance and lists a stale one",
			check: CheckProbeSRVAnswers, mutate: func(snaps []*collect.Snapshot) {
				p := &prodOf(snaps).Probes.SRV[0]
				p.Answers = p.Answers[:2]
				p.Answers[1].Addresses = []string{"10.3.9.99"}
			},
			want: []want{{env: "production", regression: true, severity: Critical, node: "service core / probe SRV core.prod.local",
				message: "answers 10.3.9.99:32770, which no registered instance has, and lacks task-prod-b (10.3.1.11:32770), task-prod-c (10.3.2.10:32768)"}},
		},
		{
			name:  "NXDOMAIN while instances are registered fails",
			check: CheckProbeSRVAnswers, mutate: func(snaps []*collect.Snapshot) {
				p := &prodOf(snaps).Probes.SRV[0]
				p.Status, p.Answers, p.Rcode, p.ErrorKind, p.Error = collect.ProbeFailed, nil, "NXDOMAIN", "nxdomain", "core.prod.local does not exist"
			},
			want: []want{{env: "production", regression: true, severity: Critical, message: "answers nothing (nxdomain)"}},
		},
		{
			name:  "an SRV lookup that timed out is unknown",
			check: CheckProbeSRVAnswers, mutate: func(snaps []*collect.Snapshot) {
				p := &prodOf(snaps).Probes.SRV[0]
				p.Status, p.Answers, p.ErrorKind = collect.ProbeUnknown, nil, "timeout"
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			snaps := seed502()
			probeResults(snaps)
			tt.mutate(snaps)
			got := findingsOf(t, snaps, tt.check)
			if len(got) != len(tt.want) {
				t.Fatalf("%d %s findings, want %d: %+v", len(got), tt.check, len(tt.want), got)
			}
			for i, w := range tt.want {
				f := got[i]
				if f.Env != w.env || f.Regression != w.regression || f.Severity != w.severity ||
					!strings.Contains(f.Node, w.node) || !strings.Contains(f.Message, w.message) {
					t.Errorf("finding %d = %s %s regression=%v %s\n  node %q\n  message %q\nwant %+v", i, f.Check, f.Env, f.Regression, f.Severity, f.Node, f.Message, w)
				}
				if w.regression && strings.Join(f.PassedIn, ",") != "qa1,qa2,staging" {
					t.Errorf("passed in %v, want qa1, qa2, staging", f.PassedIn)
				}
			}
		})
	}
}
