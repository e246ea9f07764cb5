package diff

import (
	"fmt"
	"strings"

	"github.com/envdiff/envdiff/collect"
)

func checkAliasTargetExists(g *Graph) []outcome {
	var out []outcome
	for _, zv := range g.zones {
		z := zv.z
		for ri := range z.Records {
			r := &z.Records[ri]
			next := normHost(recordNext(r))
			if next == "" || (r.AliasTarget == "" && r.Type != "CNAME") {
				continue
			}
			kind, _ := awsHost(next)
			if kind != "cloudfront" && kind != "elb" {
				// S3 endpoints point into AWS too, but envdiff collects no buckets: whether
				// the bucket exists is unknown, so the check says nothing.
				continue
			}
			name := normHost(r.Name)
			key, disp := recordKey(g, r, name)
			oc := outcome{key: key, node: disp, value: next, evidence: []attr{low("points at", next)}}
			if d := g.distByDomain[next]; d != nil {
				oc.resource = orDefault(d.d.ARN, d.d.ID)
			} else if lb := g.lbByDNS[lbHost(next)]; lb != nil {
				oc.resource = lb.lb.ARN
			} else {
				t := g.deadEnd(target{}, next)
				if t.kind != resMissing {
					continue
				}
				oc.fail = true
				oc.message = fmt.Sprintf("%s %s points at %s, and %s: the name is dangling and can be taken over", name, r.Type, next, t.note)
			}
			out = append(out, oc)
		}
	}
	return out
}

func checkDistributionAliasDNS(g *Graph) []outcome {
	if g.failed(collect.ServiceRoute53, collect.GlobalRegion) {
		return nil
	}
	var out []outcome
	for _, dv := range g.dists {
		if !dv.d.Enabled {
			continue
		}
		for _, a := range dv.d.Aliases {
			alias := normHost(a)
			z := g.zoneOf(alias)
			if z == nil {
				continue // the zone is not in the snapshot: its records are not ours to judge
			}
			oc := outcome{key: dv.node.key + sep + "alias " + g.norm.apply(alias), node: dv.node.disp + sep + "alias " + alias,
				resource: orDefault(dv.d.ARN, dv.d.ID)}
			res := g.resolve(alias)
			leads := res.name
			switch res.kind {
			case resDistribution:
				leads = "distribution " + res.dist.d.ID
			case resLoadBalancer:
				leads = "load balancer " + res.lb.lb.Name
			}
			oc.evidence = []attr{low("alias", alias), low("zone", normHost(z.Name)), low("leads to", leads)}
			switch {
			case res.kind == resDistribution && res.dist == dv:
				oc.value = "points at " + dv.d.ID
			case res.kind == resUnknown:
				continue
			case len(res.chain) == 0:
				oc.fail, oc.value = true, "no record"
				oc.message = fmt.Sprintf("alias %s of distribution %s has no record in zone %s: the name does not reach CloudFront",
					alias, dv.d.ID, normHost(z.Name))
			default:
				oc.fail, oc.value = true, "points at "+leads
				oc.message = fmt.Sprintf("alias %s of distribution %s leads to %s, not to %s",
					alias, dv.d.ID, leads, normHost(dv.d.DomainName))
			}
			out = append(out, oc)
		}
	}
	return out
}

func checkOriginTargetExists(g *Graph) []outcome {
	var out []outcome
	for _, dv := range g.dists {
		seen := map[string]bool{}
		for _, bv := range dv.behaviours {
			o := bv.origin
			if o == nil || o.S3 || bv.originNode == nil || seen[o.ID] {
				continue
			}
			seen[o.ID] = true
			oc := outcome{key: bv.originNode.key, node: bv.originNode.disp, value: bv.res.kind,
				resource: orDefault(dv.d.ARN, dv.d.ID),
				evidence: []attr{low("origin domain", normHost(o.DomainName)), low("leads to", bv.res.kind)}}
			var via []string
			for _, r := range bv.res.chain {
				via = append(via, normHost(r.rec.Name)+" "+r.rec.Type)
			}
			if len(via) > 0 {
				oc.evidence = append(oc.evidence, low("via", strings.Join(via, " → ")))
			}
			switch bv.res.kind {
			case resLoadBalancer:
				oc.resource, oc.value = bv.res.lb.lb.ARN, "load balancer "+bv.res.lb.lb.Name
			case resDistribution, resExternal:
			case resMissing:
				oc.fail = true
				oc.message = fmt.Sprintf("origin %s of distribution %s is %s, and %s: CloudFront answers 502 on every request routed to it",
					o.ID, dv.d.ID, normHost(o.DomainName), bv.res.note)
			default:
				continue // unknown, or an AWS service envdiff does not collect
			}
			out = append(out, oc)
		}
	}
	return out
}
