package ui

import (
	"testing"

	"github.com/envdiff/envdiff/diff"
)

func TestValueRowMarksTheTarget(t *testing.T) {
	tests := []struct {
		name   string
		f      diff.Finding
		differ bool
	}{
		{"regression, target value unlike each", diff.Finding{Regression: true, Values: map[string]string{"qa1": "qa1 covered", "qa2": "qa2 covered", "production": "apex not covered"}}, true},
		{"regression, same value everywhere", diff.Finding{Regression: true, Values: map[string]string{"qa1": "a", "production": "a"}}, false},
		{"parity", diff.Finding{Category: diff.CatParity, Values: map[string]string{"qa1": "1", "production": "2"}}, true},
		{"everywhere, passed agree, target differs", diff.Finding{Category: diff.CatEverywhere, Values: map[string]string{"qa1": "x", "qa2": "x", "production": "y"}}, true},
		{"everywhere, passed disagree", diff.Finding{Category: diff.CatEverywhere, Values: map[string]string{"qa1": "qa1.x", "qa2": "qa2.x", "production": "y"}}, false},
		{"everywhere, all equal", diff.Finding{Category: diff.CatEverywhere, Values: map[string]string{"qa1": "x", "production": "x"}}, false},
		{"no target value", diff.Finding{Category: diff.CatEverywhere, Values: map[string]string{"qa1": "x"}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := newItem(&tt.f, markNone)
			rows := evidenceTable(evidenceInput{it: &it, target: "production"})
			if len(rows) != 1 || rows[0].Differs != tt.differ {
				t.Errorf("value row differs = %v, want %v", rows[0].Differs, tt.differ)
			}
		})
	}
}
