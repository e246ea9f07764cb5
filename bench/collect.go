package bench

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"

	"github.com/envdiff/envdiff/collect"
	"github.com/envdiff/envdiff/collect/awsfake"
)

// Variant is one way of running the same collectors.
type Variant struct {
	Name, Description string
	Opts              collect.Options
	// Cap ends the run early; the wall time is then extrapolated from the calls made.
	Cap time.Duration
}

// Variants are the four collections issue 7 compares. sequentialCap and anchorCap
// bound the slow ones (0: no cap).
func Variants(sequentialCap, anchorCap time.Duration) []Variant {
	return []Variant{
		{Name: "envdiff", Description: "envdiff at default settings (client-side buckets at AWS's quotas, shared reads)"},
		{
			Name: "unpaced", Description: "pacing off, the SDK's default retryer (3 attempts, retry budget)",
			Opts: collect.Options{Limits: collect.NoLimits(), Retryer: func() aws.Retryer { return retry.NewStandard() }},
		},
		{
			Name: "sequential", Description: "one call at a time, envdiff's pacing",
			Opts: collect.Options{Concurrency: 1}, Cap: sequentialCap,
		},
		{
			Name: "anchor", Description: "the SQL-over-AWS plugin's defaults: Route53 and CloudFront at 5/s, 100-record pages, no limiter elsewhere, 9 retries from 25 ms, tripling",
			Opts: collect.Options{
				Limits: collect.Limits{
					collect.ServiceRoute53:    {Rate: 5, Burst: 1},
					collect.ServiceCloudFront: {Rate: 5, Burst: 1},
				},
				PageSizes: collect.PageSizes{Route53Records: 100, CloudFront: 100},
				Retryer:   anchorRetryer,
			},
			Cap: anchorCap,
		},
	}
}

// anchorRetryer is how that plugin builds its SDK retryer: the standard one without a
// retry budget, 9 retries, each delay 25 ms × 3^attempt with ±20% jitter (capped at
// five minutes).
func anchorRetryer() aws.Retryer {
	return retry.NewStandard(func(o *retry.StandardOptions) {
		o.MaxAttempts = 10
		o.MaxBackoff = 5 * time.Minute
		o.RateLimiter = ratelimit.None
		o.Backoff = tripleBackoff{base: 25 * time.Millisecond, limit: 5 * time.Minute}
	})
}

// tripleBackoff waits base × 3^attempt, ±20%, at most limit.
type tripleBackoff struct{ base, limit time.Duration }

func (b tripleBackoff) BackoffDelay(attempt int, _ error) (time.Duration, error) {
	d := float64(b.base) * math.Pow(3, float64(attempt)) * (0.8 + 0.4*rand.Float64())
	return min(time.Duration(d), b.limit), nil
}

// RunResult is one collection's figures.
type RunResult struct {
	Variant   Variant
	Wall      time.Duration
	Capped    bool          // the cap ended it
	Projected time.Duration // Wall, or the extrapolation when capped
	// From the endpoint's call record: every attempt, and those it throttled.
	Calls, Throttled, OK int
	ByBucket             map[string]int // answered calls
	ThrottledBy          map[string]int // refused calls
	// From the snapshots: the throttling errors the collectors saw, their retries, and
	// the collectors that gave up.
	SeenThrottled, Retries, Failed int
	Snaps                          []*collect.Snapshot
}

// Environments are a scenario's environments with the static keys the endpoint reads
// the account from.
func Environments(s *awsfake.Scenario) []collect.Environment {
	var out []collect.Environment
	for _, e := range s.Environments {
		key, secret := awsfake.Credentials(e.Account)
		out = append(out, collect.Environment{
			Name: e.Name, Role: e.Role, Account: e.Account,
			Regions: slices.Clone(e.Regions), Domains: slices.Clone(e.Domains), Tokens: slices.Clone(e.Tokens),
			AccessKeyID: key, SecretAccessKey: secret,
		})
	}
	return out
}

// RunCollection serves s on a fresh local endpoint (fresh AWS buckets) and collects it
// the variant's way. expected is the number of successful calls a full run makes, for
// the extrapolation of a capped run.
func RunCollection(ctx context.Context, s *awsfake.Scenario, v Variant, expected int) (RunResult, error) {
	srv, err := awsfake.Start(s, "")
	if err != nil {
		return RunResult{}, fmt.Errorf("variant %s: %w", v.Name, err)
	}
	defer srv.Close()
	opts := v.Opts
	opts.Endpoint = srv.URL
	if v.Cap > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, v.Cap)
		defer cancel()
	}
	start := time.Now()
	snaps := collect.Collect(ctx, Environments(s), opts)
	res := RunResult{Variant: v, Wall: time.Since(start), Snaps: snaps, ByBucket: map[string]int{}, ThrottledBy: map[string]int{}}
	res.Capped = v.Cap > 0 && errors.Is(ctx.Err(), context.DeadlineExceeded)
	for _, c := range srv.Endpoint.Calls() {
		res.Calls++
		switch c.Outcome {
		case awsfake.OutcomeThrottled:
			res.Throttled++
			key, _ := quotaFor(c.Service, c.Account, c.Region, c.Operation)
			res.ThrottledBy[key+" "+c.Operation]++
		case awsfake.OutcomeOK:
			res.OK++
			key, _ := quotaFor(c.Service, c.Account, c.Region, c.Operation)
			res.ByBucket[key]++
		}
	}
	for _, sn := range snaps {
		for _, t := range sn.Timings {
			res.SeenThrottled += t.Throttle
			res.Retries += t.Retries
		}
		res.Failed += len(sn.Errors)
	}
	res.Projected = res.Wall
	if res.Capped && res.OK > 0 && expected > res.OK {
		res.Projected = time.Duration(float64(res.Wall) * float64(expected) / float64(res.OK))
	}
	return res, nil
}

// CrossCheck compares the calls a full, unthrottled run made per bucket with the plan,
// and describes every difference.
func CrossCheck(p Plan, byBucket map[string]int) []string {
	var out []string
	want := map[string]int{}
	for _, b := range p.Buckets {
		want[b.Key] = b.Calls
	}
	keys := make([]string, 0, len(want))
	for k := range want {
		keys = append(keys, k)
	}
	for k := range byBucket {
		if _, ok := want[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		if want[k] != byBucket[k] {
			out = append(out, fmt.Sprintf("%s: planned %d calls, the endpoint answered %d", k, want[k], byBucket[k]))
		}
	}
	return out
}

// InMemory collects s from an endpoint without latency or quotas: the fastest way to
// turn a generated scenario into the snapshots a real collection would give.
func InMemory(ctx context.Context, s *awsfake.Scenario) ([]*collect.Snapshot, error) {
	fast := *s
	fast.LatencyMS, fast.RateLimits = 0, "none"
	srv, err := awsfake.Start(&fast, "", awsfake.WithoutLatency())
	if err != nil {
		return nil, fmt.Errorf("in-memory snapshots: %w", err)
	}
	defer srv.Close()
	snaps := collect.Collect(ctx, Environments(&fast), collect.Options{Endpoint: srv.URL, Limits: collect.NoLimits(), Concurrency: 16})
	for _, sn := range snaps {
		if len(sn.Errors) > 0 {
			return nil, fmt.Errorf("in-memory snapshots: %s: %s %s: %s", sn.Environment.Name, sn.Errors[0].Service, sn.Errors[0].Region, sn.Errors[0].Message)
		}
	}
	return snaps, nil
}

// Nodes counts the resources of a snapshot, each listener, rule, target, behaviour,
// record and instance included: what the diff engine turns into nodes.
func Nodes(s *collect.Snapshot) int {
	n := len(s.Certificates) + len(s.LoadBalancers) + len(s.Distributions) + len(s.HostedZones) + len(s.Namespaces)
	for _, lb := range s.LoadBalancers {
		n += len(lb.Listeners) + len(lb.TargetGroups)
		for _, l := range lb.Listeners {
			n += len(l.Rules)
		}
		for _, tg := range lb.TargetGroups {
			n += len(tg.Targets)
		}
	}
	for _, d := range s.Distributions {
		n += len(d.Origins) + 1 + len(d.Behaviors)
	}
	for _, z := range s.HostedZones {
		n += len(z.Records)
	}
	for _, ns := range s.Namespaces {
		n += len(ns.Services)
		for _, svc := range ns.Services {
			n += len(svc.Instances)
		}
	}
	return n
}
