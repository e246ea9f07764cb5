package ui

import (
	"fmt"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/envdiff/envdiff/collect"
)

// The seed-502 views at the sizes users meet: a common terminal and the smallest one
// we support. Colour is off, so the files are the text a user reads.
func TestGoldenViews(t *testing.T) {
	sizes := []struct{ w, h int }{{120, 40}, {80, 24}, {200, 50}}
	views := []struct {
		name string
		keys []string
	}{
		{"findings", nil},
		{"evidence", []string{"enter"}},
		{"paths", []string{"p"}},
		{"help", []string{"?"}},
	}
	for _, sz := range sizes {
		for _, v := range views {
			if sz.w == 200 && v.name != "findings" {
				continue // the wide layout only changes the findings screen
			}
			name := fmt.Sprintf("%s_%dx%d", v.name, sz.w, sz.h)
			t.Run(name, func(t *testing.T) {
				m := keys(seedModel(t, sz.w, sz.h), v.keys...)
				checkScreen(t, m, sz.w, sz.h, false)
				golden(t, name, screen(m))
			})
		}
	}
}

// The collection view mid-refresh: one row per environment × service, a failure as it
// happened, a live clock (fixed here).
func TestGoldenCollection(t *testing.T) {
	for _, sz := range []struct{ w, h int }{{120, 40}, {80, 24}} {
		name := fmt.Sprintf("collection_%dx%d", sz.w, sz.h)
		t.Run(name, func(t *testing.T) {
			m := NewModel(seedOptions())
			m, _ = step(m, tea.WindowSizeMsg{Width: sz.w, Height: sz.h})
			events := []collect.Event{
				{Env: "qa1", Service: collect.ServiceACM, Region: "us-east-1", Phase: collect.PhaseDone, Calls: 3, Items: 2, Elapsed: 1200 * time.Millisecond},
				{Env: "qa1", Service: collect.ServiceACM, Region: "eu-west-1", Phase: collect.PhaseProgress, Calls: 1, Items: 1, Elapsed: 400 * time.Millisecond},
				{Env: "qa1", Service: collect.ServiceRoute53, Region: "us-east-1", Phase: collect.PhaseDone, Calls: 5, Items: 4, Elapsed: 900 * time.Millisecond},
				{Env: "production", Service: collect.ServiceELBv2, Region: "eu-west-1", Phase: collect.PhaseFailed, Calls: 4, Elapsed: 2 * time.Second,
					Err: &collect.CollectError{Service: collect.ServiceELBv2, Region: "eu-west-1", Operation: "DescribeListeners", Kind: collect.ErrThrottled, Message: "Rate exceeded after 5 retries"}},
				{Env: "production", Service: collect.ServiceCloudFront, Region: "us-east-1", Phase: collect.PhaseStarted},
			}
			for _, ev := range events {
				m, _ = step(m, progressMsg{gen: m.gen, ev: ev})
			}
			checkScreen(t, m, sz.w, sz.h, false)
			golden(t, name, screen(m))
		})
	}
}
