package collect_test

import (
	"context"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/envdiff/envdiff/collect"
	"github.com/envdiff/envdiff/collect/awsfake"
)

// TestCancelledCollectionLeavesNoGoroutine cancels collections at several points —
// before the first call, while calls wait on the endpoint's latency, while a call hangs
// on a timeout fault — and checks that once Collect returns and the endpoint is closed,
// nothing of the run is left running.
func TestCancelledCollectionLeavesNoGoroutine(t *testing.T) {
	tests := []struct {
		name    string
		latency int
		faults  []awsfake.Fault
		cancel  time.Duration // after this long; 0: cancelled before Collect
		// incomplete lists the environments the cancellation must leave incomplete; nil:
		// all. With one hung call, the others finish before the cancellation, complete.
		incomplete []string
	}{
		{name: "cancelled before the start"},
		{name: "during slow calls", latency: 2000, cancel: 100 * time.Millisecond},
		{name: "during a hung call", cancel: 100 * time.Millisecond,
			faults:     []awsfake.Fault{{Account: prodAccount, Service: "elbv2", Kind: "timeout"}},
			incomplete: []string{"production"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ignore := goleak.IgnoreCurrent()
			func() {
				s := seed(t)
				s.LatencyMS, s.Faults = tt.latency, tt.faults
				srv, err := awsfake.Start(s, "")
				if err != nil {
					t.Fatal(err)
				}
				defer func() {
					if err := srv.Close(); err != nil {
						t.Errorf("close endpoint: %v", err)
					}
				}()
				_, envs := envsOf(s)
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				// Measured from the cancellation as it happened: on a loaded machine the
				// timer itself can fire late, which is not the collector's doing.
				var cancelledAt atomic.Pointer[time.Time]
				cancelNow := func() {
					now := time.Now()
					cancelledAt.Store(&now)
					cancel()
				}
				if tt.cancel == 0 {
					cancelNow()
				} else {
					time.AfterFunc(tt.cancel, cancelNow)
				}
				snaps := collect.Collect(ctx, envs, fastOptions(srv))
				if at := cancelledAt.Load(); at != nil {
					if took := time.Since(*at); took > time.Second {
						t.Errorf("collection ended %v after the cancellation, want under a second", took)
					}
				}
				if len(snaps) != len(envs) {
					t.Fatalf("%d snapshots for %d environments", len(snaps), len(envs))
				}
				for _, snap := range snaps {
					if tt.incomplete != nil && !slices.Contains(tt.incomplete, snap.Environment.Name) {
						continue
					}
					if snap.Complete() {
						t.Errorf("%s: a cancelled collection must not look complete", snap.Environment.Name)
					}
				}
			}()
			goleak.VerifyNone(t, ignore)
		})
	}
}

// envsOf converts a scenario's environments as serve does, for tests that manage the
// endpoint's lifetime themselves.
func envsOf(s *awsfake.Scenario) (*awsfake.Scenario, []collect.Environment) {
	var envs []collect.Environment
	for _, e := range s.Environments {
		key, secret := awsfake.Credentials(e.Account)
		envs = append(envs, collect.Environment{
			Name: e.Name, Role: e.Role, Account: e.Account, Regions: e.Regions, Domains: e.Domains, Tokens: e.Tokens,
			AccessKeyID: key, SecretAccessKey: secret,
		})
	}
	return s, envs
}
