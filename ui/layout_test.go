package ui

import (
	"slices"
	"strings"
	"testing"
)

// ansi.Wrap can leave a line one cell wider than asked when it ends in a breakpoint;
// fit then cut it with "…" and the evidence lost "/ alias" from a node path.
func TestWrapKeepsEveryCharacterWithinWidth(t *testing.T) {
	tests := []struct {
		name string
		wrap func(string, int) []string
		in   string
		w    int
		want []string
	}{
		{"cell, breakpoint at the limit", wrapCell, "≠ mydomain.com / distribution E3PRODEXAMPLE / alias www.mydomain.com", 27,
			[]string{"≠ mydomain.com /", "distribution E3PRODEXAMPLE", "/ alias www.mydomain.com"}},
		{"cell, host name broken at a dot", wrapCell, "staging.mydomain.com covered by *.mydomain.com", 22,
			[]string{"staging.mydomain.com", "covered by *.mydomain.", "com"}},
		{"text, breakpoint at the limit", wrap, "aaaa bbbb / cccc", 9, []string{"aaaa bbbb", "/ cccc"}},
		{"text, one long word", wrap, "arn:aws:elasticloadbalancing:eu-west-1", 10, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.wrap(tt.in, tt.w)
			for _, l := range got {
				if width(l) > tt.w {
					t.Errorf("line %q is %d cells, more than %d", l, width(l), tt.w)
				}
			}
			joined := strings.ReplaceAll(strings.Join(got, ""), " ", "")
			if joined != strings.ReplaceAll(tt.in, " ", "") {
				t.Errorf("text lost: %q from %q", got, tt.in)
			}
			if tt.want != nil && !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
