package ui

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/envdiff/envdiff/collect"
	"github.com/envdiff/envdiff/diff"
)

var update = flag.Bool("update", false, "rewrite ui/testdata/*.golden from the current output")

// press builds the key message a terminal would deliver for name ("down", "enter",
// "ctrl+c", or a single character).
func press(name string) tea.KeyPressMsg {
	special := map[string]rune{
		"up": tea.KeyUp, "down": tea.KeyDown, "enter": tea.KeyEnter, "esc": tea.KeyEscape,
		"tab": tea.KeyTab, "pgdown": tea.KeyPgDown, "pgup": tea.KeyPgUp, "backspace": tea.KeyBackspace,
		"home": tea.KeyHome, "end": tea.KeyEnd,
	}
	if c, ok := special[name]; ok {
		return tea.KeyPressMsg{Code: c}
	}
	if name == "ctrl+c" {
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	}
	r := []rune(name)
	return tea.KeyPressMsg{Code: r[0], Text: name}
}

// step feeds one message and returns the model and the command it asked for.
func step(m Model, msg tea.Msg) (Model, tea.Cmd) {
	nm, cmd := m.Update(msg)
	return nm.(Model), cmd
}

// keys feeds key presses, ignoring commands.
func keys(m Model, names ...string) Model {
	for _, n := range names {
		m, _ = step(m, press(n))
	}
	return m
}

// typeText types s into whatever has the keyboard.
func typeText(m Model, s string) Model {
	for _, r := range s {
		m, _ = step(m, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return m
}

func seedOptions() Options {
	return Options{
		Title:   "demo: seed-502",
		Now:     func() time.Time { return fixedNow },
		NoColor: true,
		Explain: seedDoc,
		Collect: func(context.Context, func(collect.Event)) ([]*collect.Snapshot, error) {
			return seedSnapshots(), nil
		},
		Analyze: func([]*collect.Snapshot) (*diff.Result, error) { return seedResult(), nil },
		Paths:   seedPaths,
	}
}

// seedModel is the dashboard at w×h after the first refresh delivered seed-502.
func seedModel(t testing.TB, w, h int) Model {
	t.Helper()
	m := NewModel(seedOptions())
	m, _ = step(m, tea.WindowSizeMsg{Width: w, Height: h})
	m, _ = step(m, resultMsg{gen: m.gen, snaps: seedSnapshots(), result: seedResult(), paths: seedPathsByEnv(), at: fixedNow})
	return m
}

func screen(m Model) string { return m.View().Content }

// checkScreen asserts the invariants every frame must keep: exactly h lines, each
// exactly w cells, and (colour off) no escape sequence at all.
func checkScreen(t *testing.T, m Model, w, h int, colour bool) {
	t.Helper()
	s := screen(m)
	lines := strings.Split(s, "\n")
	if len(lines) != h {
		t.Fatalf("screen has %d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if got := ansi.StringWidth(l); got != w {
			t.Fatalf("line %d is %d cells wide, want %d: %q", i, got, w, l)
		}
		if !colour && strings.ContainsAny(l, "\x1b\x07\u009b\ufffd") {
			t.Fatalf("line %d carries a control character: %q", i, l)
		}
	}
}

// golden compares got with ui/testdata/name.golden; -update rewrites it.
func golden(t *testing.T, name, got string) {
	t.Helper()
	// Trailing spaces are part of the screen, but invisible in a diff: mark line ends.
	got = strings.ReplaceAll(got, "\n", "|\n") + "|\n"
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read %s (run go test ./ui -update to create it): %v", path, err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the golden file (run go test ./ui -update after checking):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}
