package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/envdiff/envdiff/collect"
	"github.com/envdiff/envdiff/diff"
)

// wideLayout is the width from which the findings list and the evidence sit side by
// side; below it they stack (the evidence table needs a column per environment).
const wideLayout = 160

const (
	headerLines = 2
	footerLines = 1
)

// layout is where the panes go at the current size.
type layout struct {
	bodyH        int
	wide         bool
	listW, listH int
	evW, evH     int
}

func (m *Model) layout() layout {
	l := layout{bodyH: max(m.height-headerLines-footerLines, 1)}
	w := m.width
	if w >= wideLayout {
		l.wide = true
		l.listW = w * 9 / 20
		l.evW = w - l.listW - 3
		l.listH, l.evH = l.bodyH, l.bodyH
		return l
	}
	l.listW, l.evW = w, w
	if m.evidenceFocus {
		l.evH = l.bodyH
		return l
	}
	want := len(m.list.rows) + 1
	if m.list.filtering || m.list.query != "" {
		want++
	}
	l.listH = clamp(want, min(4, l.bodyH), max(l.bodyH/2, 1))
	l.evH = l.bodyH - l.listH
	return l
}

// relayout hands the panes their sizes and clamps scroll offsets to the content, after
// every update, so View never has to correct state.
func (m *Model) relayout() {
	l := m.layout()
	m.list.SetSize(l.listW, max(l.listH, 2))
	m.evidence.SetSize(l.evW, l.evH)
	m.paths.SetSize(m.width, l.bodyH)
	m.coll.SetSize(m.width, l.bodyH)
	m.help.SetWidth(m.width)
	if m.view == viewFindings {
		m.evidence.clampTo(len(evidenceLines(&m.styles, m.evidenceInput(), l.evW)))
	}
	if m.view == viewPaths {
		m.paths.clampTo(len(pathsLines(&m.styles, m.pathsInput(), m.width)))
	}
	if m.view == viewCollection {
		n := len(m.coll.lines(&m.styles, "", m.clock, m.collecting)) - 1
		m.coll.offset = clamp(m.coll.offset, 0, max(n-(l.bodyH-1), 0))
	}
}

func (m *Model) evidenceInput() evidenceInput {
	in := evidenceInput{it: m.list.Selected()}
	if m.result != nil {
		in.target, in.baselines = m.result.Target, m.result.Baselines
	}
	if in.it != nil && m.opts.Explain != nil {
		in.doc, in.hasDoc = m.opts.Explain(in.it.f.Check)
	}
	if len(m.polls) > 0 {
		in.thisPoll = m.polls[len(m.polls)-1]
	}
	if len(m.polls) > 1 {
		in.prevPoll = m.polls[0]
	}
	if in.it == nil && m.list.shown == 0 && len(m.list.items) > 0 && !m.list.filterPending() {
		in.hidden = fmt.Sprintf("%d findings are hidden by %s (s, f, / change it)", len(m.list.items), m.list.filterSummary())
	}
	return in
}

// pathsInput puts the target first: the paths view exists to show where its path
// breaks, next to the environments where the same path works.
func (m *Model) pathsInput() pathsInput {
	in := pathsInput{paths: m.reqPaths}
	byName := map[string]*collect.Snapshot{}
	for _, s := range m.snaps {
		if s != nil {
			byName[s.Environment.Name] = s
		}
	}
	order := m.envOrder
	if m.result != nil && m.result.Target != "" {
		order = append([]string{m.result.Target}, order...)
		if focus := m.list.envName(); focus != "" {
			order = []string{m.result.Target, focus} // side by side with the target
		}
	}
	seen := map[string]bool{}
	for _, e := range order {
		if s, ok := byName[e]; ok && !seen[e] {
			seen[e] = true
			in.envs = append(in.envs, s)
		}
	}
	return in
}

// View draws the whole screen: header, the current view's body, footer.
func (m Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.WindowTitle = "envdiff"
	return v
}

func (m Model) render() string {
	st := &m.styles
	l := m.layout()
	lines := make([]string, 0, m.height)
	lines = append(lines, m.header()...)
	var body []string
	switch {
	case m.showHelp:
		body = m.helpBody(l.bodyH)
	case m.view == viewCollection:
		body = strings.Split(m.coll.View(st, m.spinner.View(), m.clock, m.collecting), "\n")
	case m.view == viewPaths:
		body = m.pathsBody()
	default:
		body = m.findingsBody(l)
	}
	lines = append(lines, block(body, m.width, l.bodyH)...)
	lines = append(lines, m.footer())
	return strings.Join(block(lines, m.width, m.height), "\n")
}

func (m *Model) header() []string {
	st := &m.styles
	w := m.width
	left := st.Title.Render("envdiff")
	if m.opts.Title != "" {
		left += " · " + clean(m.opts.Title)
	}
	if m.result != nil && m.result.Target != "" {
		left += " · " + clean(m.result.Target) + " vs " + clean(strings.Join(m.result.Baselines, ", "))
	}
	var right []string
	if m.collecting {
		done, total := m.coll.counts()
		right = append(right, m.spinner.View()+fmt.Sprintf(" collecting %d/%d", done, total))
	}
	if m.watchOn {
		right = append(right, "watch "+m.watchEvery.String())
	}
	if m.probeOn {
		right = append(right, "probes on")
	}
	if len(m.polls) > 0 {
		right = append(right, "polled "+m.polls[len(m.polls)-1].Format("15:04:05"))
	}
	r := strings.Join(right, " · ")
	gap := w - ansi.StringWidth(left) - ansi.StringWidth(r)
	line1 := left + strings.Repeat(" ", max(gap, 1)) + r
	if gap < 1 && r != "" {
		// The right side (collecting, watch, poll time) is live state; the title is
		// what gets cut when both do not fit.
		line1 = trunc(left, max(w-width(r)-1, 0)) + " " + r
	}
	var line2 string
	switch {
	case m.lastErr != nil:
		line2 = st.Error.Render("last refresh failed: " + clean(m.lastErr.Error()))
	case m.result == nil:
		line2 = st.Dim.Render("collecting snapshots…")
	default:
		line2 = m.summary()
	}
	return []string{fit(line1, w), fit(line2, w)}
}

// summary counts the current findings by group (filters aside) and what changed since
// the previous poll. When the full wording does not fit the width, short labels keep
// every count and the watch's verdict on screen rather than cutting them off.
func (m *Model) summary() string {
	if s := m.summaryText(false); width(s) <= m.width {
		return s
	}
	return m.summaryText(true)
}

func (m *Model) summaryText(short bool) string {
	st := &m.styles
	counts, newN, resolvedN := m.list.totals, m.list.newN, m.list.resolvedN
	label := func(long, brief string) string {
		if short {
			return brief
		}
		return long
	}
	var parts []string
	if short {
		parts = append(parts, fmt.Sprintf("%d regr", counts[diff.CatRegression]))
	} else {
		parts = append(parts, plural(counts[diff.CatRegression], "regression", "regressions"))
	}
	// Failing in the target on an untested node is as urgent as a regression to the
	// on-call engineer; it is counted whenever there is one, like its group.
	if n := counts[diff.CatTargetOnly]; n > 0 {
		parts = append(parts, fmt.Sprintf("%d %s", n, label("failing in target (untested)", "untested")))
	}
	parity := plural(counts[diff.CatParity], "parity difference", "parity differences")
	if short {
		parity = fmt.Sprintf("%d parity", counts[diff.CatParity])
	}
	parts = append(parts,
		fmt.Sprintf("%d %s", counts[diff.CatEverywhere], label("failing everywhere", "everywhere")),
		parity,
		fmt.Sprintf("%d unknown", counts[diff.CatUnknown]),
	)
	if counts[diff.CatRegression] > 0 {
		parts[0] = st.Fail.Render(parts[0])
	}
	// "0 regressions" over a half-read environment is not an all-clear: say which
	// environments were not read completely, right where the counts are.
	if inc := m.incompleteEnvs(); len(inc) > 0 {
		last := len(parts) - 1
		parts[last] = st.Error.Render(parts[last] + " (" + label("not read completely", "incomplete") + ": " + clean(strings.Join(inc, ", ")) + ")")
	}
	s := strings.Join(parts, " · ")
	if len(m.polls) > 1 {
		since := " │ since " + m.polls[0].Format("15:04:05") + ": "
		if short {
			since = " │ "
		}
		s += since + st.New.Render(fmt.Sprintf("%d new", newN)) + ", " +
			st.Resolved.Render(fmt.Sprintf("%d resolved", resolvedN))
		if n := m.list.unreadN; n > 0 {
			s += ", " + st.Dim.Render(fmt.Sprintf("%d unread", n))
		}
	}
	return s
}

// incompleteEnvs names the environments some collector failed for, in result order.
func (m *Model) incompleteEnvs() []string {
	if m.result == nil {
		return nil
	}
	var out []string
	for _, e := range m.result.Environments {
		if !e.Complete {
			out = append(out, e.Name)
		}
	}
	return out
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func (m *Model) findingsBody(l layout) []string {
	st := &m.styles
	ev := m.evidencePane()
	if l.wide {
		list := strings.Split(m.list.View(st, !m.evidenceFocus), "\n")
		return sideBySide(block(list, l.listW, l.bodyH), block(ev, l.evW, l.bodyH), st.Dim.Render(" │ "))
	}
	if l.listH == 0 {
		return ev
	}
	list := strings.Split(m.list.View(st, !m.evidenceFocus), "\n")
	return append(block(list, l.listW, l.listH), ev...)
}

func (m *Model) evidencePane() []string {
	st := &m.styles
	if m.evidenceFocus {
		return m.evidence.View("Evidence · ↑/↓ scroll · esc back", st.PaneTitle, evidenceLines(st, m.evidenceInput(), m.evidence.width))
	}
	return m.evidence.View("Evidence · enter", st.PaneBlurred, evidenceLines(st, m.evidenceInput(), m.evidence.width))
}

func (m *Model) pathsBody() []string {
	st := &m.styles
	title := "Request paths and service discovery · f environment · p back"
	if focus := m.list.envName(); focus != "" {
		title = "Request paths · the target and " + clean(focus) + " · f next · p back"
	}
	return m.paths.View(title, st.PaneTitle, pathsLines(st, m.pathsInput(), m.width))
}

// focusedKeys is the help of whatever has the keyboard.
func (m *Model) focusedKeys() (short []key.Binding, full [][]key.Binding) {
	switch {
	case m.view == viewCollection:
		return m.coll.keys.ShortHelp(), m.coll.keys.FullHelp()
	case m.view == viewPaths:
		env := m.list.keys.Env
		return append(m.paths.ShortHelp(), env), append(m.paths.FullHelp(), []key.Binding{env})
	case m.evidenceFocus:
		return m.evidence.ShortHelp(), m.evidence.FullHelp()
	}
	km := m.list.keyMap()
	return km.ShortHelp(), km.FullHelp()
}

func (m *Model) footer() string {
	st := &m.styles
	if m.status != "" {
		style := st.Status
		if m.statusErr {
			style = st.Error
		}
		return fit(style.Render(clean(m.status)), m.width)
	}
	short, _ := m.focusedKeys()
	if !m.list.filtering || m.view != viewFindings || m.evidenceFocus {
		short = append(short, m.keys.ShortHelp()...)
	}
	return fit(m.help.ShortHelpView(short), m.width)
}

func (m *Model) helpBody(h int) []string {
	st := &m.styles
	_, full := m.focusedKeys()
	out := []string{st.PaneTitle.Render(rule("Help · ? or esc closes", m.width))}
	out = append(out, strings.Split(m.help.FullHelpView(full), "\n")...)
	out = append(out, "")
	out = append(out, strings.Split(m.help.FullHelpView(m.keys.FullHelp()), "\n")...)
	out = append(out, "",
		"Marks: ✓ holds   ✗ fails   ? unknown (a collector failed)   ∅ missing",
		"       ≠ the target's value differs from the environments that passed",
		"       [new] / [resolved]: since the previous poll (r: poll now, w: on a timer)",
		"       [unread]: gone from a poll that did not read everything: fixed or unseen",
		"Groups: Regressions fail in the target and hold in every passed environment.")
	return block(out, m.width, h)
}
