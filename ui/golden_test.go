package ui

import (
	"fmt"
	"testing"
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
