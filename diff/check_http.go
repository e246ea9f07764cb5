package diff

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/envdiff/envdiff/collect"
)

func checkHTTPRedirectsHTTPS(g *Graph) []outcome {
	var out []outcome
	for _, v := range g.lbs {
		if g.failedOp(collect.ServiceELBv2, v.lb.Region, "DescribeLoadBalancers", "DescribeListeners") {
			continue
		}
		hasHTTPS := false
		for _, lv := range v.listeners {
			if lv.l.Protocol == "HTTPS" {
				hasHTTPS = true
			}
		}
		if !hasHTTPS {
			continue
		}
		for _, lv := range v.listeners {
			if lv.l.Protocol != "HTTP" {
				continue
			}
			sum := g.actionSummary(lv.l.DefaultActions, false)
			oc := outcome{key: lv.node.key, node: lv.node.disp, resource: lv.l.ARN, value: sum,
				evidence: []attr{low("default action", sum)}}
			redirects := false
			for _, a := range lv.l.DefaultActions {
				if a.Type == "redirect" && a.Redirect != nil && strings.EqualFold(a.Redirect.Protocol, "HTTPS") {
					redirects = true
				}
			}
			if !redirects {
				oc.fail = true
				oc.message = fmt.Sprintf("load balancer %s has an HTTPS listener, but its HTTP listener %d answers with %s instead of a redirect to HTTPS",
					v.lb.Name, lv.l.Port, orDefault(sum, "no action"))
			}
			out = append(out, oc)
		}
	}
	return out
}

func checkViewerHTTPS(g *Graph) []outcome {
	var out []outcome
	for _, dv := range g.dists {
		for _, bv := range dv.behaviours {
			p := bv.b.ViewerProtocolPolicy
			oc := outcome{key: bv.node.key, node: bv.node.disp, resource: orDefault(dv.d.ARN, dv.d.ID), value: p,
				evidence: []attr{low("viewer protocol policy", p)}}
			if p != "redirect-to-https" && p != "https-only" {
				oc.fail = true
				oc.message = fmt.Sprintf("behaviour %s of distribution %s has viewer protocol policy %s: viewers are served over plain HTTP",
					behPattern(bv.b), dv.d.ID, orDefault(p, "allow-all"))
			}
			out = append(out, oc)
		}
	}
	return out
}

func checkTargetGroupHealthy(g *Graph) []outcome {
	var out []outcome
	for _, v := range g.lbs {
		if g.failedOp(collect.ServiceELBv2, v.lb.Region, opsTargets()...) {
			continue // an unread target health reads as no target at all
		}
		seen := map[*tgView]bool{}
		for _, lv := range v.listeners {
			for _, tv := range lv.tgs {
				if seen[tv] {
					continue
				}
				seen[tv] = true
				healthy := 0
				counts := map[string]int{}
				for _, t := range tv.tg.Targets {
					counts[orDefault(t.Health, "unknown")]++
					if t.Health == "healthy" {
						healthy++
					}
				}
				var states []string
				for _, s := range []string{"healthy", "unhealthy", "initial", "draining", "unused", "unavailable", "unknown"} {
					if counts[s] > 0 {
						states = append(states, strconv.Itoa(counts[s])+" "+s)
					}
				}
				val := fmt.Sprintf("%d/%d healthy", healthy, len(tv.tg.Targets))
				oc := outcome{key: tv.node.key, node: tv.node.disp, resource: tv.tg.ARN, value: val,
					evidence: []attr{low("targets", orDefault(strings.Join(states, ", "), "none registered"))}}
				if healthy == 0 {
					oc.fail = true
					oc.message = fmt.Sprintf("target group %s, which listener %d of %s forwards to, has no healthy target (%s): the load balancer answers 503",
						tv.tg.Name, lv.l.Port, v.lb.Name, orDefault(strings.Join(states, ", "), "none registered"))
				}
				out = append(out, oc)
			}
		}
	}
	return out
}
