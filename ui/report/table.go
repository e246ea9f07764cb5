package report

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// maxPad is the widest column that gets padded. Padding lines the pipes up for someone
// reading the raw file in a terminal; a column wider than this would make every row as
// wide as its longest value, so it is left ragged, and so are the columns after it,
// which could not line up any more.
const maxPad = 60

// table collects a GFM table so its columns can be padded before it is written. Cells
// must already be escaped.
type table struct {
	head  []string
	right []bool // right-aligned columns (counts)
	rows  [][]string
}

func newTable(head ...string) *table {
	return &table{head: head, right: make([]bool, len(head))}
}

func (t *table) add(cells ...string) { t.rows = append(t.rows, cells) }

// table writes t; a row with the wrong number of cells is padded or cut, so the
// document's structure never depends on a caller's arithmetic.
func (w *writer) table(t *table) {
	n := len(t.head)
	width := make([]int, n)
	for i, h := range t.head {
		width[i] = max(3, cellWidth(h))
	}
	for _, r := range t.rows {
		for i := 0; i < n && i < len(r); i++ {
			width[i] = max(width[i], cellWidth(r[i]))
		}
	}
	for i := range width {
		if width[i] > maxPad {
			clear(width[i:])
			break
		}
	}
	pad := func(s string, i int) string {
		gap := width[i] - cellWidth(s)
		if gap <= 0 {
			return s
		}
		if t.right[i] {
			return strings.Repeat(" ", gap) + s
		}
		return s + strings.Repeat(" ", gap)
	}
	writeRow := func(cells []string) {
		out := make([]string, n)
		for i := range out {
			if i < len(cells) {
				out[i] = pad(cells[i], i)
			} else {
				out[i] = pad("", i)
			}
		}
		w.line("| ", strings.Join(out, " | "), " |")
	}
	writeRow(t.head)
	delim := make([]string, n)
	for i := range delim {
		d := max(3, width[i])
		if t.right[i] {
			delim[i] = strings.Repeat("-", d-1) + ":"
		} else {
			delim[i] = strings.Repeat("-", d)
		}
	}
	w.line("| ", strings.Join(delim, " | "), " |")
	for _, r := range t.rows {
		writeRow(r)
	}
	w.line()
}

// cellWidth is a cell's width in terminal columns. A cell many times longer than maxPad
// in bytes is too wide to pad whatever its runes, and measuring a clipped 10 000-character
// value rune by rune for every row is the slowest thing the report would do.
func cellWidth(s string) int {
	if len(s) > 8*maxPad {
		return maxPad + 1
	}
	return ansi.StringWidth(s)
}
