package report

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/envdiff/envdiff/diff"
)

// checkID shows a check id as code when it is one of ours in shape; anything else is
// escaped like any other untrusted text, since a code span cannot escape a backtick.
var checkIDShape = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,63}$`)

func (w *writer) checkID(id string) string {
	if checkIDShape.MatchString(id) {
		return "`" + id + "`"
	}
	return orDash(w.esc(id))
}

// detailed renders each finding with its node, a table of values per environment, the
// message and the fix: for check failures, where the reviewer needs the whole story.
func (w *writer) detailed(cat diff.Category, fs []diff.Finding, foldable bool, intro string) {
	if len(fs) == 0 {
		return
	}
	w.line("## ", cat.String(), fmt.Sprintf(" (%d)", len(fs)))
	w.line()
	w.line(intro)
	w.line()
	closeFold := func() {}
	if foldable {
		closeFold = w.fold(len(fs), plural(len(fs), "finding", "findings"))
	}
	for i, f := range fs {
		w.finding(i+1, f)
	}
	closeFold()
}

func (w *writer) finding(n int, f diff.Finding) {
	doc, hasDoc := w.opts.Lookup(f.Check)
	heading := fmt.Sprintf("### %d. %s: %s", n, w.checkID(f.Check), f.Severity)
	if hasDoc && doc.Title != "" {
		heading += " · " + w.prose(doc.Title)
	}
	w.line(heading)
	w.line()
	w.line("- **Environment:** ", orDash(w.esc(f.Env)))
	w.line("- **Node:** ", orDash(w.esc(f.Node)))
	if f.Resource != "" {
		w.line("- **Resource:** ", w.esc(f.Resource))
	}
	if len(f.PassedIn) > 0 {
		w.line("- **Holds in:** ", w.escList(f.PassedIn))
	}
	w.line()
	w.valuesTable(f)
	w.line("**What fails:** ", orDash(w.prose(f.Message)))
	w.line()
	if hasDoc && doc.Explanation != "" {
		w.line("**Why it matters:** ", w.prose(doc.Explanation))
		w.line()
	}
	if hasDoc && doc.Fix != "" {
		w.line("**How to fix:** ", w.prose(doc.Fix))
		w.line()
	}
}

// valuesTable puts the finding's values and evidence side by side: one row per
// attribute, one column per environment, passed environments first and the target last
// so the odd one out is always at the right edge.
func (w *writer) valuesTable(f diff.Finding) {
	type row struct {
		label  string
		values map[string]string
	}
	var rows []row
	if len(f.Values) > 0 {
		rows = append(rows, row{"result", f.Values})
	}
	for _, e := range f.Evidence {
		label := e.Label
		if e.Differs {
			label += " (differs)"
		}
		rows = append(rows, row{label, e.Values})
	}
	if len(rows) == 0 {
		return
	}
	seen := map[string]bool{}
	for _, r := range rows {
		for env := range r.values {
			seen[env] = true
		}
	}
	envs := w.envOrder(seen)
	head := []string{"attribute"}
	for _, env := range envs {
		name := w.esc(env)
		if name == "" {
			name = "(unnamed)"
		}
		if env == w.res.Target {
			name = "**" + name + "** (target)"
		}
		head = append(head, name)
	}
	t := newTable(head...)
	for _, r := range rows {
		cells := []string{w.esc(r.label)}
		for _, env := range envs {
			v, ok := r.values[env]
			switch {
			case !ok:
				cells = append(cells, "—")
			case strings.TrimSpace(v) == "":
				cells = append(cells, "(empty)")
			default:
				cells = append(cells, w.esc(v))
			}
		}
		t.add(cells...)
	}
	w.table(t)
}

// envOrder lists the environments in seen: baselines in the Result's order, then any
// other name (sorted, so output is stable), then the target.
func (w *writer) envOrder(seen map[string]bool) []string {
	var out []string
	used := map[string]bool{w.res.Target: true}
	for _, b := range w.res.Baselines {
		if seen[b] && !used[b] {
			out = append(out, b)
			used[b] = true
		}
	}
	var others []string
	for env := range seen {
		if !used[env] {
			others = append(others, env)
		}
	}
	sort.Strings(others)
	out = append(out, others...)
	if seen[w.res.Target] {
		out = append(out, w.res.Target)
	}
	return out
}

// compact renders one table row per finding: for parity, unknown and baseline-only
// findings, which are many and short.
func (w *writer) compact(cat diff.Category, fs []diff.Finding, intro string) {
	if len(fs) == 0 {
		return
	}
	w.line("## ", cat.String(), fmt.Sprintf(" (%d)", len(fs)))
	w.line()
	w.line(intro)
	w.line()
	defer w.fold(len(fs), plural(len(fs), "finding", "findings"))()
	withValues := false
	for _, f := range fs {
		if len(f.Values) > 0 {
			withValues = true
		}
	}
	head := []string{"severity", "check", "environment", "node", "message"}
	if withValues {
		head = append(head, "values")
	}
	t := newTable(head...)
	for _, f := range fs {
		cells := []string{f.Severity.String(), w.checkID(f.Check), orDash(w.esc(f.Env)), orDash(w.esc(f.Node)), orDash(w.prose(f.Message))}
		if withValues {
			cells = append(cells, w.valueSummary(f.Values))
		}
		t.add(cells...)
	}
	w.table(t)
}

// valueSummary groups environments by value, "qa1, qa2: X · production: Y", so a
// parity row shows what the passed environments agree on and what the target has.
func (w *writer) valueSummary(values map[string]string) string {
	if len(values) == 0 {
		return "—"
	}
	seen := map[string]bool{}
	for env := range values {
		seen[env] = true
	}
	var order []string // distinct values in first-seen order
	byValue := map[string][]string{}
	for _, env := range w.envOrder(seen) {
		v := values[env]
		if _, ok := byValue[v]; !ok {
			order = append(order, v)
		}
		byValue[v] = append(byValue[v], env)
	}
	parts := make([]string, len(order))
	for i, v := range order {
		shown := w.esc(v)
		if shown == "" {
			shown = "(empty)"
		}
		parts[i] = w.escList(byValue[v]) + ": " + shown
	}
	return strings.Join(parts, " · ")
}
