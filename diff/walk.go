package diff

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/envdiff/envdiff/collect"
)

var (
	depRoute53    = dep{collect.ServiceRoute53, collect.GlobalRegion}
	depCloudFront = dep{collect.ServiceCloudFront, collect.GlobalRegion}
)

func withDep(deps []dep, d dep) []dep {
	out := make([]dep, len(deps), len(deps)+1)
	copy(out, deps)
	return append(out, d)
}

func low(name, value string) attr { return attr{name: name, value: value, sev: Low} }
func med(name, value string) attr { return attr{name: name, value: value, sev: Medium} }

// walk keys every resource of the snapshot: first by the role it plays on the path from
// each entry domain, then, for what no walk reached, by its normalised name. Names
// differ between environments on purpose, roles do not, so the keys read:
//
//	entry[0]                                        the first entry domain
//	entry[0] / record                               the record it resolves through
//	entry[0] / distribution                         the distribution it reaches
//	entry[0] / behaviour /core/*                    a behaviour ("*" is the default)
//	entry[0] / behaviour /core/* / origin           its origin
//	... / origin / load balancer | listener 443     the ALB the origin leads to
//	... / listener 443 / certificate default | sni NAMES | rule 10 | target group
//	distribution {env}-web, load balancer {env}-core, certificate *.{env} eu-west-1,
//	zone {env} / record www.{env} A, namespace {env}.local / service core
//	                                                 by name, where no walk reached
//
// A resource reached twice keeps its first key; the display name (node.disp) is the
// same path in the environment's own names, which is what findings show.
func (g *Graph) walk() {
	for i, d := range g.env.Domains {
		g.walkEntry(i, d)
	}
	type named[T any] struct {
		v    T
		name string
	}
	var dists []named[*distView]
	for _, dv := range g.dists {
		if dv.node == nil && !g.foreign(dv.d.Aliases...) {
			n := dv.d.ID
			if len(dv.d.Aliases) > 0 {
				n = dv.d.Aliases[0]
			}
			dists = append(dists, named[*distView]{dv, g.norm.apply(normHost(n))})
		}
	}
	for _, x := range sortedByName(dists, func(x named[*distView]) string { return x.name }) {
		g.placeDist(x.v, "distribution "+x.name, "distribution "+x.v.d.ID, "", true, nil)
	}
	var lbs []named[*lbView]
	for _, v := range g.lbs {
		if v.node == nil && !g.foreign(v.lb.Name) {
			lbs = append(lbs, named[*lbView]{v, g.norm.apply(v.lb.Name)})
		}
	}
	for _, x := range sortedByName(lbs, func(x named[*lbView]) string { return x.name }) {
		g.placeLB(x.v, "load balancer "+x.name, "load balancer "+x.v.lb.Name, "", true, nil)
	}
	for i := range g.snap.Certificates {
		c := &g.snap.Certificates[i]
		if _, used := g.certUse[c.ARN]; used || g.foreign(c.DomainName) {
			continue
		}
		name := g.norm.apply(normHost(c.DomainName)) + " " + c.Region
		ref := g.certRef(c.ARN, "certificate "+name, "certificate "+normHost(c.DomainName)+" "+c.Region, "", false, nil)
		ref.notInUse = len(c.InUseBy) == 0
	}
	// What remains unplaced is another environment's: the checks see only this one's.
	g.dists = placed(g.dists, func(v *distView) bool { return v.node != nil })
	g.lbs = placed(g.lbs, func(v *lbView) bool { return v.node != nil })
	g.walkZones()
	g.walkNamespaces()
}

func placed[T any](vs []T, keep func(T) bool) []T {
	out := vs[:0:0]
	for _, v := range vs {
		if keep(v) {
			out = append(out, v)
		}
	}
	return out
}

func (g *Graph) walkEntry(i int, domain string) {
	key, disp := fmt.Sprintf("entry[%d]", i), normHost(domain)
	res := g.resolve(domain)
	// byAlias is the distribution that carries the entry domain as an alias when the
	// record leads elsewhere (a dangling alias, another distribution): it still plays the
	// entry's role, so its behaviours, origins and checks compare with the passed
	// environments' instead of reading as missing there and new here.
	var byAlias *distView
	if res.kind != resDistribution && res.kind != resLoadBalancer {
		if dv := g.distByAlias[disp]; dv != nil {
			if len(res.chain) == 0 {
				// No record leads anywhere (or the zone is not ours): CloudFront still
				// serves the name if a distribution carries it as an alias.
				res = target{kind: resDistribution, dist: dv, name: disp, note: "no Route53 record in the snapshot; matched by the distribution's alias"}
			} else {
				byAlias = dv
			}
		}
	}
	deps := []dep{depRoute53}
	ev := &entryView{index: i, domain: disp, res: res}
	ev.node = g.add(&node{key: key, disp: disp, kind: HopDomain, deps: deps, attrs: leadsTo(res, Medium)})
	g.entries = append(g.entries, ev)
	if len(res.chain) > 0 {
		r := res.chain[0].rec
		g.add(&node{key: key + sep + "record", parent: key, disp: disp + sep + "record " + r.Type, kind: HopRecord,
			deps: deps, attrs: []attr{low("type", r.Type), low("alias", strconv.FormatBool(r.AliasTarget != ""))}})
	}
	switch res.kind {
	case resDistribution:
		if res.dist.node == nil {
			g.placeDist(res.dist, key, disp, key, false, deps)
		}
	case resLoadBalancer:
		if res.lb.node == nil {
			g.placeLB(res.lb, key, disp, key, false, deps)
		}
	default:
		if byAlias != nil && byAlias.node == nil {
			g.placeDist(byAlias, key, disp, key, false, deps)
		}
	}
}

// leadsTo is where a name leads, as an attribute; unknown is no value at all, so a
// failed collector never reads as a difference.
func leadsTo(t target, sev Severity) []attr {
	if t.kind == resUnknown {
		return nil
	}
	return []attr{{name: "leads to", value: t.kind, sev: sev}}
}

func viewerCertKind(v collect.ViewerCertificate) string {
	switch {
	case v.ACMCertificateARN != "":
		return "acm"
	case v.IAMCertificateID != "":
		return "iam"
	case v.CloudFrontDefault:
		return "cloudfront default"
	}
	return "none"
}

// placeDist keys a distribution and everything under it. named is true for a
// distribution no entry reached, whose key is its normalised name.
func (g *Graph) placeDist(dv *distView, base, baseDisp, parent string, named bool, deps []dep) {
	d := dv.d
	deps = withDep(deps, depCloudFront)
	key, disp := base+sep+"distribution", baseDisp+sep+"distribution "+d.ID
	if named {
		key, disp = base, baseDisp
	}
	res := d.ARN
	if res == "" {
		res = d.ID
	}
	dv.node = g.add(&node{key: key, parent: parent, disp: disp, kind: HopDistribution, resource: res, deps: deps,
		region: collect.GlobalRegion,
		attrs: []attr{
			low("enabled", strconv.FormatBool(d.Enabled)),
			low("viewer certificate", viewerCertKind(d.ViewerCertificate)),
			low("SSL support method", d.ViewerCertificate.SSLSupportMethod),
			med("minimum TLS version", d.ViewerCertificate.MinimumProtocolVersion),
		}})
	if named {
		base, baseDisp = dv.node.key, dv.node.disp
	}
	dv.base, dv.baseDisp = base, baseDisp
	for _, a := range d.Aliases {
		g.add(&node{key: dv.node.key + sep + "alias " + g.norm.apply(normHost(a)), parent: dv.node.key,
			disp: dv.node.disp + sep + "alias " + normHost(a), kind: "alias", deps: deps})
	}
	if arn := d.ViewerCertificate.ACMCertificateARN; arn != "" {
		dv.viewer = g.certRef(arn, dv.node.key+sep+"viewer certificate", dv.node.disp+sep+"viewer certificate", dv.node.key, false, deps)
	}
	behs := make([]collect.Behavior, 0, len(d.Behaviors)+1)
	behs = append(behs, d.Behaviors...)
	behs = append(behs, d.DefaultBehavior)
	for _, b := range behs {
		g.placeBehaviour(dv, b, deps)
	}
}

func behPattern(b collect.Behavior) string {
	if b.PathPattern == "" {
		return "*"
	}
	return b.PathPattern
}

func (g *Graph) placeBehaviour(dv *distView, b collect.Behavior, deps []dep) {
	bv := &behView{dist: dv, b: b}
	var origin *collect.Origin
	for i := range dv.d.Origins {
		if dv.d.Origins[i].ID == b.TargetOriginID {
			origin = &dv.d.Origins[i]
			break
		}
	}
	bv.origin = origin
	pat := behPattern(b)
	bv.node = g.add(&node{key: dv.base + sep + "behaviour " + pat, parent: dv.node.key,
		disp: dv.baseDisp + sep + "behaviour " + pat, kind: HopBehaviour, deps: deps,
		attrs: []attr{
			med("viewer protocol policy", b.ViewerProtocolPolicy),
			med("forwards Host", strconv.FormatBool(b.ForwardsHost)),
		}})
	dv.behaviours = append(dv.behaviours, bv)
	if origin == nil {
		return
	}
	kind := "custom"
	if origin.S3 {
		kind = "s3"
	} else {
		bv.res = g.resolve(origin.DomainName)
	}
	attrs := []attr{low("origin type", kind), low("origin path", origin.OriginPath)}
	if !origin.S3 {
		attrs = append(attrs, leadsTo(bv.res, Low)...)
		attrs = append(attrs,
			med("origin protocol policy", origin.ProtocolPolicy),
			med("HTTPS port", strconv.Itoa(httpsPort(*origin))),
			med("HTTP port", strconv.Itoa(httpPort(*origin))),
			med("origin TLS protocols", strings.Join(origin.SSLProtocols, ",")))
		if bv.res.kind == resExternal {
			attrs = append(attrs, low("origin domain", normHost(origin.DomainName)))
		}
	}
	key, disp := bv.node.key+sep+"origin", bv.node.disp+sep+"origin "+origin.ID
	bv.originNode = g.add(&node{key: key, parent: bv.node.key, disp: disp, kind: HopOrigin, deps: deps, attrs: attrs})
	if bv.res.kind == resLoadBalancer && bv.res.lb.node == nil {
		g.placeLB(bv.res.lb, bv.originNode.key, bv.originNode.disp, bv.originNode.key, false, deps)
	}
}

func httpsPort(o collect.Origin) int {
	if o.HTTPSPort == 0 {
		return 443
	}
	return o.HTTPSPort
}

func httpPort(o collect.Origin) int {
	if o.HTTPPort == 0 {
		return 80
	}
	return o.HTTPPort
}

// actionSummary is an action in words; for comparison (neutral) the redirect host is
// normalised, for display it is not.
func (g *Graph) actionSummary(as []collect.Action, neutral bool) string {
	parts := make([]string, 0, len(as))
	for _, a := range as {
		switch {
		case a.Type == "redirect" && a.Redirect != nil:
			r := a.Redirect
			parts = append(parts, fmt.Sprintf("redirect %s to %s:%s host=%s path=%s", r.StatusCode,
				orDefault(r.Protocol, "#{protocol}"), orDefault(r.Port, "#{port}"),
				g.host(orDefault(r.Host, "#{host}"), neutral), orDefault(r.Path, "/#{path}")))
		case a.Type == "fixed-response" && a.FixedResponse != nil:
			parts = append(parts, "fixed-response "+a.FixedResponse.StatusCode)
		case a.Type == "forward":
			parts = append(parts, fmt.Sprintf("forward to %d target group(s)", len(a.TargetGroupARNs)))
		default:
			parts = append(parts, a.Type)
		}
	}
	return strings.Join(parts, "; ")
}

func (g *Graph) host(h string, neutral bool) string {
	if neutral {
		return g.norm.apply(h)
	}
	return h
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

func isRedirect(as []collect.Action) bool {
	for _, a := range as {
		if a.Type == "redirect" {
			return true
		}
	}
	return false
}

func actionAttr(name, summary string, as []collect.Action) attr {
	if isRedirect(as) {
		return med(name, summary)
	}
	return low(name, summary)
}

// placeLB keys a load balancer, its listeners, certificates, rules and target groups.
func (g *Graph) placeLB(v *lbView, base, baseDisp, parent string, named bool, deps []dep) {
	lb := v.lb
	deps = withDep(deps, dep{collect.ServiceELBv2, lb.Region})
	key, disp := base+sep+"load balancer", baseDisp+sep+"load balancer "+lb.Name
	if named {
		key, disp = base, baseDisp
	}
	v.node = g.add(&node{key: key, parent: parent, disp: disp, kind: HopLoadBalancer, resource: lb.ARN, region: lb.Region,
		deps: deps, attrs: []attr{low("type", lb.Type), low("scheme", lb.Scheme)}})
	if named {
		base, baseDisp = v.node.key, v.node.disp
	}
	v.base, v.baseDisp = base, baseDisp
	for i := range lb.TargetGroups {
		tg := &lb.TargetGroups[i]
		tv := &tgView{tg: tg, lb: v}
		v.tgByARN[tg.ARN] = tv
		v.tgs = append(v.tgs, tv)
	}
	// A target group takes the key of the first listener that forwards to it. TLS
	// listeners go first (then by port) so a target group an HTTP listener also forwards
	// to keeps the key it has where HTTP redirects, whatever order AWS lists listeners in.
	order := make([]int, len(lb.Listeners))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		x, y := &lb.Listeners[order[a]], &lb.Listeners[order[b]]
		if tx, ty := isTLSListener(x), isTLSListener(y); tx != ty {
			return tx
		}
		return x.Port < y.Port
	})
	for _, i := range order {
		g.placeListener(v, &lb.Listeners[i], deps)
	}
	for _, tv := range v.tgs {
		if tv.node == nil {
			g.placeTG(tv, base+sep+"target group "+g.norm.apply(tv.tg.Name), baseDisp+sep+"target group "+tv.tg.Name, v.node.key, deps)
		}
	}
}

func (g *Graph) placeListener(v *lbView, l *collect.Listener, deps []dep) {
	lv := &listenerView{l: l, lb: v}
	port := strconv.Itoa(l.Port)
	sum := g.actionSummary(l.DefaultActions, true)
	lv.node = g.add(&node{key: v.base + sep + "listener " + port, parent: v.node.key, disp: v.baseDisp + sep + "listener " + port,
		kind: HopListener, resource: l.ARN, region: v.lb.Region, deps: deps,
		attrs: []attr{med("protocol", l.Protocol), med("TLS policy", l.SSLPolicy), actionAttr("default action", sum, l.DefaultActions)}})
	v.listeners = append(v.listeners, lv)
	for i, c := range l.Certificates {
		role := "certificate default"
		if !c.IsDefault {
			role = "certificate sni " + strconv.Itoa(i)
			if cert := g.certByARN[c.ARN]; cert != nil {
				role = "certificate sni " + g.norm.apply(strings.Join(certNamesOf(cert.DomainName, cert.SANs), ","))
			}
		}
		lv.certs = append(lv.certs, g.certRef(c.ARN, lv.node.key+sep+role, lv.node.disp+sep+role, lv.node.key, c.IsDefault, deps))
	}
	g.forwards(lv, l.DefaultActions, lv.node, deps)
	for i := range l.Rules {
		r := &l.Rules[i]
		var conds []string
		for _, c := range r.Conditions {
			conds = append(conds, c.Field+c.HeaderName+"="+strings.Join(c.Values, ","))
		}
		rs := g.actionSummary(r.Actions, true)
		rn := g.add(&node{key: lv.node.key + sep + "rule " + r.Priority, parent: lv.node.key,
			disp: lv.node.disp + sep + "rule " + r.Priority, kind: HopRule, resource: r.ARN, region: v.lb.Region, deps: deps,
			attrs: []attr{low("conditions", strings.Join(conds, " ")), actionAttr("action", rs, r.Actions)}})
		g.forwards(lv, r.Actions, rn, deps)
	}
}

// forwards places the target groups that actions forward to under the node at.
func (g *Graph) forwards(lv *listenerView, as []collect.Action, at *node, deps []dep) {
	for _, a := range as {
		if a.Type != "forward" {
			continue
		}
		for _, arn := range a.TargetGroupARNs {
			tv := lv.lb.tgByARN[arn]
			if tv == nil {
				continue
			}
			lv.tgs = append(lv.tgs, tv)
			if tv.node != nil {
				continue
			}
			role := "target group"
			if len(a.TargetGroupARNs) > 1 {
				role += " " + g.norm.apply(tv.tg.Name)
			}
			g.placeTG(tv, at.key+sep+role, at.disp+sep+"target group "+tv.tg.Name, at.key, deps)
		}
	}
}

func (g *Graph) placeTG(tv *tgView, key, disp, parent string, deps []dep) {
	tg := tv.tg
	tv.node = g.add(&node{key: key, parent: parent, disp: disp, kind: HopTargetGroup, resource: tg.ARN, region: tv.lb.lb.Region,
		deps: deps, attrs: []attr{low("protocol", tg.Protocol), med("port", strconv.Itoa(tg.Port)),
			low("health check path", tg.HealthCheckPath), low("target type", tg.TargetType)}})
}

// certRef records one use of a certificate; the first use's key is the certificate's
// canonical key for the checks over certificates.
func (g *Graph) certRef(arn, key, disp, parent string, isDefault bool, deps []dep) *certRef {
	c := g.certByARN[arn]
	region := arnPart(arn, 3)
	ref := &certRef{arn: arn, isDefault: isDefault, cert: c}
	if c == nil {
		acct := arnPart(arn, 4)
		ref.unknown = region == "" || g.failed(collect.ServiceACM, region) ||
			(acct != "" && g.env.Account != "" && acct != g.env.Account) ||
			(region != collect.GlobalRegion && !g.regions[region])
	}
	deps = withDep(deps, dep{collect.ServiceACM, region})
	var attrs []attr
	if c != nil {
		attrs = []attr{low("status", c.Status), low("type", c.Type), low("key algorithm", c.KeyAlgorithm), low("region", c.Region)}
	}
	ref.node = g.add(&node{key: key, parent: parent, disp: disp, kind: HopCertificate, resource: arn, region: region, deps: deps, attrs: attrs})
	if _, seen := g.certUse[arn]; !seen {
		g.certUse[arn] = ref
	}
	return ref
}

func (g *Graph) walkZones() {
	// Records named under a Cloud Map service (<instance>.<service>.<namespace>) are
	// per instance: their names never match across environments.
	svcNames := map[string]bool{}
	for _, ns := range g.snap.Namespaces {
		for _, s := range ns.Services {
			svcNames[normHost(s.Name+"."+ns.Name)] = true
		}
	}
	// The owner of SRV records is a service name too: with Cloud Map unread, its
	// instances' records must not turn into name-keyed nodes (extra-in-target).
	for _, z := range g.snap.HostedZones {
		for _, r := range z.Records {
			if r.Type == "SRV" {
				svcNames[normHost(r.Name)] = true
			}
		}
	}
	deps := []dep{depRoute53}
	for i := range g.snap.HostedZones {
		z := &g.snap.HostedZones[i]
		if g.foreign(z.Name) {
			continue
		}
		key, disp := "zone "+g.norm.apply(normHost(z.Name)), "zone "+normHost(z.Name)
		if z.Private {
			key, disp = key+" (private)", disp+" (private)"
		}
		zn := g.add(&node{key: key, disp: disp, kind: "zone", resource: z.ID, deps: deps})
		g.zones = append(g.zones, &zoneView{z: z, node: zn})
		for j := range z.Records {
			r := &z.Records[j]
			name := normHost(r.Name)
			if k := strings.IndexByte(name, '.'); k >= 0 && svcNames[name[k+1:]] {
				continue
			}
			role := "record " + g.norm.apply(name) + " " + r.Type
			rdisp := "record " + name + " " + r.Type
			if r.SetIdentifier != "" {
				role += " " + g.norm.apply(r.SetIdentifier)
				rdisp += " " + r.SetIdentifier
			}
			g.recNode[r] = g.add(&node{key: zn.key + sep + role, parent: zn.key, disp: zn.disp + sep + rdisp, kind: HopRecord,
				deps: deps, attrs: []attr{low("alias", strconv.FormatBool(r.AliasTarget != ""))}})
		}
	}
}

func (g *Graph) walkNamespaces() {
	for i := range g.snap.Namespaces {
		ns := &g.snap.Namespaces[i]
		if g.foreign(ns.Name) {
			continue
		}
		deps := []dep{{collect.ServiceServiceDiscovery, ns.Region}}
		nv := &nsView{ns: ns}
		nv.node = g.add(&node{key: "namespace " + g.norm.apply(normHost(ns.Name)), disp: "namespace " + normHost(ns.Name),
			kind: "namespace", resource: orDefault(ns.ARN, ns.ID), region: ns.Region, deps: deps,
			attrs: []attr{low("type", ns.Type)}})
		for j := range ns.Services {
			s := &ns.Services[j]
			var recs []string
			for _, r := range s.DNSRecords {
				recs = append(recs, r.Type)
			}
			sn := g.add(&node{key: nv.node.key + sep + "service " + g.norm.apply(s.Name), parent: nv.node.key,
				disp: nv.node.disp + sep + "service " + s.Name, kind: "service", resource: orDefault(s.ARN, s.ID),
				region: ns.Region, deps: deps,
				attrs: []attr{low("DNS records", strings.Join(recs, ",")), low("health check", s.HealthCheck)}})
			nv.services = append(nv.services, &svcView{ns: ns, s: s, node: sn})
		}
		g.nss = append(g.nss, nv)
	}
}
