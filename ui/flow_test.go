package ui

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/envdiff/envdiff/collect"
	"github.com/envdiff/envdiff/diff"
)

// pump runs commands the way the Bubble Tea runtime does (each in its own goroutine,
// batches fanned out) and feeds their messages back into Update, so these tests drive
// the real refresh path: Collect in a command, progress through the channel, the result
// tagged with its generation.
type pump struct {
	t  *testing.T
	ch chan tea.Msg
}

func newPump(t *testing.T) *pump { return &pump{t: t, ch: make(chan tea.Msg, 4096)} }

func (p *pump) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	go func() {
		msg := cmd()
		if b, ok := msg.(tea.BatchMsg); ok {
			for _, c := range b {
				p.run(c)
			}
			return
		}
		if msg != nil {
			p.ch <- msg
		}
	}()
}

// until feeds messages until cond holds, failing after a few seconds.
func (p *pump) until(m Model, what string, cond func(Model) bool) Model {
	p.t.Helper()
	timeout := time.After(5 * time.Second)
	for !cond(m) {
		select {
		case msg := <-p.ch:
			var cmd tea.Cmd
			m, cmd = step(m, msg)
			p.run(cmd)
		case <-timeout:
			p.t.Fatalf("timed out waiting for %s; screen:\n%s", what, screen(m))
		}
	}
	return m
}

func TestCollectionViewShowsProgressAndErrorsAsTheyHappen(t *testing.T) {
	release := make(chan struct{})
	opts := seedOptions()
	opts.Collect = func(ctx context.Context, progress func(collect.Event)) ([]*collect.Snapshot, error) {
		progress(collect.Event{Env: "qa1", Service: collect.ServiceACM, Region: "us-east-1", Phase: collect.PhaseStarted})
		progress(collect.Event{Env: "qa1", Service: collect.ServiceACM, Region: "eu-west-1", Phase: collect.PhaseStarted})
		progress(collect.Event{Env: "qa1", Service: collect.ServiceACM, Region: "us-east-1", Phase: collect.PhaseDone, Calls: 3, Items: 2, Elapsed: 1500 * time.Millisecond})
		progress(collect.Event{Env: "production", Service: collect.ServiceELBv2, Region: "eu-west-1", Phase: collect.PhaseFailed, Calls: 1,
			Err: &collect.CollectError{Service: collect.ServiceELBv2, Region: "eu-west-1", Operation: "DescribeListeners", Kind: collect.ErrAccessDenied, Message: "User is not authorized\x1b[2J"}})
		select {
		case <-release:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		return seedSnapshots(), nil
	}
	m := NewModel(opts)
	m, _ = step(m, tea.WindowSizeMsg{Width: 120, Height: 40})
	p := newPump(t)
	p.run(m.Init())
	m = p.until(m, "four progress events", func(m Model) bool { return len(m.coll.collectors) == 3 && m.coll.errors != nil })
	s := screen(m)
	checkScreen(t, m, 120, 40, false)
	for _, sub := range []string{
		"Collection 2/3 collectors",
		"qa1        acm              2 regions     3 calls      2 items",
		"✗ production elbv2",
		"access_denied: User is not authorized",
		"production elbv2 eu-west-1 DescribeListeners: access_denied",
		"collecting 2/3",
	} {
		if !strings.Contains(s, sub) {
			t.Errorf("collection view lacks %q:\n%s", sub, s)
		}
	}
	close(release)
	m = p.until(m, "the result", func(m Model) bool { return m.result != nil })
	if m.view != viewFindings || !strings.Contains(screen(m), "origin-cert-covers-host") {
		t.Errorf("the findings did not replace the collection view:\n%s", screen(m))
	}
	if m = keys(m, "c"); !strings.Contains(screen(m), "Collection 2/3") {
		t.Error("c does not bring back the last collection's status")
	}
}

func TestCtrlCCancelsTheCollection(t *testing.T) {
	cancelled := make(chan struct{})
	opts := seedOptions()
	opts.Collect = func(ctx context.Context, progress func(collect.Event)) ([]*collect.Snapshot, error) {
		progress(collect.Event{Env: "qa1", Service: collect.ServiceACM, Region: "us-east-1", Phase: collect.PhaseStarted})
		<-ctx.Done()
		close(cancelled)
		return nil, ctx.Err()
	}
	m := NewModel(opts)
	p := newPump(t)
	p.run(m.Init())
	m = p.until(m, "the first event", func(m Model) bool { return len(m.coll.collectors) == 1 })
	m, cmd := step(m, press("ctrl+c"))
	if _, ok := cmd().(tea.QuitMsg); !ok || !m.interrupted {
		t.Fatal("ctrl+c did not quit")
	}
	select {
	case <-cancelled:
	case <-time.After(5 * time.Second):
		t.Fatal("the collector's context was not cancelled")
	}
}

func TestRefreshCancelsTheCollectionInFlight(t *testing.T) {
	calls := make(chan context.Context, 4)
	var n atomic.Int32
	opts := seedOptions()
	opts.Collect = func(ctx context.Context, progress func(collect.Event)) ([]*collect.Snapshot, error) {
		calls <- ctx
		if n.Add(1) == 1 {
			<-ctx.Done() // the first refresh hangs until the second replaces it
			return nil, ctx.Err()
		}
		return seedSnapshots(), nil
	}
	m := NewModel(opts)
	p := newPump(t)
	p.run(m.Init())
	first := <-calls
	m, cmd := step(m, press("r"))
	p.run(cmd)
	select {
	case <-first.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("r left the previous collection running")
	}
	m = p.until(m, "the second refresh's result", func(m Model) bool { return m.result != nil })
	if m.lastErr != nil {
		t.Errorf("the cancelled first refresh's error surfaced: %v", m.lastErr)
	}
}

func TestCollectErrorIsShownAndKeepsThePreviousResult(t *testing.T) {
	fail := false
	opts := seedOptions()
	opts.Collect = func(context.Context, func(collect.Event)) ([]*collect.Snapshot, error) {
		if fail {
			return nil, context.DeadlineExceeded
		}
		return seedSnapshots(), nil
	}
	m := NewModel(opts)
	m, _ = step(m, tea.WindowSizeMsg{Width: 120, Height: 40})
	p := newPump(t)
	p.run(m.Init())
	m = p.until(m, "the first result", func(m Model) bool { return m.result != nil })
	fail = true
	m, cmd := step(m, press("r"))
	p.run(cmd)
	m = p.until(m, "the failed refresh", func(m Model) bool { return !m.collecting })
	s := screen(m)
	if !strings.Contains(s, "last refresh failed: collect: context deadline exceeded") || !strings.Contains(s, "origin-cert-covers-host") {
		t.Errorf("a failed refresh should say so and keep the last findings:\n%s", s)
	}
}

func TestAnalyzeAndPathsRunInTheCommand(t *testing.T) {
	opts := seedOptions()
	var analyzed []*collect.Snapshot
	opts.Analyze = func(s []*collect.Snapshot) (*diff.Result, error) { analyzed = s; return seedResult(), nil }
	m := NewModel(opts)
	p := newPump(t)
	p.run(m.Init())
	m = p.until(m, "the result", func(m Model) bool { return m.result != nil })
	if len(analyzed) != 4 || len(m.reqPaths["production"]) != 1 {
		t.Errorf("analyzed %d snapshots, production has %d paths", len(analyzed), len(m.reqPaths["production"]))
	}
}

func TestCollectionViewPinnedByTheUserStays(t *testing.T) {
	m := NewModel(seedOptions())
	if m.view != viewCollection {
		t.Fatal("the first screen is not the collection view")
	}
	pinned := keys(m, "c")
	for _, tt := range []struct {
		name string
		m    Model
		want viewID
	}{{"automatic", m, viewFindings}, {"pinned with c", pinned, viewCollection}} {
		got, _ := step(tt.m, resultMsg{gen: tt.m.gen, result: seedResult(), at: fixedNow})
		if got.view != tt.want {
			t.Errorf("%s: view %d after the result, want %d", tt.name, got.view, tt.want)
		}
	}
}

func TestProbeKeyProbesEveryRefreshUntilTurnedOff(t *testing.T) {
	opts := seedOptions()
	var probed atomic.Int32
	opts.Probe = func(_ context.Context, snaps []*collect.Snapshot, progress func(collect.Event)) {
		probed.Add(1)
		for _, s := range snaps {
			s.Probes = &collect.Probes{}
		}
		progress(collect.Event{Env: "production", Service: collect.ServiceProbe, Phase: collect.PhaseDone})
	}
	var sawProbes atomic.Bool
	opts.Analyze = func(snaps []*collect.Snapshot) (*diff.Result, error) {
		sawProbes.Store(snaps[0].Probes != nil)
		return seedResult(), nil
	}
	m := NewModel(opts)
	m, _ = step(m, tea.WindowSizeMsg{Width: 120, Height: 40})
	p := newPump(t)
	p.run(m.Init())
	m = p.until(m, "the first result", func(m Model) bool { return m.result != nil && !m.collecting })
	if probed.Load() != 0 || sawProbes.Load() {
		t.Fatal("probes ran without --probe or t")
	}

	m, cmd := step(m, press("t"))
	if !m.probeOn || !m.collecting || !strings.Contains(screen(m), "probes on") {
		t.Fatalf("t did not turn probes on and refresh:\n%s", screen(m))
	}
	p.run(cmd)
	m = p.until(m, "the probed result", func(m Model) bool { return !m.collecting })
	if probed.Load() != 1 || !sawProbes.Load() {
		t.Errorf("probe ran %d times, analysis saw probes: %v", probed.Load(), sawProbes.Load())
	}

	m, cmd = step(m, press("t"))
	p.run(cmd)
	m = p.until(m, "the unprobed result", func(m Model) bool { return !m.collecting })
	if m.probeOn || probed.Load() != 1 || sawProbes.Load() {
		t.Errorf("after t again: on=%v, probe ran %d times, analysis saw probes %v", m.probeOn, probed.Load(), sawProbes.Load())
	}
	if strings.Contains(screen(m), "probes on") {
		t.Error("the header still says probes on")
	}
}

func TestProbeKeyWithoutAProberSaysSo(t *testing.T) {
	m := keys(seedModel(t, 120, 40), "t")
	if m.probeOn || m.collecting || !strings.Contains(screen(m), "not available") {
		t.Errorf("t without Options.Probe: on=%v collecting=%v\n%s", m.probeOn, m.collecting, screen(m))
	}
}
