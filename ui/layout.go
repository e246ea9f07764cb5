package ui

import (
	"slices"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/envdiff/envdiff/internal/textutil"
)

// clean is the one door through which text from AWS (or a snapshot file) reaches the
// screen.
func clean(s string) string { return textutil.Sanitize(s) }

// width is s's width in cells. Printable ASCII, the common case, is counted by length:
// every frame measures each line several times, and grapheme segmentation is most of
// a frame's cost otherwise.
func width(s string) int {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e {
			return ansi.StringWidth(s)
		}
	}
	return len(s)
}

// trunc cuts s (which may hold styling) to at most w cells, marking the cut with "…".
func trunc(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if width(s) <= w {
		return s
	}
	return ansi.Truncate(s, w, "…")
}

// fit makes s exactly w cells wide: cut with "…" or padded with spaces. Every line a
// pane draws goes through it, so no line can wrap and push the screen out of shape.
func fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	s = trunc(s, w)
	if n := width(s); n < w {
		s += strings.Repeat(" ", w-n)
	}
	return s
}

// wrap breaks plain text into lines of at most w cells, hard-breaking words that are
// longer than a line (ARNs, hostile names) so nothing overflows.
func wrap(s string, w int) []string {
	if w <= 0 {
		return nil
	}
	if s == "" {
		return []string{""}
	}
	return settle(strings.Split(ansi.Wrap(s, w, " /-"), "\n"), w)
}

// settle carries what overflows a wrapped line onto the next one. ansi.Wrap can leave a
// line one cell too wide when it ends in a breakpoint ("distribution E3PROD /" at
// the limit), and cutting it with "…" would drop text from the evidence.
func settle(lines []string, w int) []string {
	out := make([]string, 0, len(lines))
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if width(l) <= w {
			out = append(out, l)
			continue
		}
		head := strings.TrimRight(ansi.Truncate(l, w, ""), " ")
		tail := strings.TrimLeft(ansi.TruncateLeft(l, w, ""), " ")
		out = append(out, head)
		switch {
		case tail == "":
		case i+1 < len(lines) && width(tail)+1+width(lines[i+1]) <= w:
			lines[i+1] = tail + " " + lines[i+1]
		default:
			// Re-examined on the next turn: a tail may itself be too wide.
			lines = slices.Insert(lines, i+1, tail)
		}
	}
	return out
}

// block fits lines into a w×h rectangle: each line cut or padded to w, missing lines
// blank, extra lines dropped.
func block(lines []string, w, h int) []string {
	if h <= 0 {
		return nil
	}
	out := make([]string, h)
	blank := strings.Repeat(" ", max(w, 0))
	for i := range out {
		if i < len(lines) {
			out[i] = fit(lines[i], w)
		} else {
			out[i] = blank
		}
	}
	return out
}

// rule draws a pane title followed by a horizontal line to width w.
func rule(title string, w int) string {
	if w <= 0 {
		return ""
	}
	t := "── " + title + " "
	n := ansi.StringWidth(t)
	if n >= w {
		return trunc(t, w)
	}
	return t + strings.Repeat("─", w-n)
}

// sideBySide joins two equally tall blocks with a one-cell gutter.
func sideBySide(left, right []string, sep string) []string {
	n := max(len(left), len(right))
	out := make([]string, n)
	for i := range n {
		var l, r string
		if i < len(left) {
			l = left[i]
		}
		if i < len(right) {
			r = right[i]
		}
		out[i] = l + sep + r
	}
	return out
}

// clamp keeps v within [lo, hi]; hi below lo yields lo.
func clamp(v, lo, hi int) int {
	if v > hi {
		v = hi
	}
	if v < lo {
		v = lo
	}
	return v
}
