package diff

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/envdiff/envdiff/collect"
	"github.com/envdiff/envdiff/collect/probe/probetest"
)

// haproxyConfig is an environment's HAProxy configuration as an operator writes it:
// comments, two resolvers sections, quoted arguments. It asks for the SRV name
// _core._tcp.core.NS with count slots.
func haproxyConfig(ns string, count int) string {
	return fmt.Sprintf(`# HAProxy in front of the core service (%[1]s)
global
    log stdout format raw local0

defaults
    mode tcp
    timeout connect 1s
    timeout client 1s
    timeout server 1s
    default-server init-addr none   # resolve at run time only

resolvers "vpc"
    nameserver dns1 10.0.0.2:53
    hold valid 10s

resolvers 'fallback' # used by nothing in production
    nameserver dns1 10.0.0.3:53

backend core
    balance roundrobin
    server-template "core" %[2]d '_core._tcp.core.%[1]s' resolvers "vpc" check
`, ns, count)
}

// withHAProxy sets each environment's HAProxy configuration and, for the passed ones,
// the SRV records HAProxy asks for; production's zone lacks them unless prodRecords.
// validated holds the configuration shapes haproxy -c already accepted.
func withHAProxy(t *testing.T, validated map[string]bool, snaps []*collect.Snapshot, prodCount int, prodRecords bool) {
	t.Helper()
	for _, s := range snaps {
		ns := s.Environment.Tokens[0] + ".local"
		count := 3
		if s.Environment.Role == collect.RoleTarget {
			count = prodCount
		}
		s.Environment.HAProxyConfig = haproxyConfig(ns, count)
		// qa1 and qa2 differ only in names; one haproxy -c per shape keeps this fast.
		shape := strings.ReplaceAll(s.Environment.HAProxyConfig, ns, "NS")
		if !validated[shape] {
			validated[shape] = true
			checkWithHAProxy(t, s.Environment.HAProxyConfig)
		}
		if s.Environment.Role == collect.RoleTarget && !prodRecords {
			continue
		}
		for i := range s.HostedZones {
			z := &s.HostedZones[i]
			if z.Name == ns {
				z.Records = append(z.Records, collect.Record{Name: "_core._tcp.core." + ns, Type: "SRV", TTL: 60,
					Values: []string{"1 1 32768 task-a.core." + ns + "."}})
			}
		}
	}
}

// checkWithHAProxy has the real HAProxy validate a configuration the tests use.
func checkWithHAProxy(t *testing.T, text string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "haproxy.cfg")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	probetest.CheckConfig(t, path)
}

// rejectWithHAProxy has the real HAProxy confirm that a configuration is invalid.
func rejectWithHAProxy(t *testing.T, text string) {
	t.Helper()
	bin := probetest.OptionalHAProxy(t)
	if bin == "" {
		return
	}
	path := filepath.Join(t.TempDir(), "haproxy.cfg")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(bin, "-c", "-f", path).CombinedOutput(); err == nil || strings.Contains(string(out), "has no error") {
		t.Fatalf("haproxy accepts a configuration the test takes as invalid:\n%s", out)
	}
}

func TestHAProxyChecks(t *testing.T) {
	validated := map[string]bool{}
	type want struct {
		env        string
		regression bool
		severity   Severity
		message    string
	}
	tests := []struct {
		name   string
		check  string
		mutate func(t *testing.T, snaps []*collect.Snapshot)
		want   []want
	}{
		{
			name:  "production's zone lacks the SRV name HAProxy asks for",
			check: CheckHAProxySRVResolves, mutate: func(t *testing.T, snaps []*collect.Snapshot) { withHAProxy(t, validated, snaps, 3, false) },
			want: []want{{env: "production", regression: true, severity: Critical,
				message: "HAProxy resolves _core._tcp.core.prod.local (core server-template core (line 21)), and zone prod.local (private) has no SRV records for it: HAProxy has no servers there (Cloud Map publishes the service as core.prod.local)"}},
		},
		{
			name:  "records everywhere: nothing to report",
			check: CheckHAProxySRVResolves, mutate: func(t *testing.T, snaps []*collect.Snapshot) { withHAProxy(t, validated, snaps, 3, true) },
		},
		{
			name:  "a live answer outranks the zone",
			check: CheckHAProxySRVResolves, mutate: func(t *testing.T, snaps []*collect.Snapshot) {
				withHAProxy(t, validated, snaps, 3, false)
				prodOf(snaps).Probes = &collect.Probes{Resolver: "10.0.0.2:53", SRV: []collect.SRVProbe{{
					Name: "_core._tcp.core.prod.local", Sources: []string{collect.SRVSourceHAProxy}, Status: collect.ProbeOK,
					Answers: []collect.SRVAnswer{{Target: "task-a.core.prod.local", Port: 32768, Priority: 1, Weight: 1}}}}}
			},
		},
		{
			name:  "a live NXDOMAIN fails even where the zone is unknown",
			check: CheckHAProxySRVResolves, mutate: func(t *testing.T, snaps []*collect.Snapshot) {
				withHAProxy(t, validated, snaps, 3, true)
				p := prodOf(snaps)
				p.HostedZones = p.HostedZones[:1] // the private zone was not read
				p.Probes = &collect.Probes{Resolver: "10.0.0.2:53", SRV: []collect.SRVProbe{{
					Name: "_core._tcp.core.prod.local", Sources: []string{collect.SRVSourceHAProxy}, Status: collect.ProbeFailed,
					Rcode: "NXDOMAIN", ErrorKind: "nxdomain", Error: "does not exist"}}}
			},
			want: []want{{env: "production", regression: true, severity: Critical, message: "the resolver 10.0.0.2:53 answers NXDOMAIN"}},
		},
		{
			name:  "no zone of the snapshot holds the name: unknown",
			check: CheckHAProxySRVResolves, mutate: func(t *testing.T, snaps []*collect.Snapshot) {
				withHAProxy(t, validated, snaps, 3, true)
				p := prodOf(snaps)
				p.HostedZones = p.HostedZones[:1]
			},
		},
		{
			name:  "Route53 unread: unknown",
			check: CheckHAProxySRVResolves, mutate: func(t *testing.T, snaps []*collect.Snapshot) {
				withHAProxy(t, validated, snaps, 3, false)
				p := prodOf(snaps)
				p.Errors = append(p.Errors, collect.CollectError{Service: collect.ServiceRoute53, Region: collect.GlobalRegion, Kind: collect.ErrThrottled})
			},
		},
		{
			name:  "a configuration that does not parse fails, naming the line",
			check: CheckHAProxySRVResolves, mutate: func(t *testing.T, snaps []*collect.Snapshot) {
				withHAProxy(t, validated, snaps, 3, true)
				prodOf(snaps).Environment.HAProxyConfig += "backend extra\n    server-template x 2 _x._tcp.x.prod.local resolvers nope\n"
				rejectWithHAProxy(t, prodOf(snaps).Environment.HAProxyConfig)
			},
			want: []want{{env: "production", severity: High, message: `line 23: resolvers "nope" is not defined`}},
		},
		{
			name:  "production's template has fewer slots than instances",
			check: CheckHAProxyTemplateCapacity, mutate: func(t *testing.T, snaps []*collect.Snapshot) { withHAProxy(t, validated, snaps, 2, true) },
			want: []want{{env: "production", regression: true, severity: High,
				message: "server-template core of backend core (line 21) has 2 slots, and Cloud Map service core.prod.local has 3 registered instances: 1 of them never get traffic"}},
		},
		{
			name:  "enough slots everywhere",
			check: CheckHAProxyTemplateCapacity, mutate: func(t *testing.T, snaps []*collect.Snapshot) { withHAProxy(t, validated, snaps, 3, true) },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			snaps := seed502()
			tt.mutate(t, snaps)
			got := findingsOf(t, snaps, tt.check)
			if len(got) != len(tt.want) {
				t.Fatalf("%d %s findings, want %d: %+v", len(got), tt.check, len(tt.want), got)
			}
			for i, w := range tt.want {
				f := got[i]
				if f.Env != w.env || f.Regression != w.regression || f.Severity != w.severity || !strings.Contains(f.Message, w.message) {
					t.Errorf("finding %d = %s %s regression=%v %s %q\nwant %+v", i, f.Check, f.Env, f.Regression, f.Severity, f.Message, w)
				}
			}
		})
	}
}

// TestCloudMapHint: the hint names the service Cloud Map really publishes, for both
// shapes of name an operator gives HAProxy for a service created as plain core.
func TestCloudMapHint(t *testing.T) {
	prod := prodOf(seed502())
	g := buildGraph(prod, testOpts())
	tests := []struct{ name, want string }{
		{"_core._tcp.core.prod.local", " (Cloud Map publishes the service as core.prod.local)"},
		{"_core._tcp.prod.local", " (Cloud Map publishes the service as core.prod.local)"},
		{"_api._tcp.prod.local", ""},
		{"core.prod.local", ""},
	}
	for _, tt := range tests {
		if got := g.cloudMapHint(tt.name); got != tt.want {
			t.Errorf("cloudMapHint(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}
