package diff

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/envdiff/envdiff/collect"
	"github.com/envdiff/envdiff/diff/haproxy"
)

// haproxyKey is the root of HAProxy node keys: the configuration lives outside AWS, one
// per environment.
const haproxyKey = "haproxy"

// checkHAProxySRVResolves: every SRV name the HAProxy configuration resolves at run time
// has SRV records. A live probe's answer decides where there is one (it is what HAProxy
// gets); otherwise the snapshot's hosted zones do, where the zone that would hold the
// name was read. A configuration that does not parse fails: HAProxy would not start.
func checkHAProxySRVResolves(g *Graph) []outcome {
	text := g.env.HAProxyConfig
	if strings.TrimSpace(text) == "" {
		return nil
	}
	cfg, err := haproxy.Parse(text)
	if err != nil {
		return []outcome{{key: haproxyKey + sep + "configuration", node: haproxyKey + sep + "configuration",
			resource: "haproxy_config", fail: true, value: "does not parse",
			message: fmt.Sprintf("the HAProxy configuration of %s does not parse: %v; HAProxy refuses to start with it", g.env.Name, err)}}
	}
	var out []outcome
	for _, n := range cfg.SRVNames() {
		if oc, ok := g.haproxyNameOutcome(n); ok {
			out = append(out, oc)
		}
	}
	return out
}

func serverRefs(n haproxy.SRVName) string {
	var refs []string
	for _, s := range n.Servers {
		kw := "server"
		if s.Template {
			kw = "server-template"
		}
		refs = append(refs, fmt.Sprintf("%s %s %s (line %d)", s.Proxy, kw, s.Server, s.Line))
	}
	return strings.Join(refs, ", ")
}

func (g *Graph) haproxyNameOutcome(n haproxy.SRVName) (outcome, bool) {
	used := serverRefs(n)
	oc := outcome{key: haproxyKey + sep + "srv " + g.norm.apply(n.Name), node: haproxyKey + sep + "srv " + n.Name,
		resource: fmt.Sprintf("haproxy_config line %d", n.Servers[0].Line),
		evidence: []attr{low("used by", used)}}
	if p := g.srvProbe(n.Name); p != nil {
		oc.evidence = append(oc.evidence, low("probe answers", srvProbeText(*p)))
		if p.Status == collect.ProbeOK {
			oc.value = fmt.Sprintf("%d answers (probe)", len(p.Answers))
			return oc, true
		}
		oc.fail, oc.value = true, p.ErrorKind+" (probe)"
		oc.message = fmt.Sprintf("HAProxy resolves %s (%s), and the resolver %s answers %s: HAProxy has no servers there%s",
			n.Name, used, g.snap.Probes.Resolver, strings.ToUpper(p.ErrorKind), g.cloudMapHint(n.Name))
		return oc, true
	}
	if g.failed(collect.ServiceRoute53, collect.GlobalRegion) {
		return oc, false
	}
	var values []string
	for _, r := range g.records[normHost(n.Name)] {
		if r.rec.Type == "SRV" {
			values = append(values, r.rec.Values...)
		}
	}
	if len(values) > 0 {
		oc.value = fmt.Sprintf("%d SRV records", len(values))
		oc.evidence = append(oc.evidence, low("SRV records", strings.Join(values, ", ")))
		return oc, true
	}
	z := g.zoneOf(n.Name)
	if z == nil {
		return oc, false // no zone of the snapshot holds the name: unknown, not missing
	}
	zone := normHost(z.Name)
	if z.Private {
		zone += " (private)"
	}
	oc.fail, oc.value = true, "no SRV records"
	oc.evidence = append(oc.evidence, low("zone", zone))
	oc.message = fmt.Sprintf("HAProxy resolves %s (%s), and zone %s has no SRV records for it: HAProxy has no servers there%s",
		n.Name, used, zone, g.cloudMapHint(n.Name))
	return oc, true
}

// srvProbe returns the live answer for name, when one was observed.
func (g *Graph) srvProbe(name string) *collect.SRVProbe {
	if g.snap.Probes == nil {
		return nil
	}
	for i := range g.snap.Probes.SRV {
		p := &g.snap.Probes.SRV[i]
		if normHost(p.Name) == normHost(name) && (p.Status == collect.ProbeOK || p.Status == collect.ProbeFailed) {
			return p
		}
	}
	return nil
}

func srvProbeText(p collect.SRVProbe) string {
	if p.Status != collect.ProbeOK {
		return p.ErrorKind + ": " + p.Error
	}
	return strings.Join(srvAnswerEndpoints(p.Answers), ", ")
}

// cloudMapHint names the Cloud Map service an SRV name looks meant for, when Cloud Map
// publishes it under another name (HAProxy asks _svc._tcp.NAME; Cloud Map answers NAME).
// It also knows the form AWS advises for HAProxy, a service named _svc._tcp: when HAProxy
// asks _core._tcp.prod.local and the service was created as plain core instead, Cloud
// Map publishes core.prod.local.
func (g *Graph) cloudMapHint(name string) string {
	wants := []string{haproxy.ServiceName(name)}
	if labels := strings.Split(normHost(name), "."); len(labels) > 2 &&
		strings.HasPrefix(labels[0], "_") && strings.HasPrefix(labels[1], "_") {
		wants = append(wants, strings.Join(append([]string{labels[0][1:]}, labels[2:]...), "."))
	}
	for _, nv := range g.nss {
		for _, sv := range nv.services {
			full := normHost(sv.s.Name + "." + nv.ns.Name)
			if slices.Contains(wants, full) && full != normHost(name) {
				return fmt.Sprintf(" (Cloud Map publishes the service as %s)", full)
			}
		}
	}
	return ""
}

// checkHAProxyTemplateCapacity: a server-template declares a fixed number of server
// slots; instances past it are discovered but never used, so a template must have at
// least as many slots as the Cloud Map service has registered instances.
func checkHAProxyTemplateCapacity(g *Graph) []outcome {
	text := g.env.HAProxyConfig
	if strings.TrimSpace(text) == "" {
		return nil
	}
	cfg, err := haproxy.Parse(text)
	if err != nil {
		return nil // haproxy-srv-resolves reports it
	}
	var out []outcome
	for _, px := range cfg.Proxies {
		for _, s := range px.Servers {
			if !s.Template || !s.SRV() {
				continue
			}
			sv := g.cloudMapService(s.FQDN)
			if sv == nil || g.failedOp(collect.ServiceServiceDiscovery, sv.ns.Region, opsInstances()...) {
				continue
			}
			n := len(sv.s.Instances)
			oc := outcome{
				key:      haproxyKey + sep + "backend " + g.norm.apply(px.Name) + sep + "server-template " + g.norm.apply(s.Name),
				node:     haproxyKey + sep + "backend " + px.Name + sep + "server-template " + s.Name,
				resource: "haproxy_config line " + strconv.Itoa(s.Line),
				value:    fmt.Sprintf("%d slots, %d instances", s.Count, n),
				evidence: []attr{low("template slots", strconv.Itoa(s.Count)), low("registered instances", strconv.Itoa(n)),
					low("SRV name", haproxy.NormaliseName(s.FQDN))},
			}
			if s.Count < n {
				oc.fail = true
				oc.message = fmt.Sprintf("server-template %s of backend %s (line %d) has %d slots, and Cloud Map service %s.%s has %d registered instances: %d of them never get traffic",
					s.Name, px.Name, s.Line, s.Count, sv.s.Name, sv.ns.Name, n, n-s.Count)
			}
			out = append(out, oc)
		}
	}
	return out
}

// cloudMapService finds the Cloud Map service an SRV name stands for: the same name, or
// the name without its _service._proto labels.
func (g *Graph) cloudMapService(fqdn string) *svcView {
	exact, bare := haproxy.NormaliseName(fqdn), haproxy.ServiceName(fqdn)
	for _, nv := range g.nss {
		for _, sv := range nv.services {
			full := normHost(sv.s.Name + "." + nv.ns.Name)
			if full == exact || full == bare {
				return sv
			}
		}
	}
	return nil
}
