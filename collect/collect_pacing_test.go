package collect_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/envdiff/envdiff/collect"
	"github.com/envdiff/envdiff/collect/awsfake"
)

// busyScenario has, per account, more calls than AWS's bursts allow: 53 ELBv2 calls
// (burst 40), 56 Route53 calls (burst 50), 15 DescribeCertificate calls (burst 10).
func busyScenario(t *testing.T, rateLimits string) *awsfake.Scenario {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "scenario: busy\nrate_limits: %s\nenvironments:\n", rateLimits)
	accounts := []string{"444444444444", "555555555555"}
	for i, acct := range accounts {
		role := "passed"
		if i == 1 {
			role = "target"
		}
		fmt.Fprintf(&b, "  - {name: env%d, role: %s, account: %q, regions: [eu-west-1], domains: [e%d.example.com]}\n", i, role, acct, i)
	}
	b.WriteString("accounts:\n")
	for _, acct := range accounts {
		fmt.Fprintf(&b, "  %q:\n    certificates:\n", acct)
		for c := range 15 {
			fmt.Fprintf(&b, "      - {arn: \"arn:aws:acm:eu-west-1:%s:certificate/c%d\", domain: c%d.example.com}\n", acct, c, c)
		}
		b.WriteString("    load_balancers:\n      - name: big\n        region: eu-west-1\n        listeners:\n")
		for l := range 25 {
			fmt.Fprintf(&b, "          - {port: %d, protocol: HTTPS, certificate: \"arn:aws:acm:eu-west-1:%s:certificate/c0\", default_action: {type: fixed-response, status_code: \"200\"}}\n", 8000+l, acct)
		}
		b.WriteString("    hosted_zones:\n")
		for z := range 55 {
			fmt.Fprintf(&b, "      - {name: z%d.example.com.}\n", z)
		}
	}
	s, err := awsfake.ParseScenario("busy.yaml", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestPacingKeepsThrottlingOutOfTheSnapshot(t *testing.T) {
	if testing.Short() {
		t.Skip("paces at AWS's quotas for about 1.5 s")
	}
	srv, envs := serve(t, busyScenario(t, "aws"), awsfake.WithoutLatency())
	opts := collect.Options{
		Endpoint: srv.URL, CallTimeout: 5 * time.Second,
		Backoff: collect.BackoffFunc(func(int, error) (time.Duration, error) { return 100 * time.Millisecond, nil }),
	}
	start := time.Now()
	snaps := collect.Collect(context.Background(), envs, opts)
	took := time.Since(start)
	throttled := 0
	for _, c := range srv.Endpoint.Calls() {
		if c.Outcome == awsfake.OutcomeThrottled {
			throttled++
		}
	}
	t.Logf("paced collection took %v, %d calls, %d throttled by the endpoint", took, len(srv.Endpoint.Calls()), throttled)
	for _, s := range snaps {
		if !s.Complete() {
			t.Errorf("%s: %+v", s.Environment.Name, s.Errors)
		}
		if len(s.Certificates) != 15 || len(s.HostedZones) != 55 || len(s.LoadBalancers) != 1 || len(s.LoadBalancers[0].Listeners) != 25 {
			t.Errorf("%s incomplete: %d certs, %d zones", s.Environment.Name, len(s.Certificates), len(s.HostedZones))
		}
	}
	// On an idle machine this is 0; a late first dial under load can shift AWS's
	// bucket by more than the one token of headroom, and the retries absorb that.
	if calls := len(srv.Endpoint.Calls()); throttled*10 > calls {
		t.Errorf("the endpoint throttled %d of %d calls: the client-side buckets do not keep under AWS's", throttled, calls)
	}
	// ELBv2 needs (53-40)/10 s past its burst: pacing must have waited, not bailed out.
	if took < time.Second {
		t.Errorf("took %v: the client did not pace to the quotas", took)
	}
}

// TestWithoutPacingTheQuotasBite is the control: the same scenario unpaced and without
// retries does get throttled, so the test above measures pacing, not a lenient endpoint.
func TestWithoutPacingTheQuotasBite(t *testing.T) {
	srv, envs := serve(t, busyScenario(t, "aws"), awsfake.WithoutLatency())
	opts := collect.Options{Endpoint: srv.URL, Limits: collect.NoLimits(), MaxAttempts: 1, CallTimeout: 5 * time.Second}
	snaps := collect.Collect(context.Background(), envs, opts)
	kinds := map[string]bool{}
	for _, s := range snaps {
		for _, e := range s.Errors {
			kinds[e.Kind] = true
		}
	}
	if !kinds[collect.ErrThrottled] {
		t.Errorf("unpaced collection recorded %v, want throttling", kinds)
	}
}

// inflight wraps the HTTP transport to measure how many requests are in flight.
type inflight struct {
	next      http.RoundTripper
	now, peak atomic.Int64
}

func (c *inflight) Do(r *http.Request) (*http.Response, error) {
	n := c.now.Add(1)
	defer c.now.Add(-1)
	for p := c.peak.Load(); n > p && !c.peak.CompareAndSwap(p, n); p = c.peak.Load() {
	}
	return c.next.RoundTrip(r)
}

func TestConcurrencyBoundsCallsInFlight(t *testing.T) {
	s := seed(t)
	s.LatencyMS = 5 // so that calls overlap when they may
	srv, envs := serve(t, s)
	for _, tt := range []struct {
		concurrency int
		check       func(peak int64) bool
		want        string
	}{
		{1, func(p int64) bool { return p == 1 }, "exactly 1"},
		{8, func(p int64) bool { return p > 1 && p <= 8 }, "between 2 and 8"},
	} {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		// A caller's own client is the caller's to close; else the endpoint's
		// shutdown waits for its idle connections.
		defer tr.CloseIdleConnections()
		hc := &inflight{next: tr}
		opts := fastOptions(srv)
		opts.Concurrency, opts.HTTPClient = tt.concurrency, hc
		for _, snap := range collect.Collect(context.Background(), envs, opts) {
			if !snap.Complete() {
				t.Errorf("concurrency %d: %s: %+v", tt.concurrency, snap.Environment.Name, snap.Errors)
			}
		}
		if p := hc.peak.Load(); !tt.check(p) {
			t.Errorf("concurrency %d: peak of %d calls in flight, want %s", tt.concurrency, p, tt.want)
		}
	}
}

func TestCancellationStopsPromptly(t *testing.T) {
	s := seed(t)
	s.LatencyMS = 2000
	srv, envs := serve(t, s)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// Measured from the cancellation itself: a loaded machine may fire the timer late.
	cancelledAt := make(chan time.Time, 1)
	time.AfterFunc(150*time.Millisecond, func() { cancelledAt <- time.Now(); cancel() })
	snaps := collect.Collect(ctx, envs, fastOptions(srv))
	if took := time.Since(<-cancelledAt); took > time.Second {
		t.Errorf("collection ended %v after the cancellation", took)
	}
	for _, s := range snaps {
		if s == nil || s.Complete() {
			t.Errorf("snapshot after cancellation: %+v, want one recording the interruption", s)
		}
	}
}

func TestProgressEvents(t *testing.T) {
	srv, envs := serve(t, seed(t), awsfake.WithoutLatency())
	var mu sync.Mutex
	phases := map[string][]string{}
	lastCalls := map[string]int{}
	opts := fastOptions(srv)
	opts.OnEvent = func(e collect.Event) {
		mu.Lock()
		defer mu.Unlock()
		key := e.Env + "/" + e.Service + "/" + e.Region
		if e.Phase != collect.PhaseProgress {
			phases[key] = append(phases[key], e.Phase)
		}
		if e.Calls < lastCalls[key] {
			t.Errorf("%s: calls went down from %d to %d", key, lastCalls[key], e.Calls)
		}
		lastCalls[key] = e.Calls
	}
	snaps := collect.Collect(context.Background(), envs, opts)
	mu.Lock()
	defer mu.Unlock()
	for _, s := range snaps {
		if got := phases[s.Environment.Name+"//"]; strings.Join(got, ",") != "started,done" {
			t.Errorf("%s environment events = %v", s.Environment.Name, got)
		}
		for _, tm := range s.Timings {
			key := s.Environment.Name + "/" + tm.Service + "/" + tm.Region
			if got := phases[key]; strings.Join(got, ",") != "started,done" {
				t.Errorf("%s events = %v, want started,done", key, got)
			}
			if lastCalls[key] != tm.Calls || (tm.Calls == 0) != (tm.SharedWith != "") {
				t.Errorf("%s: last event says %d calls, timing %d (shared with %q)", key, lastCalls[key], tm.Calls, tm.SharedWith)
			}
		}
	}
}

// TestRetrySettings checks the knobs benchmarks turn: attempts, and a retryer of
// one's own replacing envdiff's.
func TestRetrySettings(t *testing.T) {
	fault := awsfake.Fault{Account: prodAccount, Service: "elbv2", Kind: "server_error", Times: 1}
	tests := []struct {
		name     string
		opts     func(o *collect.Options)
		wantFail bool
	}{
		{"envdiff's retryer retries a 500", func(o *collect.Options) {}, false},
		{"one attempt only", func(o *collect.Options) { o.MaxAttempts = 1 }, true},
		{"the caller's retryer wins", func(o *collect.Options) {
			o.Retryer = func() aws.Retryer { return aws.NopRetryer{} }
		}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := seed(t)
			s.Faults = []awsfake.Fault{fault}
			srv, envs := serve(t, s, awsfake.WithoutLatency())
			opts := fastOptions(srv)
			tt.opts(&opts)
			prod := byName(t, collect.Collect(context.Background(), envs, opts), "production")
			if failed := prod.Failed(collect.ServiceELBv2, "eu-west-1"); failed != tt.wantFail {
				t.Errorf("ELBv2 failed = %v, want %v (errors %+v)", failed, tt.wantFail, prod.Errors)
			}
		})
	}
}
