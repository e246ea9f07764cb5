package diff

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/envdiff/envdiff/collect"
)

// instanceHealthy: with no health check Cloud Map serves every instance, so only an
// explicit UNHEALTHY counts against it; with one, only HEALTHY counts.
func instanceHealthy(s *collect.Service, in collect.Instance) bool {
	if s.HealthCheck == "" || s.HealthCheck == "none" {
		return !strings.EqualFold(in.Health, "UNHEALTHY")
	}
	return strings.EqualFold(in.Health, "HEALTHY")
}

func checkSRVHasTargets(g *Graph) []outcome {
	var out []outcome
	for _, nv := range g.nss {
		if g.failedOp(collect.ServiceServiceDiscovery, nv.ns.Region, opsInstances()...) {
			continue // unread instances or health read as none
		}
		for _, sv := range nv.services {
			healthy := 0
			for _, in := range sv.s.Instances {
				if instanceHealthy(sv.s, in) {
					healthy++
				}
			}
			val := fmt.Sprintf("%d/%d healthy", healthy, len(sv.s.Instances))
			oc := outcome{key: sv.node.key, node: sv.node.disp, resource: orDefault(sv.s.ARN, sv.s.ID), value: val,
				evidence: []attr{low("instances", val), low("health check", orDefault(sv.s.HealthCheck, "none"))}}
			if healthy == 0 {
				oc.fail = true
				oc.message = fmt.Sprintf("Cloud Map service %s.%s has no healthy instance (%d registered): callers discover no endpoint",
					sv.s.Name, nv.ns.Name, len(sv.s.Instances))
			}
			out = append(out, oc)
		}
	}
	return out
}

func registersSRV(ns *collect.Namespace, s *collect.Service) bool {
	if ns.Type == "HTTP" {
		return false
	}
	if len(s.DNSRecords) == 0 {
		return true // the scenario format's default, and Cloud Map's for ECS services
	}
	for _, r := range s.DNSRecords {
		if r.Type == "SRV" {
			return true
		}
	}
	return false
}

// nsZone is the hosted zone Cloud Map keeps a DNS namespace's records in.
func (g *Graph) nsZone(ns *collect.Namespace) *collect.HostedZone {
	id := strings.TrimPrefix(ns.HostedZoneID, "/hostedzone/")
	var byName *collect.HostedZone
	for i := range g.snap.HostedZones {
		z := &g.snap.HostedZones[i]
		if id != "" && strings.TrimPrefix(z.ID, "/hostedzone/") == id {
			return z
		}
		if byName == nil && normHost(z.Name) == normHost(ns.Name) && z.Private == (ns.Type != "DNS_PUBLIC") {
			byName = z
		}
	}
	return byName
}

func instanceEndpoint(in collect.Instance) string {
	ip, port := in.IPv4, in.Port
	if ip == "" {
		ip = in.Attributes["AWS_INSTANCE_IPV4"]
	}
	if port == 0 {
		port, _ = strconv.Atoi(in.Attributes["AWS_INSTANCE_PORT"])
	}
	if ip == "" {
		ip = in.ID
	}
	return ip + ":" + strconv.Itoa(port)
}

// srvEndpoints reads the SRV records at name as address:port, resolving each target
// through the zone's A records (a target without one stays a name), and keeps the host
// name each endpoint came from: an operator looks records up by name, not by address.
func (g *Graph) srvEndpoints(z *collect.HostedZone, name string) (eps []string, hostOf map[string]string) {
	hostOf = map[string]string{}
	for _, r := range z.Records {
		if r.Type != "SRV" || normHost(r.Name) != name {
			continue
		}
		for _, v := range r.Values {
			sv, err := parseSRVValue(v)
			if err != nil {
				eps = append(eps, "malformed "+strconv.Quote(v))
				continue
			}
			host := sv.target
			addr := host
			for _, a := range g.records[host] {
				if a.rec.Type == "A" && len(a.rec.Values) > 0 {
					addr = a.rec.Values[0]
					break
				}
			}
			ep := addr + ":" + strconv.Itoa(int(sv.port))
			eps = append(eps, ep)
			if addr != host {
				hostOf[ep] = host
			}
		}
	}
	return eps, hostOf
}

func checkSRVRecordsMatch(g *Graph) []outcome {
	if g.failed(collect.ServiceRoute53, collect.GlobalRegion) {
		return nil
	}
	var out []outcome
	for _, nv := range g.nss {
		if g.failedOp(collect.ServiceServiceDiscovery, nv.ns.Region, opsInstances()...) {
			continue
		}
		z := g.nsZone(nv.ns)
		if z == nil {
			continue // the namespace's zone was not read: its records are unknown
		}
		for _, sv := range nv.services {
			if !registersSRV(nv.ns, sv.s) {
				continue
			}
			name := normHost(sv.s.Name + "." + nv.ns.Name)
			eps, hostOf := g.srvEndpoints(z, name)
			inSRV := map[string]bool{}
			for _, e := range eps {
				inSRV[e] = true
			}
			registered := map[string]bool{}
			var absent []string
			for _, in := range sv.s.Instances {
				e := instanceEndpoint(in)
				registered[e] = true
				// Cloud Map withdraws unhealthy instances from DNS; only healthy ones must
				// be listed.
				if !inSRV[e] && instanceHealthy(sv.s, in) {
					absent = append(absent, in.ID+" ("+e+")")
				}
			}
			var stale []string
			for _, e := range eps {
				if !registered[e] {
					if h := hostOf[e]; h != "" {
						e = h + " (" + e + ")"
					}
					stale = append(stale, e)
				}
			}
			sort.Strings(eps)
			var regs []string
			for e := range registered {
				regs = append(regs, e)
			}
			sort.Strings(regs)
			oc := outcome{key: sv.node.key, node: sv.node.disp + sep + "SRV " + name, resource: orDefault(sv.s.ARN, sv.s.ID),
				value:    fmt.Sprintf("%d SRV, %d instances", len(eps), len(sv.s.Instances)),
				evidence: []attr{low("SRV records", strings.Join(eps, ", ")), low("instances", strings.Join(regs, ", "))}}
			var why []string
			if len(stale) > 0 {
				why = append(why, "list "+strings.Join(stale, ", ")+", which no registered instance has")
			}
			if len(absent) > 0 {
				why = append(why, "lack "+strings.Join(absent, ", "))
			}
			if len(why) > 0 {
				oc.fail = true
				oc.message = fmt.Sprintf("the SRV records of %s %s", name, strings.Join(why, ", and "))
			}
			out = append(out, oc)
		}
	}
	return out
}
