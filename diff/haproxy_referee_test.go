package diff

import (
	"fmt"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/envdiff/envdiff/collect"
	"github.com/envdiff/envdiff/collect/probe"
	"github.com/envdiff/envdiff/collect/probe/probetest"
)

// TestHAProxyReferee runs the real HAProxy against a DNS server on loopback and asks it
// (stats socket, show servers state) what it resolved; envdiff's haproxy-srv-resolves
// verdict, from a live probe of the same resolver, must agree for a name that resolves
// and one that does not, and the servers HAProxy filled must be the probe's answers.
func TestHAProxyReferee(t *testing.T) {
	probetest.HAProxyBinary(t) // skips (or fails in CI) before starting anything
	dns := probetest.NewDNS(t,
		"_core._tcp.core.prod.local. 60 IN SRV 1 1 32768 task-prod-a.core.prod.local.",
		"_core._tcp.core.prod.local. 60 IN SRV 1 1 32770 task-prod-b.core.prod.local.",
		"task-prod-a.core.prod.local. 60 IN A 10.3.1.10",
		"task-prod-b.core.prod.local. 60 IN A 10.3.1.11",
	)
	const good, bad = "_core._tcp.core.prod.local", "_billing._tcp.billing.prod.local"
	body := fmt.Sprintf(`defaults
    mode tcp
    timeout connect 1s
    timeout client 1s
    timeout server 1s

# the VPC resolver, here the test's DNS server
resolvers "vpc"
    nameserver dns1 %s
    timeout resolve 100ms
    timeout retry 100ms
    hold valid 10s
    hold nx 100ms

backend core
    server-template core 3 %s resolvers vpc init-addr none

backend billing
    server-template billing 2 '%s' resolvers "vpc" init-addr none
`, dns.Addr, good, bad)
	h := probetest.StartHAProxy(t, body)

	// HAProxy resolves on its own schedule: wait until it has filled core and asked for
	// billing at least twice (so a missing answer is not just a slow one).
	var core, billing []probetest.ServerState
	deadline := time.Now().Add(5 * time.Second)
	for {
		core, billing = h.ServersState(t, "core"), h.ServersState(t, "billing")
		if resolvedCount(core) == 2 && dns.Asked(bad) >= 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("HAProxy did not settle in 5s: core %+v, billing %+v, asked for %s %d times", core, billing, bad, dns.Asked(bad))
		}
		time.Sleep(50 * time.Millisecond)
	}
	haproxySays := map[string]bool{good: resolvedCount(core) > 0, bad: resolvedCount(billing) > 0}
	if !haproxySays[good] || haproxySays[bad] {
		t.Fatalf("the referee itself: HAProxy resolved %v, want %s only", haproxySays, good)
	}

	snap := seed502()[3]
	snap.Environment.HAProxyConfig = body
	snap.Probes = probe.Run(t.Context(), snap, probe.Options{Resolver: dns.Addr, Timeout: time.Second, OnlyOverrides: true})
	envdiffSays := map[string]bool{}
	for _, oc := range checkHAProxySRVResolves(buildGraph(snap, testOpts())) {
		envdiffSays[oc.node[len("haproxy / srv "):]] = !oc.fail
	}
	for name, resolved := range haproxySays {
		got, ok := envdiffSays[name]
		if !ok || got != resolved {
			t.Errorf("%s: HAProxy resolved=%v, envdiff says resolves=%v (verdict given: %v)", name, resolved, got, ok)
		}
	}

	// The servers HAProxy filled are the answers envdiff recorded.
	var filled, answered []string
	for _, s := range core {
		if s.Resolved() {
			filled = append(filled, s.Addr+":"+strconv.Itoa(s.Port))
		}
	}
	for _, p := range snap.Probes.SRV {
		if p.Name == good {
			answered = srvAnswerEndpoints(p.Answers)
		}
	}
	sort.Strings(filled)
	if fmt.Sprint(filled) != fmt.Sprint(answered) {
		t.Errorf("HAProxy filled %v, envdiff's probe answered %v", filled, answered)
	}
}

func resolvedCount(states []probetest.ServerState) int {
	n := 0
	for _, s := range states {
		if s.Resolved() {
			n++
		}
	}
	return n
}

// The same verdicts without a probe: from the snapshot's hosted zones alone.
func TestHAProxyRefereeFromZones(t *testing.T) {
	snap := seed502()[3]
	snap.Environment.HAProxyConfig = "resolvers vpc\n    nameserver dns1 10.3.0.2:53\n" +
		"backend core\n    server-template core 3 _core._tcp.core.prod.local resolvers vpc init-addr none\n" +
		"backend billing\n    server-template billing 2 _billing._tcp.billing.prod.local resolvers vpc init-addr none\n"
	checkWithHAProxy(t, "defaults\n    mode tcp\n    timeout connect 1s\n    timeout client 1s\n    timeout server 1s\n"+snap.Environment.HAProxyConfig)
	for i := range snap.HostedZones {
		if snap.HostedZones[i].Name == "prod.local" {
			snap.HostedZones[i].Records = append(snap.HostedZones[i].Records, collect.Record{
				Name: "_core._tcp.core.prod.local", Type: "SRV", Values: []string{"1 1 32768 task-prod-a.core.prod.local."}})
		}
	}
	got := map[string]bool{}
	for _, oc := range checkHAProxySRVResolves(buildGraph(snap, testOpts())) {
		got[oc.node] = oc.fail
	}
	want := map[string]bool{"haproxy / srv _core._tcp.core.prod.local": false, "haproxy / srv _billing._tcp.billing.prod.local": true}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("fails by node = %v, want %v", got, want)
	}
}
