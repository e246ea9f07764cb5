package ui

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/envdiff/envdiff/collect"
)

// serviceOrder is the order services are listed in, whatever order events arrive in.
var serviceOrder = []string{
	collect.ServiceRoute53, collect.ServiceCloudFront, collect.ServiceACM,
	collect.ServiceELBv2, collect.ServiceServiceDiscovery,
}

// envLevelService labels the row of an environment that failed before any service was
// read: the only such failure is fetching its credentials.
const envLevelService = "credentials"

func serviceRank(s string) int {
	if i := slices.Index(serviceOrder, s); i >= 0 {
		return i
	}
	return len(serviceOrder)
}

// collector is the last known state of one environment × service × region.
type collector struct {
	env, service, region string
	phase                string
	calls, items         int
	elapsed              time.Duration
	started              time.Time // when the UI saw it start, for a live clock
	err                  *collect.CollectError
	sharedWith           string // the environment whose read this one reuses
}

// collectionPane shows the collectors of the running (or last) refresh, one row per
// environment × service, with the errors as they happen.
type collectionPane struct {
	keys       scrollKeys
	envs       []string // in order of first appearance
	collectors []collector
	errors     []string // sanitised, in arrival order
	started    time.Time
	finished   time.Time
	width      int
	height     int
	offset     int
}

func newCollectionPane() collectionPane {
	return collectionPane{keys: newScrollKeys("esc", "c")}
}

// reset starts a new refresh. Slices are replaced, not truncated, because earlier
// copies of the model may still share the old backing arrays.
func (p *collectionPane) reset(now time.Time) {
	p.envs = nil
	p.collectors = nil
	p.errors = nil
	p.started = now
	p.finished = time.Time{}
	p.offset = 0
}

func (p *collectionPane) SetSize(w, h int) { p.width, p.height = w, h }

// apply records one progress event.
func (p *collectionPane) apply(ev collect.Event, now time.Time) {
	if !slices.Contains(p.envs, ev.Env) {
		p.envs = append(slices.Clip(p.envs), ev.Env)
	}
	if ev.Service == "" {
		// An environment's own start and end bracket its collectors and are not one of
		// them; only its failure (credentials, before any service was read) is a row.
		if ev.Phase != collect.PhaseFailed {
			return
		}
		ev.Service = envLevelService
	}
	i := slices.IndexFunc(p.collectors, func(c collector) bool {
		return c.env == ev.Env && c.service == ev.Service && c.region == ev.Region
	})
	if i < 0 {
		p.collectors = append(slices.Clip(p.collectors), collector{
			env: ev.Env, service: ev.Service, region: ev.Region, started: now,
		})
		i = len(p.collectors) - 1
	} else {
		p.collectors = slices.Clone(p.collectors)
	}
	c := &p.collectors[i]
	c.phase = ev.Phase
	if ev.SharedWith != "" {
		c.sharedWith = ev.SharedWith
	}
	c.calls = max(c.calls, ev.Calls)
	c.items = max(c.items, ev.Items)
	if ev.Elapsed > 0 {
		c.elapsed = ev.Elapsed
	}
	if ev.Phase == collect.PhaseFailed && ev.Err != nil {
		e := *ev.Err
		c.err = &e
		where := strings.Trim(clean(ev.Env)+" "+clean(ev.Service)+" "+clean(ev.Region), " ")
		op := ""
		if e.Operation != "" {
			op = " " + clean(e.Operation)
		}
		p.errors = append(slices.Clip(p.errors), fmt.Sprintf("%s%s: %s: %s", where, op, clean(e.Kind), clean(e.Message)))
	}
}

// counts is how many collectors finished (done or failed) out of all seen.
func (p *collectionPane) counts() (finished, total int) {
	for _, c := range p.collectors {
		if c.phase == collect.PhaseDone || c.phase == collect.PhaseFailed {
			finished++
		}
	}
	return finished, len(p.collectors)
}

// aggregate is one drawn row: the regions of one environment × service together.
type aggregate struct {
	env, service  string
	regions       int
	running       bool
	failed        bool
	calls, items  int
	elapsed       time.Duration
	firstErrorMsg string
	sharedWith    string
}

func (p *collectionPane) rows(clock time.Time) []aggregate {
	var out []aggregate
	for _, env := range p.envs {
		var mine []aggregate
		for _, c := range p.collectors {
			if c.env != env {
				continue
			}
			j := slices.IndexFunc(mine, func(a aggregate) bool { return a.service == c.service })
			if j < 0 {
				mine = append(mine, aggregate{env: env, service: c.service})
				j = len(mine) - 1
			}
			a := &mine[j]
			a.regions++
			a.calls += c.calls
			a.items += c.items
			el := c.elapsed
			running := c.phase == collect.PhaseStarted || c.phase == collect.PhaseProgress
			if running && !clock.IsZero() && clock.Sub(c.started) > el {
				el = clock.Sub(c.started)
			}
			a.elapsed = max(a.elapsed, el)
			a.running = a.running || running
			if c.sharedWith != "" {
				a.sharedWith = c.sharedWith
			}
			if c.err != nil {
				a.failed = true
				if a.firstErrorMsg == "" {
					a.firstErrorMsg = clean(c.err.Kind) + ": " + clean(c.err.Message)
				}
			}
		}
		slices.SortStableFunc(mine, func(a, b aggregate) int { return serviceRank(a.service) - serviceRank(b.service) })
		out = append(out, mine...)
	}
	return out
}

// View draws exactly p.height lines. spin is the spinner's current frame.
func (p *collectionPane) View(st *Styles, spin string, clock time.Time, collecting bool) string {
	lines := p.lines(st, spin, clock, collecting)
	body := lines[1:]
	maxOff := max(len(body)-(p.height-1), 0)
	off := clamp(p.offset, 0, maxOff)
	visible := append([]string{lines[0]}, body[off:]...)
	return strings.Join(block(visible, p.width, p.height), "\n")
}

// lines is the whole content, title first.
func (p *collectionPane) lines(st *Styles, spin string, clock time.Time, collecting bool) []string {
	w := p.width
	done, total := p.counts()
	title := fmt.Sprintf("Collection %d/%d collectors", done, total)
	if collecting {
		title += " · ctrl+c cancels"
	}
	lines := []string{st.PaneTitle.Render(rule(title, w))}
	rows := p.rows(clock)
	envW := 4
	for _, e := range p.envs {
		envW = max(envW, min(len(clean(e)), 14))
	}
	for _, a := range rows {
		var state string
		switch {
		case a.failed:
			state = st.Fail.Render("✗")
		case a.running:
			state = spin
		default:
			state = st.OK.Render("✓")
		}
		regions := "1 region "
		if a.regions != 1 {
			regions = fmt.Sprintf("%d regions", a.regions)
		}
		text := fmt.Sprintf("%s %s %-16s %-9s %5d calls %6d items %6.1fs",
			state, fit(clean(a.env), envW), trunc(clean(a.service), 16), regions, a.calls, a.items, a.elapsed.Seconds())
		if a.sharedWith != "" {
			text += "  " + st.Dim.Render("read once with "+clean(a.sharedWith))
		}
		if a.firstErrorMsg != "" {
			text += "  " + st.Error.Render(a.firstErrorMsg)
		}
		lines = append(lines, fit(text, w))
	}
	if len(rows) == 0 {
		lines = append(lines, st.Dim.Render(fit("  waiting for the first collector…", w)))
	}
	if len(p.errors) > 0 {
		lines = append(lines, "", st.Group.Render(fmt.Sprintf("Errors (%d)", len(p.errors))))
		for _, e := range p.errors {
			for _, l := range wrap(e, max(w-2, 1)) {
				lines = append(lines, st.Error.Render("  "+l))
			}
		}
	}
	return lines
}

// scroll moves the view by n lines; View clamps it to the content.
func (p *collectionPane) scroll(n int) { p.offset = max(p.offset+n, 0) }
