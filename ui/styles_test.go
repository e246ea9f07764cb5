package ui

import (
	"image/color"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

func TestBackgroundPicksTheTheme(t *testing.T) {
	opts := seedOptions()
	opts.NoColor = false
	m := NewModel(opts)
	m, _ = step(m, tea.WindowSizeMsg{Width: 120, Height: 40})
	m, _ = step(m, resultMsg{gen: m.gen, result: seedResult(), snaps: seedSnapshots(), at: fixedNow})
	if !m.isDark {
		t.Fatal("before the terminal answers, the theme must be dark")
	}
	dark := screen(m)
	if !strings.Contains(dark, "\x1b[") {
		t.Fatal("the colour theme drew no colour")
	}
	light, _ := step(m, tea.BackgroundColorMsg{Color: color.White})
	if light.isDark || screen(light) == dark {
		t.Error("a light background did not change the theme")
	}
	back, _ := step(light, tea.BackgroundColorMsg{Color: color.Black})
	if screen(back) != dark {
		t.Error("a dark background did not bring the dark theme back")
	}
	checkScreen(t, light, 120, 40, true)
}

func TestNoColorDrawsPlainText(t *testing.T) {
	m := seedModel(t, 120, 40) // seedOptions sets NoColor
	m, _ = step(m, tea.BackgroundColorMsg{Color: color.White})
	for _, ks := range [][]string{nil, {"enter"}, {"p"}, {"?"}, {"c"}} {
		if s := screen(keys(m, ks...)); strings.ContainsRune(s, '\x1b') {
			t.Errorf("keys %v: NO_COLOR output carries escape sequences", ks)
		}
	}
}

func TestThemeChangeKeepsTheSpinnerTurning(t *testing.T) {
	m := NewModel(seedOptions())
	tick := m.spinner.Tick() // in flight when the terminal answers
	m, _ = step(m, tea.BackgroundColorMsg{Color: color.White})
	before := m.spinner.View()
	m, cmd := step(m, tick)
	if cmd == nil || m.spinner.View() == before {
		t.Error("a tick sent before the theme changed was dropped: the spinner stopped")
	}
}
