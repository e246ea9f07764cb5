package ui

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/envdiff/envdiff/collect"
	"github.com/envdiff/envdiff/diff"
)

// Strings an attacker controls (a resource name, a tag, a record) carrying terminal
// escapes: clear screen, set title, move the cursor, bidi override, a hyperlink.
var hostileBits = []string{
	"\x1b[2J\x1b[H", "\x1b]0;pwned\x07", "\x1b[31;1m", "\r\n", "\u202e", "\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\", "\x9b6n", "\u009b6n", "\t", "\x00",
}

func hostile(i int, s string) string {
	return s + hostileBits[i%len(hostileBits)] + s
}

func hostileModel(t testing.TB, w, h int, colour bool) Model {
	long := strings.Repeat("very-long-name-", 40)
	res := &diff.Result{Target: hostile(0, "production"), Baselines: []string{hostile(1, "qa1"), hostile(2, "qa2")}}
	for i := range 300 {
		res.Findings = append(res.Findings, diff.Finding{
			Check:    hostile(i, "check"),
			Severity: diff.Severity(i % 5),
			Env:      res.Target,
			Node:     hostile(i+1, fmt.Sprintf("node-%d-%s", i, long)),
			Resource: hostile(i+2, "arn:aws:x"),
			Message:  hostile(i+3, "message "+long),
			Values:   map[string]string{res.Target: hostile(i+4, long), res.Baselines[0]: hostile(i+5, "v")},
			Category: diff.Category(i % 6), // 5 is out of range: must still draw
			Evidence: []diff.EvidenceRow{{Label: hostile(i+6, long), Differs: true, Values: map[string]string{res.Target: hostile(i+7, long)}}},
		})
	}
	snap := &collect.Snapshot{
		Environment: collect.Environment{Name: res.Target, Role: collect.RoleTarget},
		Namespaces: []collect.Namespace{{Name: hostile(3, long), Type: hostile(4, "DNS"), Services: []collect.Service{{
			Name: hostile(5, "svc"), Instances: []collect.Instance{{ID: hostile(6, long), IPv4: hostile(7, "10.0.0.1"), Health: hostile(8, "X")}},
		}}}},
		Errors: []collect.CollectError{{Service: collect.ServiceACM, Kind: hostile(0, "k"), Message: hostile(1, long)}},
	}
	paths := map[string][]diff.RequestPath{res.Target: {{Entry: hostile(2, long), Hops: []diff.Hop{
		{Role: hostile(3, "role"), Name: hostile(4, long), Detail: hostile(5, long), Status: hostile(6, "weird"), Note: hostile(7, long), Depth: 1000},
		{Role: diff.HopCertificate, Name: "x", Status: diff.HopFail, Depth: -5},
	}}}}
	opts := seedOptions()
	opts.NoColor = !colour
	opts.Title = hostile(0, "title")
	m := NewModel(opts)
	m, _ = step(m, tea.WindowSizeMsg{Width: w, Height: h})
	m, _ = step(m, progressMsg{gen: m.gen, ev: collect.Event{Env: hostile(1, long), Service: hostile(2, "svc"), Phase: collect.PhaseFailed,
		Err: &collect.CollectError{Kind: hostile(3, "k"), Operation: hostile(4, "op"), Message: hostile(5, long)}}})
	m, _ = step(m, resultMsg{gen: m.gen, result: res, snaps: []*collect.Snapshot{snap}, paths: paths, at: fixedNow})
	return m
}

// sgr matches the colour and attribute sequences lipgloss writes; nothing else may
// reach the terminal.
var sgr = regexp.MustCompile("\x1b\\[[0-9;:]*m")

func TestHostileScenarioDrawsWithoutCorruptingTheScreen(t *testing.T) {
	for _, colour := range []bool{false, true} {
		for _, sz := range []struct{ w, h int }{{120, 40}, {80, 24}, {200, 50}} {
			t.Run(fmt.Sprintf("colour=%v/%dx%d", colour, sz.w, sz.h), func(t *testing.T) {
				m := hostileModel(t, sz.w, sz.h, colour)
				for _, ks := range [][]string{nil, {"enter"}, {"G"}, {"G", "enter", "G"}, {"p"}, {"p", "G"}, {"c"}, {"?"}, {"f", "s", "s"}} {
					mm := keys(m, ks...)
					checkScreen(t, mm, sz.w, sz.h, colour)
					rest := sgr.ReplaceAllString(screen(mm), "")
					if i := strings.IndexAny(rest, "\x1b\x07\u009b\ufffd\r\x00\u202e\t"); i >= 0 {
						t.Fatalf("keys %v: a control character reached the screen at %d: %q", ks, i, rest[max(i-20, 0):min(i+20, len(rest))])
					}
				}
			})
		}
	}
}

func TestHostileFindingsScroll(t *testing.T) {
	m := hostileModel(t, 80, 24, false)
	if m.list.shown != 300 {
		t.Fatalf("shown %d of 300", m.list.shown)
	}
	m = keys(m, "G")
	s := screen(m)
	if !strings.Contains(s, "▸") {
		t.Errorf("the selection is off screen after G:\n%s", s)
	}
}

func TestWidthCountsCells(t *testing.T) {
	tests := []struct {
		s    string
		want int
	}{
		{"", 0},
		{"plain ascii", 11},
		{"── rule", 7},
		{"\x1b[31mred\x1b[0m", 3},
		{"日本", 4},
		{"e\u0301", 1}, // a combining accent
	}
	for _, tt := range tests {
		if got := width(tt.s); got != tt.want {
			t.Errorf("width(%q) = %d, want %d", tt.s, got, tt.want)
		}
		if got := ansi.StringWidth(fit(tt.s, 6)); got != 6 {
			t.Errorf("fit(%q, 6) is %d cells", tt.s, got)
		}
	}
}
