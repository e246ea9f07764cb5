package ui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/envdiff/envdiff/collect"
	"github.com/envdiff/envdiff/diff"
)

// An environment's own started/done events bracket its collectors; counting them as
// collectors drew a blank-service row per environment and inflated "n/m collectors".
func TestCollectionPaneRowsAreCollectors(t *testing.T) {
	credErr := &collect.CollectError{Kind: collect.ErrCredentials, Message: "sso session expired"}
	tests := []struct {
		name      string
		events    []collect.Event
		wantTitle string
		want      []string // substrings of the drawn pane
		wantNot   []string
	}{
		{
			name: "environment events are not rows",
			events: []collect.Event{
				{Env: "qa1", Phase: collect.PhaseStarted},
				{Env: "qa1", Service: collect.ServiceACM, Region: "us-east-1", Phase: collect.PhaseDone, Calls: 2, Items: 1},
				{Env: "qa1", Service: collect.ServiceELBv2, Region: "eu-west-1", Phase: collect.PhaseDone, Calls: 3, Items: 1},
				{Env: "qa1", Phase: collect.PhaseDone},
			},
			wantTitle: "Collection 2/2 collectors",
			want:      []string{"✓ qa1  acm", "✓ qa1  elbv2"},
			wantNot:   []string{"✓ qa1                      1 region"},
		},
		{
			name: "a read reused from another environment says whose",
			events: []collect.Event{
				{Env: "qa1", Service: collect.ServiceRoute53, Region: "us-east-1", Phase: collect.PhaseDone, Calls: 5, Items: 6},
				{Env: "qa2", Service: collect.ServiceRoute53, Region: "us-east-1", Phase: collect.PhaseStarted, SharedWith: "qa1"},
				{Env: "qa2", Service: collect.ServiceRoute53, Region: "us-east-1", Phase: collect.PhaseDone, Items: 6, SharedWith: "qa1"},
			},
			wantTitle: "Collection 2/2 collectors",
			want:      []string{"0 calls      6 items    0.0s  read once with qa1"},
			wantNot:   []string{"5 calls      6 items    0.0s  read once"},
		},
		{
			name: "a credentials failure is a row naming it",
			events: []collect.Event{
				{Env: "production", Phase: collect.PhaseStarted},
				{Env: "production", Phase: collect.PhaseFailed, Err: credErr},
			},
			wantTitle: "Collection 1/1 collectors",
			want:      []string{"✗ production credentials", "credentials: sso session expired"},
		},
	}
	st := newStyles(true, true)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newCollectionPane()
			p.SetSize(120, 20)
			now := time.Date(2026, 11, 23, 21, 0, 0, 0, time.UTC)
			for _, ev := range tt.events {
				p.apply(ev, now)
			}
			s := p.View(&st, "*", now, false)
			if !strings.Contains(s, tt.wantTitle) {
				t.Errorf("title: want %q in\n%s", tt.wantTitle, s)
			}
			for _, w := range tt.want {
				if !strings.Contains(s, w) {
					t.Errorf("want %q in\n%s", w, s)
				}
			}
			for _, w := range tt.wantNot {
				if strings.Contains(s, w) {
					t.Errorf("did not want %q in\n%s", w, s)
				}
			}
		})
	}
}

// The summary line is what the on-call engineer reads first: "0 regressions" over an
// environment that was only half read must say so, and a check failing in the target
// on an untested node must be counted there too.
func TestSummaryLineIsHonestAboutUnknownAndUntested(t *testing.T) {
	incomplete := seedResult()
	incomplete.Findings = incomplete.Findings[1:] // no regression
	incomplete.Environments[3].Complete = false
	incomplete.Findings = append(incomplete.Findings, diff.Finding{
		Check: "collection-incomplete", Severity: diff.High, Env: "production",
		Node: "elbv2 / eu-west-1", Message: "access denied", Category: diff.CatUnknown,
	})
	untested := seedResult()
	untested.Findings = append(untested.Findings, diff.Finding{
		Check: "healthy-targets", Severity: diff.High, Env: "production",
		Node: "mydomain.com / behaviour /new/*", Message: "no healthy target", Category: diff.CatTargetOnly,
	})
	tests := []struct {
		name    string
		result  *diff.Result
		want    []string
		wantNot []string
	}{
		{"complete", seedResult(), []string{"1 regression · 0 failing everywhere"}, []string{"not read completely", "failing in target"}},
		{"incomplete", incomplete, []string{"0 regressions", "1 unknown (not read completely: production)"}, nil},
		{"untested failure", untested, []string{"1 regression · 1 failing in target (untested) · 0 failing everywhere"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := NewModel(seedOptions())
			m, _ = step(m, tea.WindowSizeMsg{Width: 200, Height: 40})
			m, _ = step(m, resultMsg{gen: m.gen, snaps: seedSnapshots(), result: tt.result, paths: seedPathsByEnv(), at: fixedNow})
			line := strings.Split(screen(m), "\n")[1]
			for _, w := range tt.want {
				if !strings.Contains(line, w) {
					t.Errorf("summary %q lacks %q", line, w)
				}
			}
			for _, w := range tt.wantNot {
				if strings.Contains(line, w) {
					t.Errorf("summary %q has %q", line, w)
				}
			}
		})
	}
}

// At 80 columns the watch's verdict ("0 new, 0 resolved") and the poll time were cut
// off the header: the two things a watching engineer looks for.
func TestHeaderKeepsWatchStateAtEveryWidth(t *testing.T) {
	for _, w := range []int{80, 120, 200} {
		opts := seedOptions()
		opts.Watch = 5 * time.Second
		opts.Title = "demo seed-502"
		m := NewModel(opts)
		m, _ = step(m, tea.WindowSizeMsg{Width: w, Height: 24})
		m, _ = step(m, resultMsg{gen: m.gen, snaps: seedSnapshots(), result: seedResult(), paths: seedPathsByEnv(), at: fixedNow})
		m, _ = step(m, resultMsg{gen: m.gen, snaps: seedSnapshots(), result: seedResult(), paths: seedPathsByEnv(), at: fixedNow.Add(5 * time.Second)})
		lines := strings.Split(screen(m), "\n")
		for _, want := range []string{"watch 5s · polled 19:42:15"} {
			if !strings.Contains(lines[0], want) {
				t.Errorf("%d columns: header %q lacks %q", w, lines[0], want)
			}
		}
		for _, want := range []string{"0 new, 0 resolved", "1 regr", "2 parity", "0 unknown"} {
			if !strings.Contains(lines[1], want) {
				t.Errorf("%d columns: summary %q lacks %q", w, lines[1], want)
			}
		}
		if strings.Contains(lines[1], "…") {
			t.Errorf("%d columns: the header is cut:\n%s\n%s", w, lines[0], lines[1])
		}
	}
}

// A finding gone from a poll that could not read everything (access denied on the
// load balancers) was marked [resolved]: the on-call engineer watching the cutover
// would have read "fixed" where envdiff merely did not look.
func TestGoneFindingIsResolvedOnlyWhenEverythingWasRead(t *testing.T) {
	incomplete := seedResult()
	incomplete.Findings = incomplete.Findings[1:]
	incomplete.Environments[3].Complete = false
	fixed := seedResult()
	fixed.Findings = fixed.Findings[1:]
	tests := []struct {
		name        string
		cur         *diff.Result
		wantMark    mark
		wantSummary string
	}{
		{"everything read", fixed, markResolved, "0 new, 1 resolved"},
		{"production not read completely", incomplete, markUnread, "0 new, 0 resolved, 1 unread"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			prev := seedResult()
			items := buildItems(prev, tt.cur)
			var got []mark
			for _, it := range items {
				if it.f.Check == prev.Findings[0].Check {
					got = append(got, it.mark)
				}
			}
			if len(got) != 1 || got[0] != tt.wantMark {
				t.Fatalf("marks of the gone finding: %v, want [%v]", got, tt.wantMark)
			}
			m := NewModel(seedOptions())
			m, _ = step(m, tea.WindowSizeMsg{Width: 200, Height: 40})
			m, _ = step(m, resultMsg{gen: m.gen, snaps: seedSnapshots(), result: prev, paths: seedPathsByEnv(), at: fixedNow})
			m, _ = step(m, resultMsg{gen: m.gen, snaps: seedSnapshots(), result: tt.cur, paths: seedPathsByEnv(), at: fixedNow.Add(time.Minute)})
			if s := screen(m); !strings.Contains(strings.Split(s, "\n")[1], tt.wantSummary) {
				t.Errorf("summary lacks %q:\n%s", tt.wantSummary, s)
			}
		})
	}
}

// Focusing a passed environment (f, also used to pick the paths view's comparison)
// left four empty groups and "No finding selected.": it read like an all-clear.
func TestHiddenFindingsSayWhy(t *testing.T) {
	m := seedModel(t, 120, 40)
	m = keys(m, "f") // qa1: every seed finding is production's
	s := screen(m)
	if !strings.Contains(s, "3 findings are hidden by env qa1 (s, f, / change it)") {
		t.Errorf("no word of the hidden findings:\n%s", s)
	}
	m = keys(seedModel(t, 120, 40))
	if strings.Contains(screen(m), "hidden by") {
		t.Errorf("nothing is hidden, yet the pane says so:\n%s", screen(m))
	}
}
