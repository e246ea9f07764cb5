package bench

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/envdiff/envdiff/collect"
)

// The plan must count exactly the calls envdiff's collectors make: the bound is only
// as good as the count. A small scenario through the real endpoint, shared reads and
// separate ones, default and small pages.
func TestPlanMatchesTheEndpointsCallRecord(t *testing.T) {
	for _, tc := range []struct {
		name     string
		pageSize int
		ps       collect.PageSizes
		separate bool
	}{
		{name: "defaults"},
		{name: "scenario page_size 7", pageSize: 7},
		{name: "anchor pages", ps: collect.PageSizes{Route53Records: 100, CloudFront: 100}},
		{name: "separate reads", separate: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Generate(GenOptions{Scale: 0.1, Sizes: smallSizes(), PageSize: tc.pageSize})
			if err != nil {
				t.Fatal(err)
			}
			plan := PlanCalls(s, tc.ps, !tc.separate)
			v := Variant{Name: tc.name, Opts: collect.Options{Limits: collect.NoLimits(), PageSizes: tc.ps, SeparateReads: tc.separate}}
			res, err := RunCollection(context.Background(), s, v, plan.Calls)
			if err != nil {
				t.Fatal(err)
			}
			if res.Failed > 0 || res.Throttled > 0 {
				t.Fatalf("run not clean: %d failed collectors, %d throttled", res.Failed, res.Throttled)
			}
			for _, d := range CrossCheck(plan, res.ByBucket) {
				t.Error(d)
			}
			if res.OK != plan.Calls {
				t.Errorf("planned %d calls, endpoint answered %d", plan.Calls, res.OK)
			}
		})
	}
}

// smallSizes keep the structure of the default account at a size a test runs in
// milliseconds, with lists long enough to paginate at page_size 7.
func smallSizes() Sizes {
	return Sizes{Certificates: 90, LoadBalancers: 20, Listeners: 3, Rules: 8, TargetGroups: 2, Targets: 2,
		Distributions: 120, Behaviors: 3, Zones: 30, Records: 3000, Services: 30, Instances: 9}
}

func TestBoundNamesTheBindingReason(t *testing.T) {
	for _, tc := range []struct {
		name    string
		plan    Plan
		latency time.Duration
		want    float64
		reason  string
	}{
		{
			name:    "elbv2 bucket binds",
			plan:    Plan{Buckets: []Bucket{{Key: "elbv2 111111111111 eu-west-1", Quota: Quota{40, 10}, Calls: 222}}, Chain: 5, ChainOf: "elbv2"},
			latency: 20 * time.Millisecond, want: 18.2, reason: "rate: the elbv2 111111111111 eu-west-1 bucket",
		},
		{
			name:    "within the burst the chain binds",
			plan:    Plan{Buckets: []Bucket{{Key: "route53 1", Quota: Quota{50, 10}, Calls: 21}}, Chain: 4, ChainOf: "route53 1 us-east-1"},
			latency: 20 * time.Millisecond, want: 0.08, reason: "chain: route53 1 us-east-1 makes 4 dependent calls",
		},
		{
			name: "no calls at all",
			plan: Plan{}, latency: 20 * time.Millisecond, want: 0, reason: "chain",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := tc.plan.Bound(tc.latency)
			if d := b.Seconds - tc.want; d > 1e-9 || d < -1e-9 {
				t.Errorf("bound %.4fs, want %.4fs", b.Seconds, tc.want)
			}
			if !strings.HasPrefix(b.Reason, tc.reason) {
				t.Errorf("reason %q, want it to start %q", b.Reason, tc.reason)
			}
		})
	}
}

func TestPagesAndEffectivePageSize(t *testing.T) {
	for _, tc := range []struct {
		n, size, want int
	}{{0, 100, 1}, {1, 100, 1}, {100, 100, 1}, {101, 100, 2}, {5000, 300, 17}} {
		if got := pages(tc.n, tc.size); got != tc.want {
			t.Errorf("pages(%d, %d) = %d, want %d", tc.n, tc.size, got, tc.want)
		}
	}
	for _, tc := range []struct {
		asked                 int32
		def, apiMax, scenario int
		want                  int
	}{{0, 300, 300, 0, 300}, {100, 300, 300, 0, 100}, {2000, 100, 1000, 0, 1000}, {0, 300, 300, 7, 7}} {
		if got := effective(tc.asked, tc.def, tc.apiMax, tc.scenario); got != tc.want {
			t.Errorf("effective(%d, %d, %d, %d) = %d, want %d", tc.asked, tc.def, tc.apiMax, tc.scenario, got, tc.want)
		}
	}
}
