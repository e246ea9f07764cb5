// Package report renders a diff.Result as the documents a reviewer keeps: a markdown
// report for a pull request or an incident channel, and the JSON report of checks.md for
// programs. Computing findings is the diff engine's job; this package only presents them.
package report

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/envdiff/envdiff/diff"
	"github.com/envdiff/envdiff/internal/textutil"
)

// Defaults for the zero Options.
const (
	defaultFoldThreshold = 10
	defaultMaxValueLen   = 300
)

// CheckDoc is what the report says about a check beyond its id: why it matters and how
// to fix a failure.
type CheckDoc struct {
	Title       string
	Explanation string
	Fix         string
}

// Options tune the markdown report. The zero value is ready to use.
type Options struct {
	// Title replaces the default "envdiff report: <target>".
	Title string
	// Now is the time shown when the Result carries none; nil means time.Now.
	Now func() time.Time
	// FoldThreshold: a section other than Regressions with more entries than this is
	// folded in <details>. Zero means 10; negative never folds.
	FoldThreshold int
	// MaxValueLen clips each value from AWS to this many characters (the JSON report
	// keeps the whole). Zero means 300; negative never clips.
	MaxValueLen int
	// Lookup explains a check id; nil means the diff engine's own catalogue.
	Lookup func(check string) (CheckDoc, bool)
}

func (o Options) withDefaults() Options {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.FoldThreshold == 0 {
		o.FoldThreshold = defaultFoldThreshold
	}
	if o.MaxValueLen == 0 {
		o.MaxValueLen = defaultMaxValueLen
	}
	if o.Lookup == nil {
		o.Lookup = engineLookup
	}
	return o
}

// Markdown renders the report. It reads well rendered by GitHub and raw in a terminal:
// plain GFM tables and lists, no HTML but the <details> that fold long sections, and
// every string that came from AWS escaped.
func Markdown(res *diff.Result, opts Options) ([]byte, error) {
	if res == nil {
		return nil, fmt.Errorf("markdown report: no result to render")
	}
	w := &writer{opts: opts.withDefaults(), res: res}
	w.header()
	w.summary()
	groups := groupByCategory(res.Findings)
	for _, sec := range w.sections() {
		if sec.detailed {
			w.detailed(sec.cat, groups[sec.cat], sec.cat != diff.CatRegression, sec.intro)
		} else {
			w.compact(sec.cat, groups[sec.cat], sec.intro)
		}
	}
	w.collection()
	w.ignored()
	return bytes.TrimRight(w.buf.Bytes(), "\n"), nil
}

// writer accumulates the document; its methods are the report's sections in order.
type writer struct {
	opts Options
	res  *diff.Result
	buf  bytes.Buffer
}

func (w *writer) line(parts ...string) {
	for _, p := range parts {
		w.buf.WriteString(p)
	}
	w.buf.WriteByte('\n')
}

// esc clips and escapes one untrusted value.
func (w *writer) esc(s string) string {
	return EscapeMarkdown(clip(textutil.Sanitize(s), w.opts.MaxValueLen))
}

// prose escapes a sentence (a message, an explanation): it may quote values from AWS,
// so it is escaped like them, but clipped later, since sentences run longer than names.
func (w *writer) prose(s string) string {
	max := w.opts.MaxValueLen
	if max > 0 {
		max *= 4
	}
	return EscapeMarkdown(clip(textutil.Sanitize(s), max))
}

func (w *writer) escList(names []string) string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = w.esc(n)
	}
	return strings.Join(out, ", ")
}

func (w *writer) header() {
	title := w.opts.Title
	if title == "" {
		title = "envdiff report: " + w.res.Target
	}
	w.line("# ", w.esc(title))
	w.line()
	at := w.res.GeneratedAt
	if at.IsZero() {
		at = w.opts.Now()
	}
	baselines := w.escList(w.res.Baselines)
	if baselines == "" {
		baselines = "none"
	}
	w.line("- **Target:** ", w.esc(w.res.Target))
	w.line("- **Compared with:** ", baselines)
	w.line("- **Generated:** ", at.UTC().Format("2006-01-02 15:04:05 UTC"))
	w.line("- **Verdict:** ", w.verdict())
	w.line()
}

// verdict is the one line a reviewer reads before deciding whether to read on.
func (w *writer) verdict() string {
	counts := map[diff.Category]int{}
	for _, f := range w.res.Findings {
		counts[f.Category]++
	}
	var parts []string
	if n := counts[diff.CatRegression]; n > 0 {
		parts = append(parts, plural(n, "regression", "regressions"))
	} else {
		parts = append(parts, "no regressions")
	}
	if n := counts[diff.CatTargetOnly]; n > 0 {
		parts = append(parts, fmt.Sprintf("%d failing on untested nodes", n))
	}
	if n := counts[diff.CatEverywhere]; n > 0 {
		parts = append(parts, fmt.Sprintf("%d failing everywhere", n))
	}
	if n := counts[diff.CatParity]; n > 0 {
		parts = append(parts, plural(n, "parity difference", "parity differences"))
	}
	s := strings.Join(parts, ", ") + "; "
	var incomplete []string
	for _, e := range w.res.Environments {
		if !e.Complete {
			incomplete = append(incomplete, w.esc(e.Name))
		}
	}
	if len(incomplete) == 0 {
		return s + "every environment was read completely."
	}
	return s + "collection incomplete in " + strings.Join(incomplete, ", ") + " (what was not read is unknown)."
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

var severitiesDesc = []diff.Severity{diff.Critical, diff.High, diff.Medium, diff.Low, diff.Info}

// section is one category's place in the report. Check failures in the target are
// detailed (values, message, fix); the rest are one table row per finding.
type section struct {
	cat      diff.Category
	detailed bool
	intro    string
}

// sections lists the report's finding sections in order: what breaks the target first.
// A category the engine adds later still gets a section (compact, at the end), so no
// finding is ever dropped from the report.
func (w *writer) sections() []section {
	target := w.esc(w.res.Target)
	secs := []section{
		{diff.CatRegression, true, "Checks that fail in " + target + " and hold in every passed environment that has the same node."},
		{diff.CatTargetOnly, true, "Checks that fail in " + target + " on nodes no passed environment has: new, so never tested."},
		{diff.CatEverywhere, true, "Checks that fail in " + target + " and in passed environments too: a problem that predates this release."},
		{diff.CatParity, false, "Nodes and attributes that are the same in every passed environment and differ in " + target + "."},
		{diff.CatUnknown, false, "What a failed collector would have read is unknown, not missing: nothing is reported absent because of it."},
		{diff.CatBaseline, false, "Checks that fail in a passed environment only."},
	}
	known := map[diff.Category]bool{}
	for _, s := range secs {
		known[s.cat] = true
	}
	var extra []diff.Category
	for _, f := range w.res.Findings {
		if !known[f.Category] {
			known[f.Category] = true
			extra = append(extra, f.Category)
		}
	}
	sort.Slice(extra, func(i, j int) bool { return extra[i] < extra[j] })
	for _, c := range extra {
		secs = append(secs, section{c, false, "Other findings."})
	}
	return secs
}

func (w *writer) summary() {
	w.line("## Summary")
	w.line()
	head := []string{"category"}
	for _, s := range severitiesDesc {
		head = append(head, s.String())
	}
	t := newTable(append(head, "total")...)
	for i := 1; i < len(t.right); i++ {
		t.right[i] = true
	}
	totals := make([]int, len(severitiesDesc)+1)
	for _, sec := range w.sections() {
		counts := make([]int, len(severitiesDesc)+1)
		for _, f := range w.res.Findings {
			if f.Category != sec.cat {
				continue
			}
			for i, s := range severitiesDesc {
				if f.Severity == s {
					counts[i]++
				}
			}
			counts[len(severitiesDesc)]++
		}
		cells := []string{sec.cat.String()}
		for i, n := range counts {
			cells = append(cells, fmt.Sprint(n))
			totals[i] += n
		}
		t.add(cells...)
	}
	cells := []string{"**total**"}
	for _, n := range totals {
		cells = append(cells, fmt.Sprintf("**%d**", n))
	}
	t.add(cells...)
	w.table(t)
}

func groupByCategory(fs []diff.Finding) map[diff.Category][]diff.Finding {
	g := map[diff.Category][]diff.Finding{}
	for _, f := range fs {
		g[f.Category] = append(g[f.Category], f)
	}
	return g
}

// fold opens a <details> block when a section is long; the returned func closes it.
// The summary is our own text, never a value from AWS.
func (w *writer) fold(n int, summary string) func() {
	if w.opts.FoldThreshold < 0 || n <= w.opts.FoldThreshold {
		return func() {}
	}
	w.line("<details>")
	w.line("<summary>", summary, "</summary>")
	w.line()
	return func() {
		w.line("</details>")
		w.line()
	}
}
