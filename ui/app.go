// Package ui is the envdiff dashboard: a Bubble Tea program whose root model routes
// messages to panes (collection, findings, evidence, paths) and owns focus. Collection
// and analysis run in commands, never in Update; their answers carry the generation of
// the refresh that asked, so a stale answer is dropped.
package ui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/envdiff/envdiff/collect"
	"github.com/envdiff/envdiff/diff"
)

// Options configures the dashboard. Collect is the only required field.
type Options struct {
	// Collect takes the snapshots. It runs in a command; progress may be called from
	// any goroutine until Collect returns.
	Collect  func(ctx context.Context, progress func(collect.Event)) ([]*collect.Snapshot, error)
	Analyze  func([]*collect.Snapshot) (*diff.Result, error)
	Paths    func(*collect.Snapshot) []diff.RequestPath
	Markdown func(*diff.Result) ([]byte, error)
	// Probe runs the live probes (TLS handshakes, SRV lookups) over freshly collected
	// snapshots, recording them in each snapshot; `t` turns it on for every refresh.
	// Nil means the dashboard cannot probe.
	Probe func(ctx context.Context, snaps []*collect.Snapshot, progress func(collect.Event))
	// ProbeOnStart probes from the first collection on (--probe).
	ProbeOnStart bool
	// Explain returns the documentation of a check id (wire it to diff.LookupCheck).
	Explain func(check string) (CheckDoc, bool)
	// ExportDir is where `e` writes envdiff-report-<time>.md; "" means the working
	// directory.
	ExportDir string
	// Watch polls on this interval from the start; 0 leaves watch off until `w`.
	Watch time.Duration
	Title string
	Now   func() time.Time
	// NoColor draws without any colour or attribute. Run sets it when NO_COLOR is set.
	NoColor bool
	// Input and Output default to the terminal (stdin, stdout). With Output set, the
	// screen is 80×24 unless the program learns otherwise.
	Input  io.Reader
	Output io.Writer
}

// DefaultWatch is the interval `w` turns on when no --watch interval was given.
const DefaultWatch = 30 * time.Second

// ErrInterrupted is returned by Run when the user pressed ctrl+c.
var ErrInterrupted = errors.New("interrupted")

func (o *Options) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

type viewID int

const (
	viewFindings viewID = iota
	viewCollection
	viewPaths
)

// Model is the root model: it owns the data, the focus and the layout, and hands each
// pane its rectangle and the keys meant for it.
type Model struct {
	opts   Options
	ctx    context.Context
	keys   globalKeys
	styles Styles
	isDark bool
	help   help.Model

	width, height int

	view          viewID
	collAuto      bool // the collection view is up because nothing else is to show yet
	evidenceFocus bool
	showHelp      bool

	// The refresh in flight, if any.
	gen        int
	collecting bool
	cancel     context.CancelFunc
	start      tea.Cmd // the first refresh, handed out by Init
	coll       collectionPane
	spinner    spinner.Model
	clock      time.Time

	result   *diff.Result
	snaps    []*collect.Snapshot
	reqPaths map[string][]diff.RequestPath
	envOrder []string
	lastErr  error

	list     findingsPane
	evidence scrollPane
	paths    scrollPane

	watchOn    bool
	probeOn    bool
	watchEvery time.Duration
	watchEpoch int
	polls      []time.Time // the previous and the latest poll

	status      string
	statusErr   bool
	interrupted bool
}

// NewModel builds the dashboard; the first collection starts with Init.
func NewModel(opts Options) Model { return newModel(context.Background(), opts) }

func newModel(ctx context.Context, opts Options) Model {
	m := Model{
		opts:     opts,
		ctx:      ctx,
		keys:     newGlobalKeys(),
		isDark:   true, // tests and terminals that do not answer get the dark theme
		help:     help.New(),
		spinner:  spinner.New(spinner.WithSpinner(spinner.MiniDot)),
		width:    80,
		height:   24,
		coll:     newCollectionPane(),
		list:     newFindingsPane(),
		evidence: newScrollPane("esc", "enter", "tab"),
		paths:    newScrollPane("esc", "p"),
		watchOn:  opts.Watch > 0,
		probeOn:  opts.ProbeOnStart && opts.Probe != nil,
	}
	m.watchEvery = opts.Watch
	if m.watchEvery <= 0 {
		m.watchEvery = DefaultWatch
	}
	m.setStyles()
	m, m.start = m.refresh()
	m.relayout()
	return m
}

// setStyles rebuilds the theme. The spinner keeps its identity (only its style
// changes): its ticks in flight carry its id, and a new spinner would drop them.
func (m *Model) setStyles() {
	m.styles = newStyles(m.isDark, m.opts.NoColor)
	m.help.Styles = m.styles.Help
	m.spinner.Style = m.styles.Status
}

// Init asks the terminal for its background colour and starts the first collection.
func (m Model) Init() tea.Cmd {
	return tea.Batch(tea.RequestBackgroundColor, m.start)
}

// refresh cancels any collection in flight and starts a new generation.
func (m Model) refresh() (Model, tea.Cmd) {
	if m.cancel != nil {
		m.cancel()
	}
	m.gen++
	ctx, cancel := context.WithCancel(m.ctx)
	m.cancel = cancel
	m.collecting = true
	now := m.opts.now()
	m.clock = now
	m.coll.reset(now)
	if m.result == nil && m.view != viewCollection {
		m.view, m.collAuto = viewCollection, true
	}
	return m, tea.Batch(refreshTask(ctx, m.gen, &m.opts, m.probeOn, m.result), m.spinner.Tick)
}

// Update routes a message to the model or the pane it belongs to.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m, cmd := m.update(msg)
	if fc := m.list.filterCmd(); fc != nil {
		cmd = tea.Batch(cmd, fc)
	}
	m.relayout()
	return m, cmd
}

func (m Model) update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = max(msg.Width, 1), max(msg.Height, 1)
		return m, nil
	case tea.BackgroundColorMsg:
		m.isDark = msg.IsDark()
		m.setStyles()
		return m, nil
	case spinner.TickMsg:
		if !m.collecting {
			return m, nil // let the tick chain die; the next refresh starts a new one
		}
		var cmd tea.Cmd
		m.spinner, cmd = m.spinner.Update(msg)
		m.clock = m.opts.now()
		return m, cmd
	case progressMsg:
		if msg.gen != m.gen {
			return m, nil
		}
		m.coll.apply(msg.ev, m.opts.now())
		return m, listen(msg.gen, msg.ch)
	case progressClosedMsg:
		return m, nil
	case resultMsg:
		if msg.gen != m.gen {
			return m, nil
		}
		return m.applyResult(msg)
	case watchTickMsg:
		if msg.epoch != m.watchEpoch || !m.watchOn || m.collecting {
			// A collection in flight schedules the next tick when it ends.
			return m, nil
		}
		return m.refresh()
	case filterDoneMsg:
		m.list.applyFilter(msg)
		return m, nil
	case exportedMsg:
		if msg.err != nil {
			m.setStatus(msg.err.Error(), true)
		} else {
			m.setStatus("exported to "+msg.path, false)
		}
		return m, nil
	case tea.KeyPressMsg:
		return m.handleKey(msg)
	}
	return m, nil
}

func (m *Model) setStatus(s string, isErr bool) {
	m.status, m.statusErr = s, isErr
}

// applyResult takes in a finished refresh and marks what changed since the last poll.
func (m Model) applyResult(msg resultMsg) (Model, tea.Cmd) {
	m.collecting = false
	m.coll.finished = msg.at
	if m.cancel != nil {
		m.cancel()
		m.cancel = nil
	}
	var next tea.Cmd
	if m.watchOn {
		next = watchTick(m.watchEpoch, m.watchEvery)
	}
	if msg.err != nil {
		m.lastErr = msg.err
		m.setStatus(msg.err.Error(), true)
		return m, next
	}
	m.lastErr = nil
	res := msg.result
	if res == nil {
		res = &diff.Result{}
	}
	prev := m.result
	m.result, m.snaps, m.reqPaths = res, msg.snaps, msg.paths
	m.polls = append(m.polls, msg.at)
	if len(m.polls) > 2 {
		m.polls = m.polls[len(m.polls)-2:]
	}
	m.envOrder = envOrder(res, msg.snaps)
	items := msg.items
	if items == nil {
		items = buildItems(prev, res)
	}
	m.list.SetItems(items, m.envOrder)
	if m.view == viewCollection && m.collAuto {
		m.view = viewFindings
	}
	return m, next
}

// envOrder is the display order of environments: passed ones, the target, then any
// other environment a snapshot names.
func envOrder(res *diff.Result, snaps []*collect.Snapshot) []string {
	var out []string
	seen := map[string]bool{}
	add := func(e string) {
		if e != "" && !seen[e] {
			seen[e] = true
			out = append(out, e)
		}
	}
	for _, b := range res.Baselines {
		add(b)
	}
	add(res.Target)
	for _, s := range snaps {
		if s != nil {
			add(s.Environment.Name)
		}
	}
	return out
}

// buildItems prepares the current findings, marking the ones the previous poll did not
// have as new, and appending the previous poll's findings that are gone as resolved.
func buildItems(prev, cur *diff.Result) []item {
	var prevIDs map[string]bool
	if prev != nil {
		prevIDs = make(map[string]bool, len(prev.Findings))
		for i := range prev.Findings {
			prevIDs[prev.Findings[i].ID()] = true
		}
	}
	items := make([]item, 0, len(cur.Findings))
	curIDs := make(map[string]bool, len(cur.Findings))
	for i := range cur.Findings {
		f := &cur.Findings[i]
		id := f.ID()
		curIDs[id] = true
		mk := markNone
		if prevIDs != nil && !prevIDs[id] {
			mk = markNew
		}
		items = append(items, newItem(f, mk))
	}
	if prev != nil {
		for i := range prev.Findings {
			f := &prev.Findings[i]
			if !curIDs[f.ID()] {
				// Gone from a poll that could not read everything is not resolved.
				mk := markResolved
				if !cur.Complete() {
					mk = markUnread
				}
				items = append(items, newItem(f, mk))
			}
		}
	}
	return items
}

// Run shows the dashboard until the user quits (nil), presses ctrl+c (ErrInterrupted)
// or ctx ends (ctx's error). The terminal is restored in every case.
func Run(ctx context.Context, opts Options) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // stops a collection still in flight when the user quits
	if os.Getenv("NO_COLOR") != "" {
		opts.NoColor = true
	}
	popts := []tea.ProgramOption{tea.WithContext(ctx)}
	if opts.Input != nil {
		popts = append(popts, tea.WithInput(opts.Input))
	}
	if opts.Output != nil {
		// An output that is not a terminal reports no size; draw at 80×24.
		popts = append(popts, tea.WithOutput(opts.Output), tea.WithWindowSize(80, 24))
	}
	p := tea.NewProgram(newModel(ctx, opts), popts...)
	final, err := p.Run()
	if ctx.Err() != nil {
		return fmt.Errorf("dashboard: %w", context.Cause(ctx))
	}
	if err != nil {
		return fmt.Errorf("dashboard: %w", err)
	}
	if fm, ok := final.(Model); ok && fm.interrupted {
		return ErrInterrupted
	}
	return nil
}
