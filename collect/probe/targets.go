package probe

import (
	"net"
	"sort"
	"strconv"
	"strings"

	"github.com/envdiff/envdiff/collect"
	"github.com/envdiff/envdiff/diff/haproxy"
)

// tlsTarget is one handshake to make: SNI host against dialName:port.
type tlsTarget struct {
	host     string
	dialName string
	port     int
	uses     []collect.ProbeUse
}

func (t tlsTarget) address() string { return net.JoinHostPort(t.dialName, strconv.Itoa(t.port)) }

// srvTarget is one SRV name to resolve.
type srvTarget struct {
	name      string
	sources   []string
	namespace string
	service   string
	// privateZone names the private DNS namespace or hosted zone the name lives in, if
	// any: only a resolver inside its VPC answers for it.
	privateZone string
}

// normName lower-cases a DNS name and drops the trailing dot and the dualstack. prefix
// Route53 puts on load balancer alias targets.
func normName(s string) string {
	s = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(s)), ".")
	return strings.TrimPrefix(s, "dualstack.")
}

// topology indexes what the targets need from a snapshot.
type topology struct {
	lbByDNS map[string]*collect.LoadBalancer
	// aliasOf maps a Route53 name to the name it aliases or CNAMEs to.
	aliasOf map[string]string
}

func newTopology(snap *collect.Snapshot) *topology {
	t := &topology{lbByDNS: map[string]*collect.LoadBalancer{}, aliasOf: map[string]string{}}
	for i := range snap.LoadBalancers {
		lb := &snap.LoadBalancers[i]
		t.lbByDNS[normName(lb.DNSName)] = lb
	}
	for _, z := range snap.HostedZones {
		for _, r := range z.Records {
			if target := recordTarget(r); target != "" {
				t.aliasOf[normName(r.Name)] = target
			}
		}
	}
	return t
}

// recordTarget is where an alias or CNAME record points, or "".
func recordTarget(r collect.Record) string {
	switch {
	case r.AliasTarget != "" && (r.Type == "A" || r.Type == "AAAA" || r.Type == "CNAME"):
		return normName(r.AliasTarget)
	case r.Type == "CNAME" && len(r.Values) == 1:
		return normName(r.Values[0])
	}
	return ""
}

// loadBalancer follows a name (through at most a few Route53 aliases) to a load
// balancer of the snapshot.
func (t *topology) loadBalancer(name string) *collect.LoadBalancer {
	name = normName(name)
	for hops := 0; hops < 5; hops++ {
		if lb := t.lbByDNS[name]; lb != nil {
			return lb
		}
		next, ok := t.aliasOf[name]
		if !ok {
			return nil
		}
		name = next
	}
	return nil
}

func tlsListenerAt(lb *collect.LoadBalancer, port int) *collect.Listener {
	if lb == nil {
		return nil
	}
	for i := range lb.Listeners {
		l := &lb.Listeners[i]
		if l.Port == port && (l.Protocol == "HTTPS" || l.Protocol == "TLS") {
			return l
		}
	}
	return nil
}

// tlsTargets lists every (host name, address) a client or CloudFront completes a TLS
// handshake with: viewers on the distributions' aliases, CloudFront on its HTTPS
// origins (validating the viewer's host when Host is forwarded, else the origin's
// domain), and clients on Route53 names that lead to a load balancer's TLS listener.
// Wildcard names cannot be sent as SNI and are left out.
func tlsTargets(snap *collect.Snapshot) []tlsTarget {
	topo := newTopology(snap)
	byKey := map[string]*tlsTarget{}
	add := func(host, dialName string, port int, use collect.ProbeUse) {
		host, dialName = normName(host), normName(dialName)
		if host == "" || dialName == "" || strings.Contains(host, "*") || port <= 0 {
			return
		}
		key := host + "\x00" + dialName + "\x00" + strconv.Itoa(port)
		t := byKey[key]
		if t == nil {
			t = &tlsTarget{host: host, dialName: dialName, port: port}
			byKey[key] = t
		}
		for _, u := range t.uses {
			if u == use {
				return
			}
		}
		t.uses = append(t.uses, use)
	}

	for _, d := range snap.Distributions {
		if !d.Enabled {
			continue
		}
		for _, alias := range d.Aliases {
			add(alias, d.DomainName, 443, collect.ProbeUse{Kind: collect.ProbeUseViewer, DistributionID: d.ID})
		}
		behaviours := append([]collect.Behavior{d.DefaultBehavior}, d.Behaviors...)
		for _, o := range d.Origins {
			if o.S3 || (o.ProtocolPolicy != "https-only" && o.ProtocolPolicy != "match-viewer") {
				continue
			}
			port := o.HTTPSPort
			if port == 0 {
				port = 443
			}
			use := collect.ProbeUse{Kind: collect.ProbeUseOrigin, DistributionID: d.ID, OriginID: o.ID}
			if lb := topo.loadBalancer(o.DomainName); lb != nil {
				use.LoadBalancerARN = lb.ARN
				if l := tlsListenerAt(lb, port); l != nil {
					use.ListenerARN = l.ARN
				}
			}
			for _, b := range behaviours {
				if b.TargetOriginID != o.ID {
					continue
				}
				u := use
				u.Behaviour = b.PathPattern
				for _, name := range validatedNames(d, o, b) {
					add(name, o.DomainName, port, u)
				}
			}
		}
	}

	for _, z := range snap.HostedZones {
		for _, r := range z.Records {
			target := recordTarget(r)
			if target == "" {
				continue
			}
			lb := topo.loadBalancer(target)
			if lb == nil {
				continue
			}
			for _, l := range lb.Listeners {
				if l.Protocol != "HTTPS" && l.Protocol != "TLS" {
					continue
				}
				add(r.Name, lb.DNSName, l.Port, collect.ProbeUse{
					Kind: collect.ProbeUseRecord, Record: normName(r.Name),
					LoadBalancerARN: lb.ARN, ListenerARN: l.ARN,
				})
			}
		}
	}

	out := make([]tlsTarget, 0, len(byKey))
	for _, t := range byKey {
		out = append(out, *t)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].host != out[j].host {
			return out[i].host < out[j].host
		}
		return out[i].address() < out[j].address()
	})
	return out
}

// validatedNames are the host names CloudFront checks an origin's certificate against
// for one behaviour: each alias when the viewer's Host is forwarded (the distribution's
// own domain when it has none), else the origin's domain name.
func validatedNames(d collect.Distribution, o collect.Origin, b collect.Behavior) []string {
	if !b.ForwardsHost {
		return []string{o.DomainName}
	}
	if len(d.Aliases) == 0 {
		return []string{d.DomainName}
	}
	return d.Aliases
}

// srvTargets lists the SRV names to resolve: each Cloud Map service that registers SRV
// records (<service>.<namespace>), and each SRV name the environment's HAProxy
// configuration resolves at run time. A configuration that does not parse contributes
// nothing here; the haproxy check reports it.
func srvTargets(snap *collect.Snapshot) []srvTarget {
	byName := map[string]*srvTarget{}
	get := func(name string) *srvTarget {
		name = normName(name)
		t := byName[name]
		if t == nil {
			t = &srvTarget{name: name}
			byName[name] = t
		}
		return t
	}
	for _, ns := range snap.Namespaces {
		if ns.Type == "HTTP" {
			continue
		}
		for _, svc := range ns.Services {
			if !registersSRV(svc) {
				continue
			}
			t := get(svc.Name + "." + ns.Name)
			t.sources = appendOnce(t.sources, collect.SRVSourceCloudMap)
			t.namespace, t.service = ns.Name, svc.Name
		}
	}
	if text := snap.Environment.HAProxyConfig; text != "" {
		if cfg, err := haproxy.Parse(text); err == nil {
			for _, n := range cfg.SRVNames() {
				t := get(n.Name)
				t.sources = appendOnce(t.sources, collect.SRVSourceHAProxy)
			}
		}
	}
	private := privateZones(snap)
	out := make([]srvTarget, 0, len(byName))
	for _, t := range byName {
		t.privateZone = zoneOf(t.name, private)
		out = append(out, *t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

// privateZones lists the names of the environment's private DNS namespaces and private
// hosted zones.
func privateZones(snap *collect.Snapshot) []string {
	var out []string
	for _, ns := range snap.Namespaces {
		if ns.Type == "DNS_PRIVATE" {
			out = append(out, normName(ns.Name))
		}
	}
	for _, z := range snap.HostedZones {
		if z.Private {
			out = append(out, normName(z.Name))
		}
	}
	return out
}

// zoneOf returns the zone of zones that name is in, or "".
func zoneOf(name string, zones []string) string {
	for _, z := range zones {
		if name == z || strings.HasSuffix(name, "."+z) {
			return z
		}
	}
	return ""
}

func registersSRV(svc collect.Service) bool {
	for _, r := range svc.DNSRecords {
		if strings.EqualFold(r.Type, "SRV") {
			return true
		}
	}
	return false
}

func appendOnce(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}
