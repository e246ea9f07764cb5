package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/envdiff/envdiff/diff"
)

func bigResult(n int) *diff.Result {
	res := seedResult()
	base := res.Findings
	res.Findings = make([]diff.Finding, 0, n)
	for i := range n {
		f := base[i%len(base)]
		f.Node = fmt.Sprintf("%s / instance %d", f.Node, i)
		f.Category = diff.Category(i % 5)
		f.Severity = diff.Severity(i % 5)
		res.Findings = append(res.Findings, f)
	}
	return res
}

func bigModel(tb testing.TB, n int) Model {
	opts := seedOptions()
	opts.NoColor = false // measure with styling, as users see it
	m := NewModel(opts)
	m, _ = step(m, tea.WindowSizeMsg{Width: 120, Height: 40})
	m, _ = step(m, resultMsg{gen: m.gen, result: bigResult(n), snaps: seedSnapshots(), at: fixedNow})
	return m
}

// BenchmarkView100k draws the findings screen with 100 000 findings, mid-list.
func BenchmarkView100k(b *testing.B) {
	m := bigModel(b, 100_000)
	for range 500 {
		m = keys(m, "pgdown")
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = m.View()
	}
}

// BenchmarkScroll100k is one key press (Update and View) while scrolling 100 000.
func BenchmarkScroll100k(b *testing.B) {
	m := bigModel(b, 100_000)
	down := press("down")
	b.ReportAllocs()
	for b.Loop() {
		m, _ = step(m, down)
		_ = m.View()
	}
}

// BenchmarkFilterKeystroke100k is the update loop's share of typing one filter
// character over 100 000 findings (the matching runs in a command).
func BenchmarkFilterKeystroke100k(b *testing.B) {
	m := keys(bigModel(b, 100_000), "/")
	m = typeText(m, "origin")
	b.ReportAllocs()
	for b.Loop() {
		m = typeText(m, "x")
		m = keys(m, "backspace")
	}
}

// BenchmarkFilterMatch100k is the command's share: matching a query against 100 000.
func BenchmarkFilterMatch100k(b *testing.B) {
	m := bigModel(b, 100_000)
	b.ReportAllocs()
	for b.Loop() {
		matchItems(m.list.items, "core apex", nil, "")
	}
}

// A frame must not get slower with the number of findings: drawing is bounded by the
// screen. Generous bound so that a loaded CI machine does not flake; the benchmark has
// the real number.
func TestView100kIsBoundedByTheScreen(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 100 000 findings")
	}
	m := bigModel(t, 100_000)
	m = keys(m, "G")
	start := time.Now()
	const frames = 20
	for range frames {
		_ = m.View()
	}
	if per := time.Since(start) / frames; per > 50*time.Millisecond {
		t.Errorf("View takes %v per frame with 100 000 findings", per)
	}
	if m.list.shown != 100_000 {
		t.Errorf("shown %d", m.list.shown)
	}
}

func TestLargeListsFilterOffTheUpdateLoop(t *testing.T) {
	m := bigModel(t, asyncFilterMin+10)
	m = keys(m, "/")
	m, cmd := step(m, press("x"))
	if cmd == nil || !strings.Contains(screen(m), "filtering…") {
		t.Fatal("typing over a large list should start a filter command and say it is filtering")
	}
	if m.list.shown != asyncFilterMin+10 {
		t.Fatalf("the list changed before the filter answered: %d shown", m.list.shown)
	}
	stale := cmd
	m, cmd = step(m, press("t"))
	fresh := cmd
	// Answers arrive out of order: the newer one first, then the stale one.
	m, _ = step(m, findFilterMsg(t, fresh()))
	want := m.list.shown
	m, _ = step(m, findFilterMsg(t, stale()))
	if m.list.shown != want || m.list.fuzzyFor != "xt" || strings.Contains(screen(m), "filtering…") {
		t.Errorf("a stale filter answer was applied: shown %d (want %d) for %q", m.list.shown, want, m.list.fuzzyFor)
	}
	// "xt" matches extra-in-target, a third of the findings.
	if third := (asyncFilterMin + 10) / 3; want < third-1 || want > third+1 {
		t.Errorf("shown %d, want about %d", want, third)
	}
}

// findFilterMsg digs the filter answer out of a (possibly batched) command result.
func findFilterMsg(t *testing.T, msg tea.Msg) tea.Msg {
	t.Helper()
	if b, ok := msg.(tea.BatchMsg); ok {
		for _, c := range b {
			if c == nil {
				continue
			}
			done := make(chan tea.Msg, 1)
			go func() { done <- c() }()
			select {
			case m := <-done:
				if f, ok := m.(filterDoneMsg); ok {
					return f
				}
			case <-time.After(100 * time.Millisecond): // a cursor blink, not ours
			}
		}
		t.Fatal("no filter answer in the batch")
	}
	if _, ok := msg.(filterDoneMsg); !ok {
		t.Fatalf("got %T, want a filter answer", msg)
	}
	return msg
}
