package probe

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"net"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/envdiff/envdiff/collect"
	"github.com/envdiff/envdiff/collect/probe/probetest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// originSnapshot is one distribution whose /core/* origin is a load balancer that
// CloudFront validates for host (Host forwarded), as in seed-502.
func originSnapshot(host, lbDNS string) *collect.Snapshot {
	return &collect.Snapshot{
		LoadBalancers: []collect.LoadBalancer{{ARN: "lb", DNSName: lbDNS,
			Listeners: []collect.Listener{{ARN: "l443", Port: 443, Protocol: "HTTPS"}}}},
		Distributions: []collect.Distribution{{
			ID: "E1", DomainName: "e1.cloudfront.net", Enabled: true, Aliases: []string{host},
			Origins:         []collect.Origin{{ID: "core", DomainName: lbDNS, ProtocolPolicy: "https-only"}},
			DefaultBehavior: collect.Behavior{TargetOriginID: "core", ForwardsHost: true},
		}},
	}
}

// dnsResolver sends the system-resolver lookups of dialled names to the test's server.
func dnsResolver(addr string) *net.Resolver {
	return &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, _, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "udp", addr)
	}}
}

func originProbe(t *testing.T, ps *collect.Probes) collect.TLSProbe {
	t.Helper()
	for _, p := range ps.TLS {
		for _, u := range p.Uses {
			if u.Kind == collect.ProbeUseOrigin {
				return p
			}
		}
	}
	t.Fatalf("no origin probe in %+v", ps.TLS)
	return collect.TLSProbe{}
}

func TestTLSProbe(t *testing.T) {
	ca := probetest.NewCA(t)
	other := probetest.NewCA(t)
	wildcard := ca.Leaf(t, "*.mydomain.com")
	apex := ca.Leaf(t, "mydomain.com", "www.mydomain.com")
	expired := ca.LeafValid(t, time.Now().Add(-48*time.Hour), time.Now().Add(-24*time.Hour), "mydomain.com")
	const lbDNS = "core-lb.eu-west-1.elb.amazonaws.com"

	refusing := probetest.ServeTLSConfig(t, &tls.Config{GetCertificate: func(*tls.ClientHelloInfo) (*tls.Certificate, error) {
		return nil, errors.New("no certificate for this name")
	}})
	tests := []struct {
		name       string
		host       string
		addr       string // override for the load balancer; "" = none
		only       bool
		status     string
		verifyKind string
		errKind    string
		cert       *tls.Certificate
	}{
		{name: "wildcard covers a subdomain", host: "qa1.mydomain.com", addr: probetest.ServeTLS(t, wildcard), status: collect.ProbeOK, cert: &wildcard},
		{name: "seed-502: wildcard does not cover the apex", host: "mydomain.com", addr: probetest.ServeTLS(t, wildcard), status: collect.ProbeFailed, verifyKind: "hostname", cert: &wildcard},
		{name: "apex certificate covers the apex", host: "mydomain.com", addr: probetest.ServeTLS(t, apex), status: collect.ProbeOK, cert: &apex},
		{name: "untrusted issuer", host: "mydomain.com", addr: probetest.ServeTLS(t, other.Leaf(t, "mydomain.com")), status: collect.ProbeFailed, verifyKind: "unknown_authority"},
		{name: "expired", host: "mydomain.com", addr: probetest.ServeTLS(t, expired), status: collect.ProbeFailed, verifyKind: "expired", cert: &expired},
		{name: "server refuses the handshake", host: "mydomain.com", addr: refusing, status: collect.ProbeFailed, errKind: errKindHandshake},
		{name: "silent server is unknown", host: "mydomain.com", addr: probetest.Silent(t), status: collect.ProbeUnknown, errKind: errKindTimeout},
		{name: "refused connection is unknown", host: "mydomain.com", addr: probetest.ClosedPort(t), status: collect.ProbeUnknown, errKind: errKindRefused},
		{name: "unresolvable name is unknown", host: "mydomain.com", status: collect.ProbeUnknown, errKind: errKindDNS},
		{name: "only overrides skips the rest", host: "mydomain.com", only: true, status: collect.ProbeUnknown, errKind: errKindSkipped},
	}
	dns := probetest.NewDNS(t) // knows no name: every lookup is NXDOMAIN
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := Options{RootCAs: ca.Pool, Timeout: 300 * time.Millisecond, HostResolver: dnsResolver(dns.Addr), OnlyOverrides: tt.only}
			if tt.addr != "" {
				opts.Overrides = map[string]string{lbDNS: tt.addr}
			}
			p := originProbe(t, Run(t.Context(), originSnapshot(tt.host, lbDNS), opts))
			if p.Status != tt.status || p.VerifyKind != tt.verifyKind || p.ErrorKind != tt.errKind {
				t.Fatalf("probe = status %q verify %q (%s) error %q (%s), want %q %q %q",
					p.Status, p.VerifyKind, p.VerifyError, p.ErrorKind, p.Error, tt.status, tt.verifyKind, tt.errKind)
			}
			if p.Host != tt.host || p.Address != lbDNS+":443" {
				t.Errorf("probe host %q address %q", p.Host, p.Address)
			}
			if tt.cert != nil {
				sum := sha256.Sum256(tt.cert.Leaf.Raw)
				if p.Cert == nil || p.Cert.SHA256 != hex.EncodeToString(sum[:]) ||
					!reflect.DeepEqual(p.Cert.DNSNames, tt.cert.Leaf.DNSNames) || p.Cert.Chain != 2 {
					t.Errorf("served certificate recorded as %+v, want %v", p.Cert, tt.cert.Leaf.DNSNames)
				}
				if p.TLSVersion != "TLS 1.3" || p.LatencyMS <= 0 || !p.Override || p.Dialled != tt.addr {
					t.Errorf("probe = %+v", p)
				}
			}
		})
	}
}

// A name with no override is dialled where DNS says, with the SNI of the host name.
func TestTLSProbeFollowsDNS(t *testing.T) {
	ca := probetest.NewCA(t)
	addr := probetest.ServeTLS(t, ca.Leaf(t, "*.mydomain.com"))
	host, port, _ := net.SplitHostPort(addr)
	dns := probetest.NewDNS(t, "core-lb.example. 60 IN A "+host)
	snap := originSnapshot("qa1.mydomain.com", "core-lb.example")
	snap.Distributions[0].Origins[0].HTTPSPort, _ = strconv.Atoi(port)
	p := originProbe(t, Run(t.Context(), snap, Options{RootCAs: ca.Pool, HostResolver: dnsResolver(dns.Addr), Timeout: time.Second}))
	if p.Status != collect.ProbeOK || p.Dialled != addr || p.Override {
		t.Fatalf("probe = %+v", p)
	}
}

func TestSRVProbe(t *testing.T) {
	dns := probetest.NewDNS(t,
		"core.prod.local. 60 IN SRV 1 1 32770 task-b.core.prod.local.",
		"core.prod.local. 60 IN SRV 1 1 32768 task-a.core.prod.local.",
		"task-a.core.prod.local. 60 IN A 10.3.1.10",
		"task-b.core.prod.local. 60 IN A 10.3.1.11",
		"empty.prod.local. 60 IN A 10.3.9.9",
	)
	dns.BlackHole("slow.prod.local")
	snap := &collect.Snapshot{Namespaces: []collect.Namespace{{Name: "prod.local", Type: "DNS_PRIVATE", Services: []collect.Service{
		{Name: "core", DNSRecords: []collect.DNSRecord{{Type: "SRV"}}},
		{Name: "gone", DNSRecords: []collect.DNSRecord{{Type: "SRV"}}},
		{Name: "empty", DNSRecords: []collect.DNSRecord{{Type: "SRV"}}},
		{Name: "slow", DNSRecords: []collect.DNSRecord{{Type: "SRV"}}},
	}}}}
	ps := Run(t.Context(), snap, Options{Resolver: dns.Addr, Timeout: 300 * time.Millisecond})
	got := map[string]collect.SRVProbe{}
	for _, p := range ps.SRV {
		got[p.Name] = p
	}
	wantAnswers := []collect.SRVAnswer{
		{Target: "task-a.core.prod.local", Port: 32768, Priority: 1, Weight: 1, Addresses: []string{"10.3.1.10"}},
		{Target: "task-b.core.prod.local", Port: 32770, Priority: 1, Weight: 1, Addresses: []string{"10.3.1.11"}},
	}
	if p := got["core.prod.local"]; p.Status != collect.ProbeOK || !reflect.DeepEqual(p.Answers, wantAnswers) || p.Namespace != "prod.local" || p.Service != "core" {
		t.Errorf("core = %+v", p)
	}
	for name, want := range map[string][2]string{
		"gone.prod.local":  {collect.ProbeFailed, srvNXDomain},
		"empty.prod.local": {collect.ProbeFailed, srvNoData},
		"slow.prod.local":  {collect.ProbeUnknown, errKindTimeout},
	} {
		if p := got[name]; p.Status != want[0] || p.ErrorKind != want[1] {
			t.Errorf("%s = status %q kind %q (%s), want %v", name, p.Status, p.ErrorKind, p.Error, want)
		}
	}
	if ps.Resolver != dns.Addr {
		t.Errorf("resolver recorded as %q", ps.Resolver)
	}

	// A resolver that sends no additional section: the targets are looked up.
	dns.OmitAdditional()
	ps = Run(t.Context(), snap, Options{Resolver: dns.Addr, Timeout: 300 * time.Millisecond})
	for _, p := range ps.SRV {
		if p.Name == "core.prod.local" && !reflect.DeepEqual(p.Answers, wantAnswers) {
			t.Errorf("without additional records: %+v", p.Answers)
		}
	}
}

// At most Concurrency handshakes are in flight at once.
func TestRunBoundsConcurrency(t *testing.T) {
	ca := probetest.NewCA(t)
	cert := ca.Leaf(t, "*.mydomain.com")
	var inFlight, peak atomic.Int32
	addr := probetest.ServeTLSConfig(t, &tls.Config{GetCertificate: func(*tls.ClientHelloInfo) (*tls.Certificate, error) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for {
			old := peak.Load()
			if n <= old || peak.CompareAndSwap(old, n) {
				break
			}
		}
		time.Sleep(30 * time.Millisecond)
		return &cert, nil
	}})
	snap := originSnapshot("a.mydomain.com", "lb.example")
	for _, h := range []string{"b", "c", "d", "e", "f", "g", "h"} {
		snap.Distributions[0].Aliases = append(snap.Distributions[0].Aliases, h+".mydomain.com")
	}
	ps := Run(t.Context(), snap, Options{RootCAs: ca.Pool, Concurrency: 2, OnlyOverrides: true, Timeout: 2 * time.Second,
		Overrides: map[string]string{"lb.example": addr}})
	ok := 0
	for _, p := range ps.TLS {
		if p.Status == collect.ProbeOK {
			ok++
		}
	}
	if ok != 8 || peak.Load() > 2 || peak.Load() < 1 {
		t.Errorf("%d probes verified (want 8), peak concurrency %d (want at most 2)", ok, peak.Load())
	}
}

// Cancelling stops the probes at once; what did not finish is unknown.
func TestRunCancel(t *testing.T) {
	silent := probetest.Silent(t)
	snap := originSnapshot("a.mydomain.com", "lb.example")
	ctx, cancel := context.WithCancel(t.Context())
	var once sync.Once
	time.AfterFunc(100*time.Millisecond, func() { once.Do(cancel) })
	defer once.Do(cancel)
	start := time.Now()
	ps := Run(ctx, snap, Options{Timeout: 10 * time.Second, OnlyOverrides: true, Overrides: map[string]string{"lb.example": silent}})
	if took := time.Since(start); took > 2*time.Second {
		t.Fatalf("Run took %v after cancel", took)
	}
	for _, p := range ps.TLS {
		if p.ErrorKind == errKindSkipped {
			continue
		}
		if p.Status != collect.ProbeUnknown || p.ErrorKind != errKindCancelled {
			t.Errorf("probe after cancel = %q %q (%s)", p.Status, p.ErrorKind, p.Error)
		}
	}
}

// Progress: one started, one event per finished probe, one done, in order.
func TestRunEvents(t *testing.T) {
	dns := probetest.NewDNS(t)
	snap := &collect.Snapshot{Environment: collect.Environment{Name: "production"},
		Namespaces: []collect.Namespace{{Name: "prod.local", Type: "DNS_PRIVATE", Services: []collect.Service{
			{Name: "a", DNSRecords: []collect.DNSRecord{{Type: "SRV"}}},
			{Name: "b", DNSRecords: []collect.DNSRecord{{Type: "SRV"}}},
			{Name: "c", DNSRecords: []collect.DNSRecord{{Type: "SRV"}}},
		}}}}
	var phases []string
	var calls []int
	Run(t.Context(), snap, Options{Resolver: dns.Addr, Timeout: time.Second, Concurrency: 3, OnEvent: func(e collect.Event) {
		if e.Env != "production" || e.Service != collect.ServiceProbe || e.Items != 3 {
			t.Errorf("event %+v", e)
		}
		phases = append(phases, e.Phase)
		calls = append(calls, e.Calls)
	}})
	want := []string{collect.PhaseStarted, collect.PhaseProgress, collect.PhaseProgress, collect.PhaseProgress, collect.PhaseDone}
	if !reflect.DeepEqual(phases, want) || !reflect.DeepEqual(calls, []int{0, 1, 2, 3, 3}) {
		t.Errorf("phases %v calls %v, want %v and 0 1 2 3 3", phases, calls, want)
	}
}

// Without a configured resolver, a private namespace's names are unknown, not failed:
// this machine's resolver answers NXDOMAIN for a VPC's private zone whether or not the
// records exist. A public namespace is still asked.
func TestPrivateNamesNeedAVPCResolver(t *testing.T) {
	snap := &collect.Snapshot{Namespaces: []collect.Namespace{
		{Name: "prod.local", Type: "DNS_PRIVATE", Services: []collect.Service{{Name: "core", DNSRecords: []collect.DNSRecord{{Type: "SRV"}}}}},
	}}
	snap.Environment.HAProxyConfig = "resolvers vpc\n    nameserver a 10.3.0.2:53\nbackend b\n    server-template s 2 _core._tcp.core.prod.local resolvers vpc\n"
	ps := Run(t.Context(), snap, Options{Timeout: 300 * time.Millisecond})
	if len(ps.SRV) != 2 {
		t.Fatalf("SRV probes = %+v", ps.SRV)
	}
	for _, p := range ps.SRV {
		if p.Status != collect.ProbeUnknown || !strings.Contains(p.Error, "probe.resolver") {
			t.Errorf("%s = %s (%s), want unknown naming probe.resolver", p.Name, p.Status, p.Error)
		}
	}
}
