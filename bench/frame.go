package bench

import (
	"context"
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/envdiff/envdiff/collect"
	"github.com/envdiff/envdiff/diff"
	"github.com/envdiff/envdiff/ui"
)

// Inflate repeats res's findings, each copy on its own node, until there are n: the
// dashboard at the size of a very large estate.
func Inflate(res *diff.Result, n int) (*diff.Result, error) {
	if len(res.Findings) == 0 {
		return nil, fmt.Errorf("inflate findings: the analysis found nothing to repeat")
	}
	out := *res
	out.Findings = make([]diff.Finding, 0, n)
	for i := range n {
		f := res.Findings[i%len(res.Findings)]
		f.Node = fmt.Sprintf("%s / copy %d", f.Node, i/len(res.Findings))
		out.Findings = append(out.Findings, f)
	}
	diff.SortFindings(out.Findings)
	return &out, nil
}

// FrameTime builds the dashboard as `envdiff` does and times View, the work of one
// frame, averaged over frames.
func FrameTime(snaps []*collect.Snapshot, res *diff.Result, width, height, frames int) (time.Duration, error) {
	model, err := Dashboard(snaps, res, width, height)
	if err != nil {
		return 0, err
	}
	frames = max(frames, 1)
	start := time.Now()
	for range frames {
		_ = model.View()
	}
	return time.Since(start) / time.Duration(frames), nil
}

// Dashboard is the dashboard through its public API, the collection and analysis run
// in its own commands, scrolled into the findings as the dashboard's own benchmark
// does.
func Dashboard(snaps []*collect.Snapshot, res *diff.Result, width, height int) (tea.Model, error) {
	var model tea.Model = ui.NewModel(ui.Options{
		Collect: func(context.Context, func(collect.Event)) ([]*collect.Snapshot, error) { return snaps, nil },
		Analyze: func([]*collect.Snapshot) (*diff.Result, error) { return res, nil },
		Now:     func() time.Time { return res.GeneratedAt },
		Title:   "envdiff-bench",
		NoColor: false, // measure with styling, as users see it
	})
	model, _ = model.Update(tea.WindowSizeMsg{Width: width, Height: height})
	for _, msg := range runCmd(model.Init(), 10*time.Second) {
		model, _ = model.Update(msg)
	}
	pgdown := tea.KeyPressMsg{Code: tea.KeyPgDown}
	for range 500 {
		model, _ = model.Update(pgdown)
	}
	if model.View().Content == "" {
		return nil, fmt.Errorf("dashboard: the first frame is empty")
	}
	return model, nil
}

// runCmd runs a command and the batches it returns, concurrently, and gathers the
// messages that arrive within wait (a spinner tick or a terminal query never will).
func runCmd(cmd tea.Cmd, wait time.Duration) []tea.Msg {
	ch := make(chan tea.Msg, 64)
	pending := 0
	var start func(tea.Cmd)
	start = func(c tea.Cmd) {
		if c == nil {
			return
		}
		pending++
		go func() { ch <- c() }()
	}
	start(cmd)
	var out []tea.Msg
	deadline := time.After(wait)
	for pending > 0 {
		select {
		case msg := <-ch:
			pending--
			if batch, ok := msg.(tea.BatchMsg); ok {
				for _, c := range batch {
					start(c)
				}
				continue
			}
			if msg != nil {
				out = append(out, msg)
			}
		case <-deadline:
			pending = 0
		}
	}
	return out
}
