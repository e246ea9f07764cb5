package ui

import (
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/envdiff/envdiff/diff"
)

// CheckDoc is what the evidence pane says about a check: why it matters and how to fix
// it. The lead wires Options.Explain to diff.LookupCheck.
type CheckDoc struct {
	Title       string
	Explanation string
	Fix         string
}

// evidenceInput is everything the evidence of one finding is drawn from.
type evidenceInput struct {
	it        *item
	target    string
	baselines []string
	doc       CheckDoc
	hasDoc    bool
	prevPoll  time.Time
	thisPoll  time.Time
	// hidden says why nothing is selected when filters hide every finding.
	hidden string
}

// evidenceColumns orders the environments: passed ones as the result lists them, then
// the target, then any other environment the finding mentions (sorted, for stability).
func evidenceColumns(in evidenceInput) []string {
	f := in.it.f
	seen := map[string]bool{}
	var cols []string
	add := func(e string) {
		if e != "" && !seen[e] {
			seen[e] = true
			cols = append(cols, e)
		}
	}
	for _, b := range in.baselines {
		add(b)
	}
	add(in.target)
	var extra []string
	for e := range f.Values {
		if !seen[e] {
			extra = append(extra, e)
		}
	}
	for _, r := range f.Evidence {
		for e := range r.Values {
			if !seen[e] && !slices.Contains(extra, e) {
				extra = append(extra, e)
			}
		}
	}
	sort.Strings(extra)
	for _, e := range extra {
		add(e)
	}
	if len(cols) == 0 {
		add(f.Env)
	}
	return cols
}

// evidenceTable is the rows of the side-by-side table: Finding.Values first, then the
// engine's evidence rows.
func evidenceTable(in evidenceInput) []diff.EvidenceRow {
	f := in.it.f
	var rows []diff.EvidenceRow
	if len(f.Values) > 0 {
		r := diff.EvidenceRow{Label: "value", Values: f.Values}
		// A regression or parity finding says the target is the odd one out, so its
		// value is marked when no other environment has it; otherwise only a target
		// that differs from passed environments that agree among themselves is.
		oddOneOut := f.Regression || f.Category == diff.CatParity
		r.Differs = targetDiffers(f.Values, in.target) || oddOneOut && targetUnlikeEach(f.Values, in.target)
		rows = append(rows, r)
	}
	return append(rows, f.Evidence...)
}

// targetUnlikeEach reports whether the target's value equals no other environment's.
func targetUnlikeEach(values map[string]string, target string) bool {
	tv, ok := values[target]
	if !ok {
		return false
	}
	for e, v := range values {
		if e != target && v == tv {
			return false
		}
	}
	return true
}

// targetDiffers reports whether every other environment has one value and the target
// another. Names differ between environments on purpose, so a raw difference among
// the passed ones says nothing.
func targetDiffers(values map[string]string, target string) bool {
	tv, ok := values[target]
	if !ok {
		return false
	}
	var agreed string
	n := 0
	for e, v := range values {
		if e == target {
			continue
		}
		if n > 0 && v != agreed {
			return false
		}
		agreed = v
		n++
	}
	return n > 0 && agreed != tv
}

// evidenceLines renders the evidence of one finding for width w. Pure: the golden
// files pin it down.
func evidenceLines(st *Styles, in evidenceInput, w int) []string {
	if in.it == nil {
		if in.hidden != "" {
			// Empty groups under a focus or a floor read like an all-clear.
			return wrapLines(st.Dim.Render, "No finding selected: "+in.hidden, w)
		}
		return []string{st.Dim.Render("No finding selected.")}
	}
	it, f := in.it, in.it.f
	var out []string
	para := func(style func(...string) string, text string) {
		for _, l := range wrap(text, w) {
			out = append(out, style(l))
		}
	}
	head := st.badge(f.Severity) + " " + st.Title.Render(it.check)
	if f.Regression {
		head += " · " + st.Fail.Render("regression")
	}
	out = append(out, trunc(head, w))
	if in.hasDoc && in.doc.Title != "" {
		para(st.Dim.Render, clean(in.doc.Title))
	}
	switch it.mark {
	case markNew:
		out = append(out, st.New.Render(trunc("new at the poll of "+in.thisPoll.Format("15:04:05")+" (not there at "+in.prevPoll.Format("15:04:05")+")", w)))
	case markResolved:
		out = append(out, st.Resolved.Render(trunc("resolved at the poll of "+in.thisPoll.Format("15:04:05")+" (was there at "+in.prevPoll.Format("15:04:05")+")", w)))
	case markUnread:
		for _, l := range wrap("not seen at the poll of "+in.thisPoll.Format("15:04:05")+", which did not read every environment completely: fixed or unseen, unknown (was there at "+in.prevPoll.Format("15:04:05")+")", w) {
			out = append(out, st.Dim.Render(l))
		}
	}
	para(st.Label.Render, "env   "+it.env+" · severity "+f.Severity.String())
	para(plainText, "node  "+it.node)
	if len(f.PassedIn) > 0 {
		passed := make([]string, len(f.PassedIn))
		for i, p := range f.PassedIn {
			passed[i] = clean(p)
		}
		para(st.OK.Render, "holds in "+strings.Join(passed, ", "))
	}
	out = append(out, "")
	para(plainText, it.msg)
	if table := evidenceTable(in); len(table) > 0 {
		out = append(out, "")
		out = append(out, renderEvidenceTable(st, evidenceColumns(in), in.target, table, w)...)
	}
	if f.Resource != "" {
		out = append(out, "")
		para(st.Label.Render, "resource "+clean(f.Resource))
	}
	if in.hasDoc {
		if in.doc.Explanation != "" {
			out = append(out, "")
			para(plainText, "Why: "+clean(in.doc.Explanation))
		}
		if in.doc.Fix != "" {
			out = append(out, "")
			para(plainText, "Fix: "+clean(in.doc.Fix))
		}
	}
	return out
}

// plainText renders without a style, where a renderer takes a style's Render.
func plainText(s ...string) string { return strings.Join(s, "") }

// maxCellLines bounds how tall one table cell may wrap, so a hostile value cannot push
// everything else off the pane.
const maxCellLines = 4

// renderEvidenceTable draws one column per environment when they fit at a readable
// width, else one block per row with an environment per line.
func renderEvidenceTable(st *Styles, cols []string, target string, rows []diff.EvidenceRow, w int) []string {
	labelW := 6
	for _, r := range rows {
		labelW = max(labelW, min(ansi.StringWidth(clean(r.Label)), clamp(w/7, 8, 18)))
	}
	n := len(cols)
	colW := (w - labelW - 1 - n) / max(n, 1)
	cellText := func(r diff.EvidenceRow, env string) (string, bool) {
		v, ok := r.Values[env]
		if !ok {
			return "—", false
		}
		v = clean(v)
		if v == "" {
			v = `""`
		}
		return v, env == target && r.Differs
	}
	var out []string
	if colW >= 12 {
		head := fit("", labelW) + " "
		for _, e := range cols {
			name := clean(e)
			if e == target && ansi.StringWidth(name+" (target)") <= colW {
				name += " (target)"
			}
			head += st.Group.Render(fit(name, colW)) + " "
		}
		out = append(out, trunc(head, w))
		for _, r := range rows {
			cells := make([][]string, n)
			height := 1
			for i, e := range cols {
				text, differs := cellText(r, e)
				if differs {
					text = "≠ " + text
				}
				lines := wrapCell(text, colW)
				if len(lines) > maxCellLines {
					lines = lines[:maxCellLines]
					lines[maxCellLines-1] = trunc(lines[maxCellLines-1]+"…", colW)
				}
				for j := range lines {
					if differs {
						lines[j] = st.Differs.Render(fit(lines[j], colW))
					}
				}
				cells[i] = lines
				height = max(height, len(lines))
			}
			label := wrap(clean(r.Label), labelW)
			height = max(height, min(len(label), maxCellLines))
			for l := range height {
				line := ""
				if l < len(label) {
					line = st.Label.Render(fit(label[l], labelW))
				} else {
					line = fit("", labelW)
				}
				line += " "
				for i := range cols {
					cell := ""
					if l < len(cells[i]) {
						cell = cells[i][l]
					}
					line += fit(cell, colW) + " "
				}
				out = append(out, trunc(line, w))
			}
		}
		return out
	}
	envW := 4
	for _, e := range cols {
		envW = max(envW, min(ansi.StringWidth(clean(e)), 12))
	}
	for _, r := range rows {
		out = append(out, st.Label.Render(trunc(clean(r.Label), w)))
		for _, e := range cols {
			text, differs := cellText(r, e)
			prefix := "  " + fit(clean(e), envW) + " "
			if differs {
				prefix += "≠ "
			} else {
				prefix += "  "
			}
			for i, l := range wrap(text, max(w-ansi.StringWidth(prefix), 1)) {
				if i >= maxCellLines {
					break
				}
				p := prefix
				if i > 0 {
					p = strings.Repeat(" ", ansi.StringWidth(prefix))
				}
				if differs {
					out = append(out, st.Differs.Render(trunc(p+l, w)))
				} else {
					out = append(out, trunc(p+l, w))
				}
			}
		}
	}
	return out
}

// wrapCell wraps a table cell, preferring to break host names at their dots.
func wrapCell(s string, w int) []string {
	if w <= 0 {
		return nil
	}
	return settle(strings.Split(ansi.Wrap(s, w, " /-."), "\n"), w)
}

func wrapLines(render func(...string) string, text string, w int) []string {
	var out []string
	for _, l := range wrap(text, w) {
		out = append(out, render(l))
	}
	return out
}
