package diff

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/envdiff/envdiff/collect"
)

// sep joins the roles of a node key: `entry[0] / behaviour /core/* / origin`.
const sep = " / "

// maxChain bounds record→record chains so a CNAME loop ends the walk.
const maxChain = 8

// dep names a collector a node was read by (or reached through): when the target's
// collector for any of them failed, the node is unknown there, never missing.
type dep struct{ service, region string }

// attr is one comparable attribute of a node; sev is what a difference costs.
type attr struct {
	name, value string
	sev         Severity
}

// node is one resource in the role of one environment's topology.
type node struct {
	key      string // environment-neutral: the path of roles, or a normalised name
	parent   string // key of the node it hangs off ("" at a root)
	disp     string // the same path in this environment's own names
	kind     string
	resource string // ARN or id
	region   string
	attrs    []attr
	deps     []dep
}

// Graph is one environment's topology with the indexes the walk and the checks use.
// Everything in it is derived from one Snapshot; it is never mutated after build.
type Graph struct {
	snap *collect.Snapshot
	env  collect.Environment
	opts Options
	norm normaliser
	// others are the other environments of the comparison: resources no walk reaches
	// that carry another environment's name (qa1 and qa2 sharing an account) are that
	// environment's, not this one's.
	others []collect.Environment

	certByARN    map[string]*collect.Certificate
	lbByDNS      map[string]*lbView
	distByDomain map[string]*distView
	distByAlias  map[string]*distView
	records      map[string][]recordRef
	zoneByName   map[string][]*collect.HostedZone
	regions      map[string]bool

	entries []*entryView
	dists   []*distView
	lbs     []*lbView
	certUse map[string]*certRef // ARN → first use, whose node key is canonical
	zones   []*zoneView
	nss     []*nsView

	nodes   []*node
	byKey   map[string]*node
	dups    map[string]int
	recNode map[*collect.Record]*node
}

type recordRef struct {
	rec  *collect.Record
	zone *collect.HostedZone
}

type entryView struct {
	index  int
	domain string
	node   *node
	res    target
}

type distView struct {
	d          *collect.Distribution
	node       *node
	base       string // entry[i] or `distribution NAME`
	baseDisp   string
	viewer     *certRef
	behaviours []*behView
}

type behView struct {
	dist       *distView
	b          collect.Behavior
	node       *node
	origin     *collect.Origin
	originNode *node
	res        target // where the origin's domain leads (custom origins only)
}

type lbView struct {
	lb        *collect.LoadBalancer
	node      *node
	base      string
	baseDisp  string
	account   string
	listeners []*listenerView
	tgByARN   map[string]*tgView
	tgs       []*tgView
}

type listenerView struct {
	l     *collect.Listener
	lb    *lbView
	node  *node
	certs []*certRef
	tgs   []*tgView // every target group a default action or rule forwards to
}

type certRef struct {
	arn       string
	isDefault bool
	cert      *collect.Certificate // nil when the snapshot lacks it
	node      *node
	unknown   bool // ACM for its region failed: its names and status are unknown
	notInUse  bool // neither referenced in the snapshot nor reported in use by ACM
}

type tgView struct {
	tg   *collect.TargetGroup
	lb   *lbView
	node *node
}

type zoneView struct {
	z    *collect.HostedZone
	node *node
}

type nsView struct {
	ns       *collect.Namespace
	node     *node
	services []*svcView
}

type svcView struct {
	ns   *collect.Namespace
	s    *collect.Service
	node *node
}

// target is where a DNS name leads.
type target struct {
	kind  string // see res* constants
	dist  *distView
	lb    *lbView
	chain []recordRef
	name  string // the last name reached
	note  string // why missing or unknown
}

const (
	resDistribution = "distribution"
	resLoadBalancer = "load balancer"
	resExternal     = "outside AWS"
	resAWS          = "AWS (not collected)"
	resMissing      = "missing"
	resUnknown      = "unknown"
)

// buildGraph indexes a snapshot and walks it from its entry domains. others are the
// environments compared with it (may be nil).
func buildGraph(s *collect.Snapshot, opts Options, others ...collect.Environment) *Graph {
	// Sized up front: growing maps of a hundred thousand keys costs more than filling
	// them, and more the larger they get (the 2× scaling of issue 7).
	records := 0
	for _, z := range s.HostedZones {
		records += len(z.Records)
	}
	nodes := records + len(s.Certificates) + 8*len(s.LoadBalancers) + 8*len(s.Distributions)
	for _, lb := range s.LoadBalancers {
		for _, l := range lb.Listeners {
			nodes += len(l.Rules)
		}
		for _, tg := range lb.TargetGroups {
			nodes += len(tg.Targets)
		}
	}
	for _, ns := range s.Namespaces {
		for _, svc := range ns.Services {
			nodes += 1 + len(svc.Instances)
		}
	}
	g := &Graph{
		others:       others,
		snap:         s,
		env:          s.Environment,
		opts:         opts,
		norm:         newNormaliser(s.Environment),
		certByARN:    make(map[string]*collect.Certificate, len(s.Certificates)),
		lbByDNS:      make(map[string]*lbView, len(s.LoadBalancers)),
		distByDomain: make(map[string]*distView, len(s.Distributions)),
		distByAlias:  make(map[string]*distView, len(s.Distributions)),
		records:      make(map[string][]recordRef, records),
		zoneByName:   map[string][]*collect.HostedZone{},
		regions:      map[string]bool{},
		certUse:      map[string]*certRef{},
		byKey:        make(map[string]*node, nodes),
		dups:         map[string]int{},
		recNode:      make(map[*collect.Record]*node, records),
	}
	for _, r := range s.Environment.Regions {
		g.regions[r] = true
	}
	for i := range s.Certificates {
		c := &s.Certificates[i]
		g.certByARN[c.ARN] = c
	}
	for i := range s.LoadBalancers {
		lb := &s.LoadBalancers[i]
		v := &lbView{lb: lb, account: arnPart(lb.ARN, 4), tgByARN: map[string]*tgView{}}
		if v.account == "" {
			v.account = s.Environment.Account
		}
		g.regions[lb.Region] = true
		g.lbs = append(g.lbs, v)
		if dn := lbHost(lb.DNSName); dn != "" {
			g.lbByDNS[dn] = v
		}
	}
	for i := range s.Distributions {
		d := &s.Distributions[i]
		v := &distView{d: d}
		g.dists = append(g.dists, v)
		if dn := normHost(d.DomainName); dn != "" {
			g.distByDomain[dn] = v
		}
		for _, a := range d.Aliases {
			if _, dup := g.distByAlias[normHost(a)]; !dup {
				g.distByAlias[normHost(a)] = v
			}
		}
	}
	for i := range s.HostedZones {
		z := &s.HostedZones[i]
		g.zoneByName[normHost(z.Name)] = append(g.zoneByName[normHost(z.Name)], z)
		for j := range z.Records {
			r := &z.Records[j]
			n := normHost(r.Name)
			g.records[n] = append(g.records[n], recordRef{rec: r, zone: z})
		}
	}
	g.walk()
	return g
}

// add registers a node under its key; a second resource claiming the same key in one
// environment gets a numbered key so neither hides the other.
func (g *Graph) add(n *node) *node {
	if _, dup := g.byKey[n.key]; dup {
		// Count per key so that many namesakes cost linear time, not quadratic.
		for i := g.dups[n.key] + 2; ; i++ {
			k := n.key + " #" + strconv.Itoa(i)
			if _, d := g.byKey[k]; !d {
				g.dups[n.key] = i - 1
				n.key, n.disp = k, n.disp+" #"+strconv.Itoa(i)
				break
			}
		}
	}
	g.byKey[n.key] = n
	g.nodes = append(g.nodes, n)
	return n
}

// foreign reports whether a resource no walk reached belongs to another environment of
// the comparison, by its name.
func (g *Graph) foreign(names ...string) bool {
	if len(g.others) == 0 {
		return false
	}
	all := append([]collect.Environment{g.env}, g.others...)
	for _, n := range names {
		if o := ownerOf(n, g.env.Name, all); o != "" {
			return o != g.env.Name
		}
	}
	return false
}

// failed reports whether this environment's collector for service in region failed.
func (g *Graph) failed(service, region string) bool { return g.snap.Failed(service, region) }

// failedOp is failed narrowed to the operations a check reads: an error recorded for one
// of ops, or for the whole service (no operation), makes what those calls return unknown.
// A denied DescribeTargetHealth leaves target groups that look empty; a check that took
// that for "no healthy target" would report an outage that is only a missing permission.
func (g *Graph) failedOp(service, region string, ops ...string) bool {
	for _, e := range g.snap.Errors {
		if e.Service == "" {
			return true
		}
		if e.Service != service {
			continue
		}
		global := service == collect.ServiceCloudFront || service == collect.ServiceRoute53
		if e.Region != "" && e.Region != region && !global {
			continue
		}
		if e.Operation == "" || slices.Contains(ops, e.Operation) {
			return true
		}
	}
	return false
}

// Operations whose failure leaves a load balancer's listeners or their certificates
// unknown; its target groups' targets; a Cloud Map namespace's instances. Functions, not
// variables: nothing package-level can be mutated.
func opsListeners() []string {
	return []string{"DescribeLoadBalancers", "DescribeListeners", "DescribeListenerCertificates"}
}

func opsTargets() []string {
	return []string{"DescribeLoadBalancers", "DescribeListeners", "DescribeRules", "DescribeTargetGroups", "DescribeTargetHealth"}
}

func opsInstances() []string {
	return []string{"ListNamespaces", "ListServices", "GetService", "ListInstances", "GetInstancesHealthStatus", "DiscoverInstances"}
}

// lbHost normalises a load balancer DNS name as CloudFront origins and Route53 aliases
// write it: any case, a trailing dot, and the `dualstack.` prefix of alias targets.
func lbHost(name string) string {
	return strings.TrimPrefix(normHost(name), "dualstack.")
}

// arnPart returns field i of an ARN (3 region, 4 account), or "".
func arnPart(arn string, i int) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 || parts[0] != "arn" {
		return ""
	}
	return parts[i]
}

// awsHost classifies a host name under AWS's service domains.
func awsHost(n string) (kind, region string) {
	n = lbHost(n)
	switch {
	case strings.HasSuffix(n, ".cloudfront.net"):
		return "cloudfront", collect.GlobalRegion
	case strings.HasSuffix(n, ".elb.amazonaws.com"):
		labels := strings.Split(n, ".")
		if len(labels) >= 4 {
			return "elb", labels[len(labels)-4]
		}
		return "elb", ""
	case strings.Contains(n, ".elb.") && strings.HasSuffix(n, ".amazonaws.com"):
		labels := strings.Split(n, ".")
		for i, l := range labels {
			if l == "elb" && i+1 < len(labels) {
				return "elb", labels[i+1]
			}
		}
		return "elb", ""
	case strings.HasSuffix(n, ".amazonaws.com") || strings.HasSuffix(n, ".amazonaws.com.cn"):
		if strings.Contains(n, ".s3") || strings.HasPrefix(n, "s3") || strings.Contains(n, "s3-website") {
			return "s3", ""
		}
		return "aws", ""
	}
	return "", ""
}

// zoneOf returns the most specific hosted zone in the snapshot that contains name.
func (g *Graph) zoneOf(name string) *collect.HostedZone {
	n := normHost(name)
	var below []string // the names between name and the zone found, name included
	for n != "" {
		if zs := g.zoneByName[n]; len(zs) > 0 {
			// A public zone answers the world; a private one of the same name only a VPC.
			z := zs[0]
			for _, c := range zs {
				if !c.Private {
					z = c
					break
				}
			}
			if g.delegated(z, below) {
				// The parent hands the name to a zone the snapshot lacks: its records are
				// not ours to judge, as for any zone that was not read.
				return nil
			}
			return z
		}
		below = append(below, n)
		i := strings.IndexByte(n, '.')
		if i < 0 {
			break
		}
		n = n[i+1:]
	}
	return nil
}

// delegated reports whether zone z delegates one of names (NS records below its apex).
func (g *Graph) delegated(z *collect.HostedZone, names []string) bool {
	for _, n := range names {
		for _, r := range g.records[n] {
			if r.zone == z && r.rec.Type == "NS" {
				return true
			}
		}
	}
	return false
}

// pointer returns the record at name that a resolver follows (alias or CNAME), if any.
func (g *Graph) pointer(name string) (recordRef, bool) {
	var best recordRef
	found := false
	for _, r := range g.records[name] {
		switch r.rec.Type {
		case "CNAME":
			if len(r.rec.Values) > 0 || r.rec.AliasTarget != "" {
				return r, true
			}
		case "A", "AAAA":
			if r.rec.AliasTarget != "" && !found {
				best, found = r, true
			}
		}
	}
	return best, found
}

func recordNext(r *collect.Record) string {
	if r.AliasTarget != "" {
		return r.AliasTarget
	}
	if len(r.Values) > 0 {
		return r.Values[0]
	}
	return ""
}

// resolve follows name through Route53 records to a distribution or load balancer of
// the snapshot. It never reports missing what a failed collector would have shown.
func (g *Graph) resolve(name string) target {
	var t target
	seen := map[string]bool{}
	n := normHost(name)
	for hop := 0; hop <= maxChain; hop++ {
		t.name = n
		if seen[n] {
			t.kind, t.note = resMissing, "records loop back to "+n
			return t
		}
		seen[n] = true
		if d := g.distByDomain[n]; d != nil {
			t.kind, t.dist = resDistribution, d
			return t
		}
		if lb := g.lbByDNS[lbHost(n)]; lb != nil {
			t.kind, t.lb = resLoadBalancer, lb
			return t
		}
		if r, ok := g.pointer(n); ok {
			t.chain = append(t.chain, r)
			n = normHost(recordNext(r.rec))
			continue
		}
		return g.deadEnd(t, n)
	}
	t.kind, t.note = resMissing, fmt.Sprintf("more than %d records chained from %s", maxChain, normHost(name))
	return t
}

// deadEnd classifies a name with no record and no resource behind it.
func (g *Graph) deadEnd(t target, n string) target {
	kind, region := awsHost(n)
	switch kind {
	case "cloudfront":
		if g.failed(collect.ServiceCloudFront, collect.GlobalRegion) {
			t.kind, t.note = resUnknown, "CloudFront could not be read"
			return t
		}
		t.kind, t.note = resMissing, "no distribution in the snapshot has the domain name "+n
		return t
	case "elb":
		if region == "" || !g.regions[region] || g.failed(collect.ServiceELBv2, region) {
			t.kind, t.note = resUnknown, "load balancers of "+orUnknown(region)+" were not read"
			return t
		}
		t.kind, t.note = resMissing, "no load balancer in the snapshot has the DNS name "+n
		return t
	case "s3", "aws":
		t.kind = resAWS
		return t
	}
	if z := g.zoneOf(n); z != nil {
		if g.failed(collect.ServiceRoute53, collect.GlobalRegion) {
			t.kind, t.note = resUnknown, "Route53 could not be read"
			return t
		}
		if len(g.records[n]) == 0 {
			t.kind, t.note = resMissing, fmt.Sprintf("no record %s in zone %s", n, normHost(z.Name))
			return t
		}
	} else if g.failed(collect.ServiceRoute53, collect.GlobalRegion) && len(t.chain) == 0 {
		t.kind, t.note = resUnknown, "Route53 could not be read"
		return t
	}
	t.kind = resExternal
	return t
}

func orUnknown(s string) string {
	if s == "" {
		return "an unknown region"
	}
	return s
}

// sortedByName orders unreached resources so name-keyed nodes are stable.
func sortedByName[T any](items []T, name func(T) string) []T {
	out := append([]T(nil), items...)
	sort.SliceStable(out, func(i, j int) bool { return name(out[i]) < name(out[j]) })
	return out
}
