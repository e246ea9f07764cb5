package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/envdiff/envdiff/collect"
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
