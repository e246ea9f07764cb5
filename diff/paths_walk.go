package diff

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/envdiff/envdiff/collect"
)

// Paths walks one environment from each of its entry domains, for the paths view: every
// hop a request meets, marked ok, fail (a check fails there; Note says which and why),
// unknown (a collector failed) or missing (the walk cannot continue).
func Paths(s *collect.Snapshot, opts Options) []RequestPath {
	if s == nil {
		return nil
	}
	g := buildGraph(s, opts)
	fails := map[string][]string{}
	for _, def := range checkTable() {
		if def.run == nil {
			continue
		}
		for _, o := range def.run(g) {
			if !o.fail {
				continue
			}
			at := o.at
			if at == "" {
				at = o.key
			}
			fails[at] = append(fails[at], def.info.ID+": "+o.message)
		}
	}
	pw := pathWriter{g: g, fails: fails}
	out := make([]RequestPath, 0, len(g.entries))
	for _, ev := range g.entries {
		pw.hops = nil
		pw.entry(ev)
		out = append(out, RequestPath{Env: s.Environment.Name, Entry: ev.domain, Hops: pw.hops})
	}
	return out
}

type pathWriter struct {
	g     *Graph
	fails map[string][]string
	hops  []Hop
}

// hop appends a hop whose status comes from the failures recorded at keys.
func (p *pathWriter) hop(h Hop, keys ...string) {
	var notes []string
	seen := map[string]bool{}
	for _, k := range keys {
		if seen[k] {
			continue
		}
		seen[k] = true
		notes = append(notes, p.fails[k]...)
	}
	if h.Status == "" {
		h.Status = HopOK
		if len(notes) > 0 {
			h.Status = HopFail
		}
	}
	if len(notes) > 0 {
		h.Note = strings.Join(notes, "; ")
	}
	p.hops = append(p.hops, h)
}

// deadHop reports where a name resolution stopped.
func (p *pathWriter) deadHop(t target, role string, depth int) bool {
	switch t.kind {
	case resMissing:
		p.hop(Hop{Role: role, Name: t.name, Status: HopMissing, Note: t.note, Depth: depth})
	case resUnknown:
		p.hop(Hop{Role: role, Name: t.name, Status: HopUnknown, Note: t.note, Depth: depth})
	case resExternal, resAWS:
		p.hop(Hop{Role: role, Name: t.name, Detail: t.kind, Status: HopOK, Depth: depth})
	default:
		return false
	}
	return true
}

func (p *pathWriter) entry(ev *entryView) {
	p.hop(Hop{Role: HopDomain, Name: ev.domain, Detail: "leads to " + ev.res.kind}, ev.node.key)
	for _, r := range ev.res.chain {
		p.hop(Hop{Role: HopRecord, Name: normHost(r.rec.Name) + " " + r.rec.Type, Detail: "→ " + normHost(recordNext(r.rec))},
			p.recKey(r.rec))
	}
	if ev.res.note != "" && ev.res.kind == resDistribution {
		p.hops[len(p.hops)-1].Note = ev.res.note
	}
	if p.deadHop(ev.res, HopRecord, 0) {
		return
	}
	switch ev.res.kind {
	case resDistribution:
		p.dist(ev.res.dist)
	case resLoadBalancer:
		p.lb(ev.res.lb, ev.res.lb.listeners, 1, ev.res.lb.base)
	}
}

func (p *pathWriter) recKey(r *collect.Record) string {
	if n := p.g.recNode[r]; n != nil {
		return n.key
	}
	return ""
}

func (p *pathWriter) dist(dv *distView) {
	d := dv.d
	detail := "aliases " + orDefault(strings.Join(d.Aliases, ", "), "none")
	keys := []string{dv.node.key, dv.node.key + sep + "viewer certificate"}
	if dv.viewer != nil {
		keys = append(keys, dv.viewer.node.key)
		if dv.viewer.cert != nil {
			detail += "; viewer certificate " + strings.Join(certNamesOf(dv.viewer.cert.DomainName, dv.viewer.cert.SANs), ", ")
		}
	}
	for _, a := range d.Aliases {
		keys = append(keys, dv.node.key+sep+"alias "+p.g.norm.apply(normHost(a)))
	}
	if !d.Enabled {
		detail += "; disabled"
	}
	p.hop(Hop{Role: HopDistribution, Name: d.ID, Detail: detail}, keys...)
	for _, bv := range dv.behaviours {
		host := "Host not forwarded"
		if bv.b.ForwardsHost {
			host = "Host forwarded"
		}
		p.hop(Hop{Role: HopBehaviour, Name: behPattern(bv.b), Detail: "viewer " + orDefault(bv.b.ViewerProtocolPolicy, "allow-all") + ", " + host, Depth: 1},
			bv.node.key)
		if bv.origin == nil {
			p.hop(Hop{Role: HopOrigin, Name: bv.b.TargetOriginID, Status: HopMissing, Note: "the distribution has no origin with this id", Depth: 2})
			continue
		}
		o := bv.origin
		if o.S3 {
			p.hop(Hop{Role: HopOrigin, Name: o.ID, Detail: "S3 " + normHost(o.DomainName), Depth: 2}, bv.originNode.key)
			continue
		}
		p.hop(Hop{Role: HopOrigin, Name: o.ID, Detail: normHost(o.DomainName) + ", " + orDefault(o.ProtocolPolicy, "?"), Depth: 2},
			bv.originNode.key)
		if p.deadHop(bv.res, HopLoadBalancer, 3) || bv.res.kind != resLoadBalancer {
			continue
		}
		port := httpPort(*o)
		if originUsesHTTPS(o.ProtocolPolicy, bv.b.ViewerProtocolPolicy) {
			port = httpsPort(*o)
		}
		var use []*listenerView
		for _, lv := range bv.res.lb.listeners {
			if lv.l.Port == port {
				use = append(use, lv)
			}
		}
		p.lb(bv.res.lb, use, 3, bv.originNode.key)
		if len(use) == 0 {
			p.hop(Hop{Role: HopListener, Name: "listener " + strconv.Itoa(port), Status: HopMissing,
				Note: "the load balancer has no listener on the port CloudFront uses", Depth: 4}, bv.originNode.key+sep+"listener "+strconv.Itoa(port))
			if n := len(p.hops) - 1; len(p.fails[bv.originNode.key+sep+"listener "+strconv.Itoa(port)]) > 0 {
				p.hops[n].Status = HopFail
			}
		}
	}
}

// lb writes a load balancer and the listeners a request can use; atBase is the key the
// checks use for listeners on this path (an origin's key for origin-cert-covers-host).
func (p *pathWriter) lb(v *lbView, ls []*listenerView, depth int, atBase string) {
	p.hop(Hop{Role: HopLoadBalancer, Name: v.lb.Name, Detail: v.lb.Type + " " + normHost(v.lb.DNSName), Depth: depth}, v.node.key)
	for _, lv := range ls {
		name := "listener " + strconv.Itoa(lv.l.Port)
		detail := lv.l.Protocol
		if lv.l.SSLPolicy != "" {
			detail += " " + lv.l.SSLPolicy
		}
		p.hop(Hop{Role: HopListener, Name: name, Detail: detail + "; " + p.g.actionSummary(lv.l.DefaultActions, false), Depth: depth + 1},
			lv.node.key, atBase+sep+name)
		for _, ref := range lv.certs {
			h := Hop{Role: HopCertificate, Name: "sni", Depth: depth + 2}
			if ref.isDefault {
				h.Name = "default"
			}
			switch {
			case ref.cert != nil:
				h.Detail = strings.Join(certNamesOf(ref.cert.DomainName, ref.cert.SANs), ", ") + " (" + ref.cert.Status + ")"
			case ref.unknown:
				h.Status, h.Note = HopUnknown, "certificate "+ref.arn+" was not read"
			default:
				h.Status, h.Note = HopMissing, "certificate "+ref.arn+" is not in the snapshot"
			}
			p.hop(h, ref.node.key)
		}
		for _, r := range lv.l.Rules {
			var conds []string
			for _, c := range r.Conditions {
				conds = append(conds, c.Field+" "+strings.Join(c.Values, ","))
			}
			p.hop(Hop{Role: HopRule, Name: "rule " + r.Priority, Detail: strings.Join(conds, " & ") + " → " + p.g.actionSummary(r.Actions, false),
				Depth: depth + 2}, lv.node.key+sep+"rule "+r.Priority)
		}
		seen := map[*tgView]bool{}
		for _, tv := range lv.tgs {
			if seen[tv] {
				continue
			}
			seen[tv] = true
			p.hop(Hop{Role: HopTargetGroup, Name: tv.tg.Name, Detail: fmt.Sprintf("%s:%d", tv.tg.Protocol, tv.tg.Port), Depth: depth + 2})
			healthy := 0
			var ids []string
			for _, t := range tv.tg.Targets {
				if t.Health == "healthy" {
					healthy++
				}
				ids = append(ids, fmt.Sprintf("%s:%d %s", t.ID, t.Port, t.Health))
			}
			p.hop(Hop{Role: HopTargets, Name: fmt.Sprintf("%d/%d healthy", healthy, len(tv.tg.Targets)), Detail: strings.Join(ids, ", "),
				Depth: depth + 3}, tv.node.key)
		}
	}
}
