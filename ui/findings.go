package ui

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/envdiff/envdiff/diff"
)

// mark says how a finding changed since the previous poll.
type mark int

const (
	markNone mark = iota
	markNew
	markResolved // present at the previous poll, gone now; kept visible until the next
	// markUnread is a finding of the previous poll that is gone from a poll which did not
	// read every environment completely: it may be fixed or merely unseen, so it is not
	// called resolved.
	markUnread
)

// item is a finding prepared for drawing: its strings sanitised once, and a lower-case
// haystack for the filter, so neither costs anything per frame or per keystroke.
type item struct {
	f     *diff.Finding
	id    string
	check string
	env   string
	node  string
	msg   string
	hay   string
	mask  uint64 // runeMask(hay)
	mark  mark
	cat   diff.Category
}

// lastCategory is the highest diff.Category; arrays indexed by category size to it.
const lastCategory = diff.CatTargetOnly

// groupOrder is the order groups are shown in: what broke first, then failures new in
// the target (never tested), then what was broken before, then the rest.
func groupOrder() [6]diff.Category {
	return [...]diff.Category{
		diff.CatRegression, diff.CatTargetOnly, diff.CatEverywhere, diff.CatParity, diff.CatUnknown, diff.CatBaseline,
	}
}

func newItem(f *diff.Finding, m mark) item {
	it := item{
		f:     f,
		id:    f.ID(),
		check: clean(f.Check),
		env:   clean(f.Env),
		node:  clean(f.Node),
		msg:   clean(f.Message),
		mark:  m,
		cat:   f.Category,
	}
	if it.cat < diff.CatRegression || it.cat > lastCategory {
		it.cat = diff.CatUnknown // an engine bug must not hide a finding
	}
	it.hay = strings.ToLower(it.check + " " + it.node + " " + it.msg + " " + it.env)
	it.mask = runeMask(it.hay)
	return it
}

// row is one line of the findings list: a group header or a finding.
type row struct {
	group bool
	cat   diff.Category
	item  int // index into items, for finding rows
}

// findingsPane is the grouped, filterable list of findings. It only ever draws the rows
// that fit its height, so the list length does not affect frame time.
type findingsPane struct {
	keys       findingsKeys
	filterKeys filterKeys

	items  []item
	rows   []row
	counts [lastCategory + 1]int // shown per group, after filters
	shown  int

	// Totals of the current poll, filters aside, for the header; counted once per
	// poll, not per frame.
	totals    [lastCategory + 1]int
	newN      int
	resolvedN int
	unreadN   int

	cursor int // index into rows of the selected finding; -1 when none is shown
	offset int // first row drawn
	width  int
	height int

	input     textinput.Model
	filtering bool
	query     string
	floor     diff.Severity
	envs      []string
	envFocus  int // index into envs; -1 shows every environment
	checkW    int // the widest check id, so ids are not cut when there is room

	// fuzzy caches which items match query. A query that extends the previous one
	// (the user typed another character) can only match fewer items, so only the
	// previous matches are tested again: typing stays fast at 100 000 findings.
	fuzzyFor string
	fuzzyOK  []bool
	// Above asyncFilterMin findings the matching runs in a command; filterSeq drops
	// answers to a query (or an item set) that has changed since.
	filterSeq int
	inflight  string
}

// asyncFilterMin is the number of findings from which filtering leaves the update loop.
const asyncFilterMin = 20_000

// filterDoneMsg carries which items match query.
type filterDoneMsg struct {
	seq   int
	query string
	ok    []bool
}

func newFindingsPane() findingsPane {
	in := textinput.New()
	in.Prompt = ""
	in.CharLimit = 200
	return findingsPane{
		keys:       newFindingsKeys(),
		filterKeys: newFilterKeys(),
		input:      in,
		cursor:     -1,
		envFocus:   -1,
	}
}

// SetSize gives the pane its rectangle, title line included.
func (p *findingsPane) SetSize(w, h int) {
	p.width, p.height = w, h
	p.scrollToCursor()
}

// SetItems replaces the findings, keeping the selection on the same finding when it is
// still there, so a watch poll does not yank the cursor away.
func (p *findingsPane) SetItems(items []item, envs []string) {
	var keep string
	if it := p.Selected(); it != nil {
		keep = it.id
	}
	focused := p.envName()
	p.items = items
	p.fuzzyOK, p.fuzzyFor, p.inflight = nil, "", ""
	p.filterSeq++
	p.envs = envs
	// The focus follows the environment's name, not its place in the list.
	p.envFocus = slices.Index(envs, focused)
	if focused == "" {
		p.envFocus = -1
	}
	p.checkW = 0
	p.totals, p.newN, p.resolvedN, p.unreadN = [lastCategory + 1]int{}, 0, 0, 0
	seen := map[string]bool{}
	for i := range items {
		switch items[i].mark {
		case markResolved:
			p.resolvedN++
			continue
		case markUnread:
			p.unreadN++
			continue
		case markNew:
			p.newN++
		}
		p.totals[items[i].cat]++
	}
	for i := range items {
		if c := items[i].check; !seen[c] {
			seen[c] = true
			p.checkW = max(p.checkW, ansi.StringWidth(c))
		}
	}
	p.rebuild(keep)
}

// Selected is the finding under the cursor, or nil.
func (p *findingsPane) Selected() *item {
	if p.cursor < 0 || p.cursor >= len(p.rows) || p.rows[p.cursor].group {
		return nil
	}
	return &p.items[p.rows[p.cursor].item]
}

// keyMap is what the help line shows for this pane's current mode.
func (p *findingsPane) keyMap() help.KeyMap {
	if p.filtering {
		return p.filterKeys
	}
	return p.keys
}

func (p *findingsPane) envName() string {
	if p.envFocus < 0 || p.envFocus >= len(p.envs) {
		return ""
	}
	return p.envs[p.envFocus]
}

// refreshFuzzy brings fuzzyOK up to date with query when that is cheap; for large
// lists filterCmd does it off the update loop and the list shows the last answer
// meanwhile.
func (p *findingsPane) refreshFuzzy() {
	if p.query == "" {
		p.fuzzyOK, p.fuzzyFor = nil, ""
		return
	}
	if p.fuzzyOK != nil && p.fuzzyFor == p.query || len(p.items) >= asyncFilterMin {
		return
	}
	p.fuzzyOK, p.fuzzyFor = matchItems(p.items, p.query, p.fuzzyOK, p.fuzzyFor), p.query
}

// matchItems returns which items match query. When query extends prevQuery only the
// previous matches are tested. It never writes to items or prev, so it may run in a
// command while the model goes on.
func matchItems(items []item, query string, prev []bool, prevQuery string) []bool {
	narrowing := prev != nil && len(prev) == len(items) && strings.HasPrefix(query, prevQuery)
	ok := make([]bool, len(items))
	q := newFuzzyQuery(query)
	for i := range items {
		if narrowing && !prev[i] {
			continue
		}
		ok[i] = q.match(items[i].hay, items[i].mask)
	}
	return ok
}

// filterCmd starts matching the current query in a command when the list is too long
// to match inside Update; nil when nothing needs doing.
func (p *findingsPane) filterCmd() tea.Cmd {
	if p.query == "" || len(p.items) < asyncFilterMin || p.fuzzyFor == p.query && p.fuzzyOK != nil || p.inflight == p.query {
		return nil
	}
	p.filterSeq++
	p.inflight = p.query
	seq, items, query, prev, prevQuery := p.filterSeq, p.items, p.query, p.fuzzyOK, p.fuzzyFor
	return func() tea.Msg {
		return filterDoneMsg{seq: seq, query: query, ok: matchItems(items, query, prev, prevQuery)}
	}
}

// applyFilter takes in a filter answer unless the query or the items changed since.
func (p *findingsPane) applyFilter(msg filterDoneMsg) {
	if msg.seq != p.filterSeq {
		return
	}
	p.inflight = ""
	p.fuzzyOK, p.fuzzyFor = msg.ok, msg.query
	p.rebuild(p.selectedID())
}

// filterPending reports whether the list still shows the answer to an older query.
func (p *findingsPane) filterPending() bool {
	return p.query != "" && (p.fuzzyOK == nil || p.fuzzyFor != p.query)
}

func (p *findingsPane) keep(i int) bool {
	it := &p.items[i]
	if it.f.Severity < p.floor {
		return false
	}
	if env := p.envName(); env != "" && it.f.Env != env {
		return false
	}
	return p.fuzzyOK == nil || i >= len(p.fuzzyOK) || p.fuzzyOK[i]
}

// rebuild recomputes the visible rows after the items, filter, floor or focus changed.
func (p *findingsPane) rebuild(keepID string) {
	p.refreshFuzzy()
	var groups [lastCategory + 1][]int
	for i := range p.items {
		if p.keep(i) {
			c := p.items[i].cat
			groups[c] = append(groups[c], i)
		}
	}
	oldCursor := p.cursor
	// A new slice, not rows[:0]: copies of the model taken before this change (tea
	// models are values) must keep the rows they were drawn with.
	p.rows = make([]row, 0, len(p.rows))
	p.shown = 0
	p.cursor = -1
	for _, c := range groupOrder() {
		p.counts[c] = len(groups[c])
		p.shown += len(groups[c])
		// The four main groups always show, even empty: "Regressions (0)" is an answer.
		if (c == diff.CatBaseline || c == diff.CatTargetOnly) && len(groups[c]) == 0 {
			continue
		}
		p.rows = append(p.rows, row{group: true, cat: c})
		for _, i := range groups[c] {
			if keepID != "" && p.cursor < 0 && p.items[i].id == keepID {
				p.cursor = len(p.rows)
			}
			p.rows = append(p.rows, row{cat: c, item: i})
		}
	}
	if p.cursor < 0 {
		p.cursor = p.nearestFinding(clamp(oldCursor, 0, len(p.rows)-1), +1)
	}
	if p.cursor < 0 {
		p.cursor = p.nearestFinding(len(p.rows)-1, -1)
	}
	if p.cursor <= p.firstFinding() {
		p.offset = 0
	}
	p.scrollToCursor()
}

func (p *findingsPane) firstFinding() int {
	for i, r := range p.rows {
		if !r.group {
			return i
		}
	}
	return -1
}

// nearestFinding is the first finding row from i in direction dir, or -1.
func (p *findingsPane) nearestFinding(i, dir int) int {
	for ; i >= 0 && i < len(p.rows); i += dir {
		if !p.rows[i].group {
			return i
		}
	}
	return -1
}

func (p *findingsPane) listHeight() int {
	h := p.height - 1 // title
	if p.filtering || p.query != "" {
		h--
	}
	return max(h, 1)
}

func (p *findingsPane) scrollToCursor() {
	h := p.listHeight()
	if p.cursor < 0 {
		p.offset = 0
		return
	}
	// Keep the group header in view when the cursor sits on its first finding.
	top := p.cursor
	if top > 0 && p.rows[top-1].group {
		top--
	}
	if top < p.offset {
		p.offset = top
	}
	if p.cursor >= p.offset+h {
		p.offset = p.cursor - h + 1
	}
	p.offset = clamp(p.offset, 0, max(len(p.rows)-h, 0))
}

func (p *findingsPane) move(n int) {
	if p.cursor < 0 {
		return
	}
	dir := 1
	if n < 0 {
		dir, n = -1, -n
	}
	for ; n > 0; n-- {
		next := p.nearestFinding(p.cursor+dir, dir)
		if next < 0 {
			break
		}
		p.cursor = next
	}
	if dir < 0 && p.cursor == p.firstFinding() {
		p.offset = 0
	}
	p.scrollToCursor()
}

// Update handles a key meant for this pane. It reports whether the user asked to open
// the evidence of the selected finding.
func (p findingsPane) Update(msg tea.KeyPressMsg) (findingsPane, tea.Cmd, bool) {
	if p.filtering {
		switch {
		case key.Matches(msg, p.filterKeys.Cancel):
			p.filtering = false
			p.input.Blur()
			p.input.Reset()
			p.query = ""
			p.rebuild(p.selectedID())
			return p, nil, false
		case key.Matches(msg, p.filterKeys.Apply):
			p.filtering = false
			p.input.Blur()
			p.rebuild(p.selectedID())
			return p, nil, false
		}
		var cmd tea.Cmd
		p.input, cmd = p.input.Update(msg)
		if v := p.input.Value(); v != p.query {
			p.query = v
			// A long list is rebuilt when the filter command answers, not per key.
			if v == "" || len(p.items) < asyncFilterMin {
				p.rebuild(p.selectedID())
			}
		}
		return p, cmd, false
	}
	switch {
	case key.Matches(msg, p.keys.Up):
		p.move(-1)
	case key.Matches(msg, p.keys.Down):
		p.move(1)
	case key.Matches(msg, p.keys.PageUp):
		p.move(-p.listHeight())
	case key.Matches(msg, p.keys.PageDown):
		p.move(p.listHeight())
	case key.Matches(msg, p.keys.Top):
		p.cursor = p.firstFinding()
		p.offset = 0
	case key.Matches(msg, p.keys.Bottom):
		p.cursor = p.nearestFinding(len(p.rows)-1, -1)
		p.scrollToCursor()
	case key.Matches(msg, p.keys.Open):
		return p, nil, p.Selected() != nil
	case key.Matches(msg, p.keys.Filter):
		p.filtering = true
		p.input.SetValue(p.query)
		p.input.CursorEnd()
		return p, p.input.Focus(), false
	case key.Matches(msg, p.keys.Clear):
		if p.query != "" {
			p.query = ""
			p.input.Reset()
			p.rebuild(p.selectedID())
		}
	case key.Matches(msg, p.keys.Severity):
		p.floor = (p.floor + 1) % (diff.Critical + 1)
		p.rebuild(p.selectedID())
	case key.Matches(msg, p.keys.Env):
		p.cycleEnv()
	}
	return p, nil, false
}

// cycleEnv moves the environment focus: every environment, then each in turn. The
// paths view shares it.
func (p *findingsPane) cycleEnv() {
	p.envFocus++
	if p.envFocus >= len(p.envs) {
		p.envFocus = -1
	}
	p.rebuild(p.selectedID())
}

func (p *findingsPane) selectedID() string {
	if it := p.Selected(); it != nil {
		return it.id
	}
	return ""
}

// filterSummary names the active filters for the pane title.
func (p *findingsPane) filterSummary() string {
	var parts []string
	if p.floor > diff.Info {
		parts = append(parts, "≥ "+p.floor.String())
	}
	if env := p.envName(); env != "" {
		parts = append(parts, "env "+clean(env))
	}
	if p.query != "" && !p.filtering {
		parts = append(parts, "/"+clean(p.query))
	}
	return strings.Join(parts, " · ")
}

// View draws exactly p.height lines of p.width cells.
func (p *findingsPane) View(st *Styles, focused bool) string {
	w := p.width
	title := fmt.Sprintf("Findings %d/%d", p.shown, len(p.items))
	if p.filterPending() {
		title += " · filtering…"
	}
	if s := p.filterSummary(); s != "" {
		title += " · " + s
	}
	lines := make([]string, 0, p.height)
	titleStyle := st.PaneBlurred
	if focused {
		titleStyle = st.PaneTitle
	}
	lines = append(lines, titleStyle.Render(rule(title, w)))
	if p.filtering || p.query != "" {
		cursor := ""
		if p.filtering {
			cursor = "▏"
		}
		lines = append(lines, fit("/ "+clean(p.query)+cursor, w))
	}
	h := p.listHeight()
	envW := 4
	for _, e := range p.envs {
		envW = max(envW, min(ansi.StringWidth(clean(e)), 12))
	}
	checkW := clamp(p.checkW, 10, max(w/3, 10))
	for i := p.offset; i < len(p.rows) && i < p.offset+h; i++ {
		lines = append(lines, p.renderRow(st, i, w, envW, checkW, focused))
	}
	if len(p.items) == 0 {
		lines = append(lines, st.Dim.Render(fit("  no findings", w)))
	}
	return strings.Join(block(lines, w, p.height), "\n")
}

func (p *findingsPane) renderRow(st *Styles, i, w, envW, checkW int, focused bool) string {
	r := p.rows[i]
	if r.group {
		label := r.cat.String() + " (" + strconv.Itoa(p.counts[r.cat]) + ")"
		if p.counts[r.cat] == 0 {
			return st.Dim.Render(fit(label, w))
		}
		return st.Group.Render(fit(label, w))
	}
	it := &p.items[r.item]
	selected := i == p.cursor
	cur := "  "
	if selected {
		cur = "▸ "
	}
	node := it.node
	switch it.mark {
	case markNew:
		node = "[new] " + node
	case markResolved:
		node = "[resolved] " + node
	case markUnread:
		node = "[unread] " + node
	}
	restW := max(w-2-5-checkW-1-envW-1, 0)
	text := fit(it.check, checkW) + " " + fit(it.env, envW) + " " + fit(node, restW)
	if selected && focused {
		return cur + badge(it.f.Severity) + " " + st.Selected.Render(text)
	}
	line := cur + st.badge(it.f.Severity) + " "
	switch it.mark {
	case markResolved:
		return line + st.Resolved.Render(text)
	case markUnread:
		return line + st.Dim.Render(text)
	case markNew:
		return line + st.New.Render(text)
	}
	return line + text
}
