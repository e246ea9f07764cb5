package main

import (
	"context"
	"fmt"
	"io"
	"maps"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/envdiff/envdiff/bench"
	"github.com/envdiff/envdiff/collect"
)

// figures are the headline numbers, printed last as name=value.
type figures struct {
	names  []string
	values map[string]string
}

func (f *figures) set(name, format string, v any) {
	if f.values == nil {
		f.values = map[string]string{}
	}
	if _, ok := f.values[name]; !ok {
		f.names = append(f.names, name)
	}
	f.values[name] = fmt.Sprintf(format, v)
}

func (o options) run(ctx context.Context, out, log io.Writer) error {
	began := time.Now()
	var fig figures
	fmt.Fprintf(out, "envdiff benchmark, %s\n", began.UTC().Format(time.RFC3339))
	fmt.Fprintf(out, "machine: %d CPUs (nproc), %s, %s %s/%s\n\n", runtime.NumCPU(), cpuModel(), runtime.Version(), runtime.GOOS, runtime.GOARCH)

	gen := bench.GenOptions{Envs: o.envs, Accounts: o.accounts, Scale: o.scale, LatencyMS: o.latencyMS, RateLimits: o.rateLimits}
	s, err := bench.Generate(gen)
	if err != nil {
		return err
	}
	sz := bench.DefaultSizes().Scaled(o.scale)
	fmt.Fprintf(out, "scenario: %d environments in %d accounts, regions %s, scale %g; latency_ms %d, rate_limits %s\n",
		len(s.Environments), len(s.Accounts), strings.Join(s.Environments[0].Regions, ", "), o.scale, o.latencyMS, o.rateLimits)
	fmt.Fprintf(out, "  per account and region: %d certificates, %d load balancers × %d listeners × %d rules, %d target groups × %d targets each, %d Cloud Map services × %d instances\n",
		sz.Certificates, sz.LoadBalancers, sz.Listeners, sz.Rules, sz.TargetGroups*sz.LoadBalancers, sz.Targets, sz.Services, sz.Instances)
	fmt.Fprintf(out, "  per account: %d distributions × %d behaviours, %d Route53 records in %d zones\n\n",
		sz.Distributions, sz.Behaviors, sz.Records, sz.Zones)

	latency := time.Duration(o.latencyMS) * time.Millisecond
	plan := bench.PlanCalls(s, collect.PageSizes{}, true)
	bound := plan.Bound(latency)
	fmt.Fprintf(out, "bound: %.2fs, %s\n", bound.Seconds, bound.Reason)
	fmt.Fprintf(out, "  %d calls at envdiff's page sizes; chain bound %.2fs (%d dependent calls in %s)\n", plan.Calls, bound.ChainSeconds, plan.Chain, plan.ChainOf)
	for i, b := range plan.Buckets {
		if i == 4 {
			break
		}
		fmt.Fprintf(out, "  bucket %-40s %5d calls  burst %3d  refill %4g/s  needs %6.2fs\n", b.Key, b.Calls, b.Quota.Burst, b.Quota.Refill, b.Seconds())
	}
	fmt.Fprintln(out)

	var collected []*collect.Snapshot
	fmt.Fprintf(out, "%-11s %9s %7s %7s %9s %9s %8s %7s\n", "collection", "wall", "÷bound", "calls", "throttled", "seen", "retries", "failed")
	for _, v := range bench.Variants(o.sequentialCap, o.anchorCap) {
		if err := ctx.Err(); err != nil {
			return err
		}
		if len(o.only) > 0 && !slices.Contains(o.only, v.Name) {
			continue
		}
		vplan := bench.PlanCalls(s, v.Opts.PageSizes, !v.Opts.SeparateReads)
		logf(log, "collecting: %s", v.Description)
		res, err := bench.RunCollection(ctx, s, v, vplan.Calls)
		if err != nil {
			return err
		}
		ratio := res.Projected.Seconds() / max(bound.Seconds, 1e-9)
		wall := fmt.Sprintf("%.2fs", res.Wall.Seconds())
		if res.Capped {
			wall = fmt.Sprintf("~%.1fs", res.Projected.Seconds())
		}
		fmt.Fprintf(out, "%-11s %9s %7.2f %7d %9d %9d %8d %7d\n", v.Name, wall, ratio, res.Calls, res.Throttled, res.SeenThrottled, res.Retries, res.Failed)
		if res.Throttled > 0 {
			fmt.Fprintf(out, "  %s: throttled by %s\n", v.Name, topCounts(res.ThrottledBy, 3))
		}
		if res.Capped {
			fmt.Fprintf(out, "  %s: stopped at the %v cap after %d of %d calls; wall extrapolated from %.1fs\n", v.Name, v.Cap, res.OK, vplan.Calls, res.Wall.Seconds())
		} else if res.Failed > 0 {
			fmt.Fprintf(out, "  %s: incomplete, %d collectors gave up (their data is missing from the snapshots)\n", v.Name, res.Failed)
		}
		switch v.Name {
		case "envdiff":
			collected = res.Snaps
			fig.set("collect_ratio_to_bound", "%.3f", ratio)
			fig.set("collect_throttled", "%d", res.Throttled)
			if diffs := bench.CrossCheck(plan, res.ByBucket); len(diffs) == 0 && res.Failed == 0 {
				fmt.Fprintf(out, "  cross-check: the endpoint answered exactly the %d planned calls, bucket by bucket\n", plan.Calls)
			} else {
				for _, d := range diffs {
					fmt.Fprintf(out, "  cross-check: %s\n", d)
				}
			}
		case "unpaced":
			fig.set("unpaced_ratio_to_bound", "%.3f", ratio)
			fig.set("unpaced_throttled", "%d", res.Throttled)
		case "sequential":
			fig.set("sequential_ratio_to_bound", "%.3f", ratio)
		case "anchor":
			fig.set("anchor_ratio_to_bound", "%.3f", ratio)
			fig.set("anchor_throttled", "%d", res.Throttled)
		}
		res.Snaps = nil
		debug.FreeOSMemory()
	}
	fmt.Fprintln(out, "  ÷bound: wall time over the bound; throttled: calls the endpoint refused (its record); seen: throttling errors in Snapshot.Timings")
	fmt.Fprintln(out)
	if collected != nil && !o.collectOnly {
		if err := o.diffPhase(ctx, out, log, gen, collected, &fig); err != nil {
			return err
		}
	}

	rss := peakRSSMB()
	fig.set("peak_rss_mb", "%.0f", rss)
	fmt.Fprintf(out, "peak memory (getrusage maxrss): %.0f MB; benchmark took %.0fs\n\n", rss, time.Since(began).Seconds())
	for _, n := range fig.names {
		fmt.Fprintf(out, "%s=%s\n", n, fig.values[n])
	}
	return nil
}

// topCounts lists the n largest counts, largest first.
func topCounts(m map[string]int, n int) string {
	keys := slices.Collect(maps.Keys(m))
	slices.SortFunc(keys, func(a, b string) int {
		if m[a] != m[b] {
			return m[b] - m[a]
		}
		return strings.Compare(a, b)
	})
	var parts []string
	for i, k := range keys {
		if i == n {
			parts = append(parts, fmt.Sprintf("and %d more", len(keys)-n))
			break
		}
		parts = append(parts, fmt.Sprintf("%s ×%d", k, m[k]))
	}
	return strings.Join(parts, ", ")
}
