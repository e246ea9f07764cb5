package bench

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/envdiff/envdiff/collect"
	"github.com/envdiff/envdiff/collect/awsfake"
)

// Quota is one of AWS's documented token buckets, as scenario-format.md lists them for
// rate_limits: aws.
type Quota struct {
	Burst  int
	Refill float64 // tokens per second
}

// quotaFor names the bucket an API call draws from: the same table the local endpoint
// enforces and AWS documents.
func quotaFor(service, account, region, op string) (string, Quota) {
	switch service {
	case collect.ServiceRoute53:
		return "route53 " + account, Quota{50, 10}
	case collect.ServiceACM:
		key := "acm " + account + " " + region + " " + op
		if op == "ListCertificates" {
			return key, Quota{1, 1}
		}
		return key, Quota{10, 10}
	case collect.ServiceELBv2:
		return "elbv2 " + account + " " + region, Quota{40, 10}
	case collect.ServiceCloudFront:
		return "cloudfront " + account, Quota{10, 5}
	default:
		return "servicediscovery " + account + " " + region, Quota{100, 50}
	}
}

// Bucket is the calls one quota must admit.
type Bucket struct {
	Key   string
	Quota Quota
	Calls int
}

// Seconds is the least time the bucket needs: the calls beyond its burst, at its refill.
func (b Bucket) Seconds() float64 {
	return max(0, float64(b.Calls-b.Quota.Burst)) / b.Quota.Refill
}

// Plan is every API call a collection must make, derived from a scenario and the page
// sizes asked for, before any call is made.
type Plan struct {
	Calls   int
	ByOp    map[string]int // "service Operation" → calls
	Buckets []Bucket       // the slowest first
	// Chain is the longest run of calls that depend on each other (a page token, an
	// ARN from a listing), and ChainOf the collector it belongs to.
	Chain   int
	ChainOf string
}

// Bound is the lower bound on collection time.
type Bound struct {
	Seconds, RateSeconds, ChainSeconds float64
	Reason                             string
}

// pages is how many calls a list of n items takes at page size size (an empty list
// still takes one call).
func pages(n, size int) int {
	if n <= 0 || size <= 0 {
		return 1
	}
	return (n + size - 1) / size
}

// effective is the page the endpoint returns: what was asked, capped by the API's
// maximum and by the scenario's page_size.
func effective(asked int32, def, apiMax, scenario int) int {
	n := def
	if asked > 0 {
		n = int(asked)
	}
	n = min(n, apiMax)
	if scenario > 0 {
		n = min(n, scenario)
	}
	return max(n, 1)
}

type planner struct {
	p      Plan
	counts map[string]*Bucket
}

func (pl *planner) add(service, account, region, op string, n int) {
	if n <= 0 {
		return
	}
	pl.p.Calls += n
	pl.p.ByOp[service+" "+op] += n
	key, q := quotaFor(service, account, region, op)
	b := pl.counts[key]
	if b == nil {
		b = &Bucket{Key: key, Quota: q}
		pl.counts[key] = b
	}
	b.Calls += n
}

func (pl *planner) chain(n int, what string) {
	if n > pl.p.Chain {
		pl.p.Chain, pl.p.ChainOf = n, what
	}
}

// PlanCalls counts the calls envdiff's collectors make for scenario s with page sizes
// ps (zero fields: collect's defaults). shared says whether environments with the same
// account read once (envdiff's default) or each for itself (Options.SeparateReads).
func PlanCalls(s *awsfake.Scenario, ps collect.PageSizes, shared bool) Plan {
	pl := &planner{p: Plan{ByOp: map[string]int{}}, counts: map[string]*Bucket{}}
	type read struct{ account, region, service string }
	seen := map[read]bool{}
	for _, e := range s.Environments {
		regions := uniqStrings(e.Regions)
		if len(regions) == 0 {
			regions = []string{collect.GlobalRegion}
		}
		var reads []read
		reads = append(reads, read{e.Account, collect.GlobalRegion, collect.ServiceRoute53}, read{e.Account, collect.GlobalRegion, collect.ServiceCloudFront})
		for _, r := range uniqStrings(append(slices.Clone(regions), collect.GlobalRegion)) {
			reads = append(reads, read{e.Account, r, collect.ServiceACM})
		}
		for _, r := range regions {
			reads = append(reads, read{e.Account, r, collect.ServiceELBv2}, read{e.Account, r, collect.ServiceServiceDiscovery})
		}
		for _, rd := range reads {
			if shared && seen[rd] {
				continue
			}
			seen[rd] = true
			acct := s.Accounts[rd.account]
			if acct == nil {
				acct = &awsfake.Account{}
			}
			pl.read(acct, rd.account, rd.region, rd.service, ps, s.PageSize)
		}
	}
	for _, b := range pl.counts {
		pl.p.Buckets = append(pl.p.Buckets, *b)
	}
	slices.SortFunc(pl.p.Buckets, func(a, b Bucket) int {
		return cmp.Or(cmp.Compare(b.Seconds(), a.Seconds()), cmp.Compare(b.Calls, a.Calls), cmp.Compare(a.Key, b.Key))
	})
	return pl.p
}

func (pl *planner) read(a *awsfake.Account, account, region, service string, ps collect.PageSizes, scenarioPage int) {
	what := service + " " + account + " " + region
	switch service {
	case collect.ServiceACM:
		n := 0
		for _, c := range a.Certificates {
			if c.Region == region {
				n++
			}
		}
		list := pages(n, effective(ps.ACM, 1000, 1000, scenarioPage))
		pl.add(service, account, region, "ListCertificates", list)
		pl.add(service, account, region, "DescribeCertificate", n)
		pl.chain(list+min(n, 1), what)
	case collect.ServiceELBv2:
		size := effective(ps.ELBv2, 400, 400, scenarioPage)
		var lbs []*awsfake.LoadBalancer
		tgs := 0
		for i := range a.LoadBalancers {
			if lb := &a.LoadBalancers[i]; lb.Region == region {
				lbs = append(lbs, lb)
				tgs += len(lb.TargetGroups)
			}
		}
		lbPages, tgPages := pages(len(lbs), size), pages(tgs, size)
		pl.add(service, account, region, "DescribeLoadBalancers", lbPages)
		pl.add(service, account, region, "DescribeTargetGroups", tgPages)
		pl.add(service, account, region, "DescribeTargetHealth", tgs)
		longest := tgPages + min(tgs, 1)
		for _, lb := range lbs {
			lp := pages(len(lb.Listeners), size)
			pl.add(service, account, region, "DescribeListeners", lp)
			deepest := 0
			for _, l := range lb.Listeners {
				var certs, rules int
				if l.Protocol == "HTTPS" || l.Protocol == "TLS" {
					certs = pages(boolCount(l.Certificate != "")+len(l.SNICertificates), size)
					pl.add(service, account, region, "DescribeListenerCertificates", certs)
				}
				if lb.Type == "" || lb.Type == "application" {
					rules = pages(len(l.Rules)+1, size) // the default rule is listed too
					pl.add(service, account, region, "DescribeRules", rules)
				}
				deepest = max(deepest, certs, rules)
			}
			longest = max(longest, lbPages+lp+deepest)
		}
		pl.chain(longest, what)
	case collect.ServiceCloudFront:
		n := len(a.Distributions)
		list := pages(n, effective(ps.CloudFront, 100, 1000, scenarioPage))
		pl.add(service, account, region, "ListDistributions", list)
		pl.chain(list, what)
	case collect.ServiceRoute53:
		zp := pages(len(a.HostedZones), effective(ps.Route53Zones, 100, 100, scenarioPage))
		pl.add(service, account, region, "ListHostedZones", zp)
		size := effective(ps.Route53Records, 300, 300, scenarioPage)
		deepest := 0
		for _, z := range a.HostedZones {
			rp := pages(len(z.Records), size)
			pl.add(service, account, region, "ListResourceRecordSets", rp)
			deepest = max(deepest, rp)
		}
		pl.chain(zp+deepest, what)
	case collect.ServiceServiceDiscovery:
		size := effective(ps.CloudMap, 100, 100, scenarioPage)
		var nss []*awsfake.Namespace
		for i := range a.Namespaces {
			if ns := &a.Namespaces[i]; ns.Region == region {
				nss = append(nss, ns)
			}
		}
		np := pages(len(nss), size)
		pl.add(service, account, region, "ListNamespaces", np)
		deepest := 0
		for _, ns := range nss {
			sp := pages(len(ns.Services), size)
			pl.add(service, account, region, "ListServices", sp)
			inner := 0
			for _, svc := range ns.Services {
				ip := pages(len(svc.Instances), size)
				pl.add(service, account, region, "ListInstances", ip)
				hp := 0
				if len(svc.Instances) > 0 {
					hp = pages(len(svc.Instances), size)
					pl.add(service, account, region, "GetInstancesHealthStatus", hp)
				}
				inner = max(inner, ip, hp)
			}
			deepest = max(deepest, sp+inner)
		}
		pl.chain(np+deepest, what)
	}
}

func boolCount(b bool) int {
	if b {
		return 1
	}
	return 0
}

func uniqStrings(in []string) []string {
	var out []string
	for _, v := range in {
		if v != "" && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// Bound is the least time any collector can take for the plan: the slowest token
// bucket (calls beyond the burst at the refill rate) or the longest chain of dependent
// calls at latency each, whichever is longer.
func (p Plan) Bound(latency time.Duration) Bound {
	b := Bound{ChainSeconds: float64(p.Chain) * latency.Seconds()}
	var top Bucket
	if len(p.Buckets) > 0 {
		top = p.Buckets[0]
		b.RateSeconds = top.Seconds()
	}
	b.Seconds = max(b.RateSeconds, b.ChainSeconds)
	if b.RateSeconds >= b.ChainSeconds && top.Calls > 0 {
		b.Reason = fmt.Sprintf("rate: the %s bucket admits %d calls, %d at once then %g/s: (%d-%d)/%g = %.2fs",
			top.Key, top.Calls, top.Quota.Burst, top.Quota.Refill, top.Calls, top.Quota.Burst, top.Quota.Refill, b.RateSeconds)
	} else {
		b.Reason = fmt.Sprintf("chain: %s makes %d dependent calls × %v = %.2fs", p.ChainOf, p.Chain, latency, b.ChainSeconds)
	}
	return b
}
