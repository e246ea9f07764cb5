package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/envdiff/envdiff/collect"
	"github.com/envdiff/envdiff/diff"
)

func selectedCheck(m Model) string {
	if it := m.list.Selected(); it != nil {
		return it.check + "@" + it.node
	}
	return ""
}

func TestNavigationSkipsGroupHeadersAndStopsAtEnds(t *testing.T) {
	regression := "origin-cert-covers-host@" + coreNode
	aliases := "attribute-differs@mydomain.com / distribution / aliases"
	rule := "extra-in-target@" + coreNode + " / rule 10"
	tests := []struct {
		keys []string
		want string
	}{
		{nil, regression}, // the first screen selects the first regression
		{[]string{"down"}, aliases},
		{[]string{"down", "down"}, rule},
		{[]string{"down", "down", "down", "down"}, rule}, // stops at the last finding
		{[]string{"down", "up"}, regression},
		{[]string{"up", "up"}, regression},
		{[]string{"G"}, rule},
		{[]string{"G", "g"}, regression},
		{[]string{"j", "j", "k"}, aliases},
		{[]string{"pgdown"}, rule},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.keys, ","), func(t *testing.T) {
			m := keys(seedModel(t, 120, 40), tt.keys...)
			if got := selectedCheck(m); got != tt.want {
				t.Errorf("selected %q, want %q", got, tt.want)
			}
		})
	}
}

func TestEnterOpensEvidenceAndEscReturns(t *testing.T) {
	m := keys(seedModel(t, 80, 24), "down", "enter")
	if !m.evidenceFocus {
		t.Fatal("enter did not focus the evidence")
	}
	s := screen(m)
	if !strings.Contains(s, "attribute-differs") || strings.Contains(s, "Findings 3/3") {
		t.Errorf("at 80×24 the evidence of the selected finding should fill the body:\n%s", s)
	}
	// Keys scroll the evidence now, not the list.
	m = keys(m, "down")
	if got := selectedCheck(m); !strings.HasPrefix(got, "attribute-differs") {
		t.Errorf("down in the evidence moved the list to %q", got)
	}
	m = keys(m, "esc")
	if m.evidenceFocus || !strings.Contains(screen(m), "Findings 3/3") {
		t.Error("esc did not return to the findings")
	}
}

func TestEvidenceScrollIsClampedToContent(t *testing.T) {
	m := keys(seedModel(t, 80, 24), "enter", "G")
	bottom := m.evidence.offset
	if bottom == 0 {
		t.Fatal("the seed evidence is taller than 80×24; G should scroll")
	}
	m = keys(m, "down", "down")
	if m.evidence.offset != bottom {
		t.Errorf("scrolled past the end: offset %d, bottom %d", m.evidence.offset, bottom)
	}
	m = keys(m, "up")
	if m.evidence.offset != bottom-1 {
		t.Errorf("up after the end moved to %d, want %d", m.evidence.offset, bottom-1)
	}
	if !strings.Contains(screen(m), "Fix: ") && !strings.Contains(screen(keys(m, "G")), "Fix: ") {
		t.Error("the fix is not reachable by scrolling")
	}
}

func TestFilter(t *testing.T) {
	tests := []struct {
		name  string
		typed string
		after []string
		shown int
		query string
	}{
		{"fuzzy over check", "occh", []string{"enter"}, 1, "occh"},
		{"over node", "aliases", []string{"enter"}, 1, "aliases"},
		{"over message", "apex", []string{"enter"}, 1, "apex"},
		{"terms all must match", "rule redirect", []string{"enter"}, 1, "rule redirect"},
		{"case-insensitive", "ALIASES", []string{"enter"}, 1, "ALIASES"},
		{"no match", "zzz", []string{"enter"}, 0, "zzz"},
		{"esc while typing drops it", "apex", []string{"esc"}, 3, ""},
		{"esc after enter clears it", "apex", []string{"enter", "esc"}, 3, ""},
		{"backspace widens", "aliasesx", []string{"backspace", "enter"}, 1, "aliases"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := keys(seedModel(t, 120, 40), "/")
			if !m.list.filtering {
				t.Fatal("/ did not open the filter")
			}
			m = typeText(m, tt.typed)
			m = keys(m, tt.after...)
			if m.list.shown != tt.shown || m.list.query != tt.query {
				t.Errorf("shown %d with query %q, want %d with %q", m.list.shown, m.list.query, tt.shown, tt.query)
			}
			if tt.shown > 0 && m.list.Selected() == nil {
				t.Error("matches are shown but none is selected")
			}
		})
	}
}

func TestFilterLineOwnsTheKeyboard(t *testing.T) {
	m := keys(seedModel(t, 120, 40), "/")
	m = typeText(m, "qrsp") // q quits, r refreshes, s and p change views elsewhere
	if m.list.query != "qrsp" || m.view != viewFindings || m.gen != 1 || m.list.floor != diff.Info {
		t.Errorf("typing in the filter triggered commands: query %q view %d gen %d floor %v", m.list.query, m.view, m.gen, m.list.floor)
	}
	if !strings.Contains(screen(m), "/ qrsp") {
		t.Error("the filter line does not show what was typed")
	}
}

func TestSeverityFloorCycles(t *testing.T) {
	tests := []struct {
		presses int
		floor   diff.Severity
		shown   int
	}{
		{0, diff.Info, 3},
		{1, diff.Low, 2},
		{2, diff.Medium, 1},
		{3, diff.High, 1},
		{4, diff.Critical, 1},
		{5, diff.Info, 3}, // wraps around
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.presses), func(t *testing.T) {
			m := seedModel(t, 120, 40)
			for range tt.presses {
				m = keys(m, "s")
			}
			if m.list.floor != tt.floor || m.list.shown != tt.shown {
				t.Errorf("floor %v shows %d, want %v showing %d", m.list.floor, m.list.shown, tt.floor, tt.shown)
			}
			if tt.floor > diff.Info && !strings.Contains(screen(m), "≥ "+tt.floor.String()) {
				t.Error("the pane title does not name the floor")
			}
		})
	}
}

func TestEnvironmentFocusCycles(t *testing.T) {
	res := seedResult()
	res.Findings = append(res.Findings, diff.Finding{
		Check: "cert-expiry", Severity: diff.Medium, Env: "qa2", Node: "qa2.mydomain.com / viewer certificate",
		Message: "expires in 12 days", Category: diff.CatBaseline,
	})
	m := seedModel(t, 120, 40)
	m, _ = step(m, resultMsg{gen: m.gen, result: res, snaps: seedSnapshots(), at: fixedNow})
	tests := []struct {
		presses int
		env     string
		shown   int
	}{
		{0, "", 4},
		{1, "qa1", 0},
		{2, "qa2", 1},
		{3, "staging", 0},
		{4, "production", 3},
		{5, "", 4},
	}
	for _, tt := range tests {
		mm := m
		for range tt.presses {
			mm = keys(mm, "f")
		}
		if got := mm.list.envName(); got != tt.env || mm.list.shown != tt.shown {
			t.Errorf("%d presses: focus %q shows %d, want %q showing %d", tt.presses, got, mm.list.shown, tt.env, tt.shown)
		}
	}
	if s := screen(keys(m, "f", "f")); !strings.Contains(s, "Baseline only (1)") || !strings.Contains(s, "env qa2") {
		t.Errorf("focus on qa2 should show its baseline-only finding and name the focus:\n%s", s)
	}
}

func TestRefreshDropsStaleResults(t *testing.T) {
	m := seedModel(t, 120, 40)
	first := m.gen
	m = keys(m, "r")
	if m.gen != first+1 || !m.collecting {
		t.Fatalf("r did not start generation %d (gen %d, collecting %v)", first+1, m.gen, m.collecting)
	}
	// The first refresh answers late, with a different world: it must be ignored.
	stale := &diff.Result{Target: "production", Findings: []diff.Finding{{Check: "stale-check", Env: "production", Node: "x"}}}
	m, _ = step(m, resultMsg{gen: first, result: stale, at: fixedNow})
	m, _ = step(m, progressMsg{gen: first, ev: collect.Event{Env: "ghost", Service: "acm", Phase: collect.PhaseStarted}})
	if !m.collecting || strings.Contains(screen(m), "stale-check") || len(m.coll.collectors) != 0 {
		t.Fatal("a stale result or event from the previous refresh was applied")
	}
	m, _ = step(m, resultMsg{gen: m.gen, result: seedResult(), snaps: seedSnapshots(), at: fixedNow.Add(time.Minute)})
	if m.collecting || m.polls[len(m.polls)-1] != fixedNow.Add(time.Minute) {
		t.Error("the current refresh's result was not applied")
	}
}

func TestWatchMarksNewAndResolved(t *testing.T) {
	m := seedModel(t, 120, 40)
	// Second poll: the aliases difference is fixed, a certificate now expires.
	second := seedResult()
	second.Findings = append(second.Findings[:1], second.Findings[2], diff.Finding{
		Check: "cert-expiry", Severity: diff.Medium, Env: "production", Node: "mydomain.com / viewer certificate",
		Message: "expires in 12 days", Category: diff.CatEverywhere,
	})
	m = keys(m, "r")
	m, _ = step(m, resultMsg{gen: m.gen, result: second, snaps: seedSnapshots(), at: fixedNow.Add(30 * time.Second)})
	marks := map[string]mark{}
	for _, it := range m.list.items {
		marks[it.check] = it.mark
	}
	want := map[string]mark{
		"origin-cert-covers-host": markNone,
		"extra-in-target":         markNone,
		"cert-expiry":             markNew,
		"attribute-differs":       markResolved,
	}
	for check, w := range want {
		if marks[check] != w {
			t.Errorf("%s marked %d, want %d", check, marks[check], w)
		}
	}
	s := screen(m)
	for _, sub := range []string{"[new] mydomain.com / viewer certificate", "[resolved] mydomain.com / distribution / aliases", "since 19:42:10: 1 new, 1 resolved", "polled 19:42:40"} {
		if !strings.Contains(s, sub) {
			t.Errorf("screen lacks %q:\n%s", sub, s)
		}
	}
	// Third poll, nothing changed: the resolved finding is gone and nothing is new.
	m = keys(m, "r")
	m, _ = step(m, resultMsg{gen: m.gen, result: second, snaps: seedSnapshots(), at: fixedNow.Add(60 * time.Second)})
	s = screen(m)
	if strings.Contains(s, "[resolved]") || strings.Contains(s, "[new]") || !strings.Contains(s, "since 19:42:40: 0 new, 0 resolved") {
		t.Errorf("marks did not clear at the next poll:\n%s", s)
	}
}

func TestWatchToggleAndTicks(t *testing.T) {
	m := seedModel(t, 120, 40)
	if m.watchOn {
		t.Fatal("watch is on without --watch")
	}
	m, cmd := step(m, press("w"))
	if !m.watchOn || cmd == nil || m.watchEvery != DefaultWatch {
		t.Fatalf("w did not turn watch on at %v with a tick scheduled", DefaultWatch)
	}
	if !strings.Contains(screen(m), "watch 30s") {
		t.Error("the header does not show the watch interval")
	}
	epoch := m.watchEpoch
	m, _ = step(m, watchTickMsg{epoch: epoch - 1})
	if m.collecting {
		t.Error("a tick from before the toggle started a poll")
	}
	m, _ = step(m, watchTickMsg{epoch: epoch})
	if !m.collecting || m.gen != 2 {
		t.Error("the watch tick did not start a poll")
	}
	// A tick while collecting is dropped; the poll's result schedules the next tick.
	m, _ = step(m, watchTickMsg{epoch: epoch})
	if m.gen != 2 {
		t.Error("a tick during a poll started another one")
	}
	m, cmd = step(m, resultMsg{gen: m.gen, result: seedResult(), at: fixedNow})
	if cmd == nil {
		t.Error("a finished poll under watch scheduled no next tick")
	}
	m, _ = step(m, press("w"))
	m, _ = step(m, watchTickMsg{epoch: epoch})
	if m.watchOn || m.collecting {
		t.Error("a tick after watch was turned off started a poll")
	}
}

func TestWatchFromOptionsSchedulesAfterFirstResult(t *testing.T) {
	opts := seedOptions()
	opts.Watch = 5 * time.Second
	m := NewModel(opts)
	if !m.watchOn || m.watchEvery != 5*time.Second {
		t.Fatal("Options.Watch did not turn watch on")
	}
	_, cmd := step(m, resultMsg{gen: m.gen, result: seedResult(), at: fixedNow})
	if cmd == nil {
		t.Error("no tick scheduled after the first result")
	}
}

func TestExportWritesFileAndShowsPath(t *testing.T) {
	dir := t.TempDir()
	opts := seedOptions()
	opts.ExportDir = dir
	var rendered *diff.Result
	opts.Markdown = func(r *diff.Result) ([]byte, error) {
		rendered = r
		return []byte("# envdiff report\n"), nil
	}
	m := NewModel(opts)
	m, _ = step(m, tea.WindowSizeMsg{Width: 120, Height: 40})
	m, _ = step(m, resultMsg{gen: m.gen, result: seedResult(), at: fixedNow})
	m, cmd := step(m, press("e"))
	if cmd == nil {
		t.Fatal("e returned no command")
	}
	if rendered != nil {
		t.Fatal("the report was rendered inside Update")
	}
	m, _ = step(m, cmd())
	want := filepath.Join(dir, "envdiff-report-20261123-194210.md")
	data, err := os.ReadFile(want)
	if err != nil {
		t.Fatalf("export file: %v", err)
	}
	if string(data) != "# envdiff report\n" || rendered != m.result {
		t.Errorf("exported %q from the wrong result", data)
	}
	if s := screen(m); !strings.Contains(s, "exported to "+want) {
		t.Errorf("the path is not shown:\n%s", s)
	}
	// The next key clears the message.
	if s := screen(keys(m, "down")); strings.Contains(s, "exported to") {
		t.Error("the export message outlived the next key")
	}
}

func TestExportErrorsAreShown(t *testing.T) {
	tests := []struct {
		name     string
		dir      string
		markdown func(*diff.Result) ([]byte, error)
		want     string
	}{
		{"renderer fails", t.TempDir(), func(*diff.Result) ([]byte, error) { return nil, errors.New("boom") }, "render markdown: boom"},
		{"directory missing", filepath.Join(t.TempDir(), "nope"), func(*diff.Result) ([]byte, error) { return []byte("x"), nil }, "nope"},
		{"no renderer", t.TempDir(), nil, "no markdown renderer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := seedOptions()
			opts.ExportDir, opts.Markdown = tt.dir, tt.markdown
			m := NewModel(opts)
			m, _ = step(m, tea.WindowSizeMsg{Width: 120, Height: 40})
			m, _ = step(m, resultMsg{gen: m.gen, result: seedResult(), at: fixedNow})
			m, cmd := step(m, press("e"))
			m, _ = step(m, cmd())
			if !m.statusErr || !strings.Contains(screen(m), tt.want) {
				t.Errorf("footer does not show %q: %q", tt.want, m.status)
			}
		})
	}
}

func TestExportBeforeFirstResult(t *testing.T) {
	m := NewModel(seedOptions())
	m, cmd := step(m, press("e"))
	if cmd != nil || !strings.Contains(screen(m), "nothing to export yet") {
		t.Error("export before the first result should explain itself and do nothing")
	}
}

func TestQuitAndInterrupt(t *testing.T) {
	for _, k := range []string{"q", "ctrl+c"} {
		m := seedModel(t, 120, 40)
		m = keys(m, "r") // a collection in flight
		var cancelled bool
		ctx, cancel := context.WithCancel(context.Background())
		m.cancel = func() { cancelled = true; cancel() }
		m, cmd := step(m, press(k))
		if cmd == nil {
			t.Fatalf("%s: no command", k)
		}
		if _, ok := cmd().(tea.QuitMsg); !ok {
			t.Errorf("%s did not quit", k)
		}
		if !cancelled || ctx.Err() == nil {
			t.Errorf("%s left the collection running", k)
		}
		if m.interrupted != (k == "ctrl+c") {
			t.Errorf("%s: interrupted = %v", k, m.interrupted)
		}
	}
}

func TestHelpToggles(t *testing.T) {
	m := keys(seedModel(t, 80, 24), "?")
	if !m.showHelp || !strings.Contains(screen(m), "export markdown") {
		t.Fatal("? did not show the full help")
	}
	m = keys(m, "down") // ignored while help is up
	if !m.showHelp {
		t.Error("a key other than ?/esc closed the help")
	}
	if m = keys(m, "?"); m.showHelp {
		t.Error("? did not close the help")
	}
}

func TestPathsViewToggles(t *testing.T) {
	m := keys(seedModel(t, 120, 40), "p")
	s := screen(m)
	if m.view != viewPaths || !strings.Contains(s, "✗ certificate *.mydomain.com") || !strings.Contains(s, "production (target)") {
		t.Fatalf("p did not show the paths with production's failing certificate:\n%s", s)
	}
	if m = keys(m, "p"); m.view != viewFindings {
		t.Error("p did not go back")
	}
	if m = keys(m, "p", "esc"); m.view != viewFindings {
		t.Error("esc did not go back")
	}
}

func TestResizeKeepsEveryFrameInBounds(t *testing.T) {
	m := seedModel(t, 120, 40)
	for _, sz := range []struct{ w, h int }{{80, 24}, {200, 60}, {40, 10}, {20, 5}, {1, 1}, {120, 40}} {
		m, _ = step(m, tea.WindowSizeMsg{Width: sz.w, Height: sz.h})
		for _, v := range [][]string{nil, {"enter"}, {"p"}, {"?"}, {"c"}} {
			mm := keys(m, v...)
			checkScreen(t, mm, sz.w, sz.h, false)
		}
	}
}

func TestPathsFollowTheEnvironmentFocus(t *testing.T) {
	m := keys(seedModel(t, 120, 40), "p", "f") // focus qa1
	s := screen(m)
	if !strings.Contains(s, "the target and qa1") || !strings.Contains(s, "production (target)") ||
		!strings.Contains(s, "qa1 (passed)") || strings.Contains(s, "staging (passed)") {
		t.Errorf("with qa1 focused the paths view should show production beside qa1 only:\n%s", s)
	}
	if m = keys(m, "f", "f", "f", "f"); strings.Contains(screen(m), "the target and") || !strings.Contains(screen(m), "staging (passed)") {
		t.Error("cycling past the last environment did not bring every environment back")
	}
	if m.list.envName() != "" {
		t.Errorf("focus %q after a full cycle", m.list.envName())
	}
}

func TestEnvironmentFocusSurvivesAPollThatReordersEnvironments(t *testing.T) {
	m := keys(seedModel(t, 120, 40), "f", "f") // qa2
	reordered := seedResult()
	reordered.Baselines = []string{"staging", "qa2", "qa1"}
	m, _ = step(m, resultMsg{gen: m.gen, result: reordered, snaps: seedSnapshots(), at: fixedNow})
	if got := m.list.envName(); got != "qa2" {
		t.Errorf("focus moved to %q after the poll", got)
	}
}

func TestEarlierModelCopiesKeepTheirRows(t *testing.T) {
	m := seedModel(t, 120, 40)
	before := screen(m)
	_ = keys(m, "s", "s", "s") // a copy filters its list
	if screen(m) != before {
		t.Error("filtering a copy of the model changed the original's rows")
	}
}
