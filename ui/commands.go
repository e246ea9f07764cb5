package ui

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/envdiff/envdiff/collect"
	"github.com/envdiff/envdiff/diff"
	"github.com/envdiff/envdiff/internal/fsutil"
)

// Every message that answers a command carries the generation of the refresh (or the
// epoch of the watch) that asked for it, so a late answer from an earlier refresh is
// recognised and dropped instead of overwriting newer data.

// progressMsg is one collector event of refresh gen.
type progressMsg struct {
	gen int
	ev  collect.Event
	ch  <-chan collect.Event // to listen for the next event
}

// progressClosedMsg says refresh gen will send no more events.
type progressClosedMsg struct{ gen int }

// resultMsg is the outcome of refresh gen: snapshots, the engine's result and the
// request paths, all computed off the update loop.
type resultMsg struct {
	gen    int
	snaps  []*collect.Snapshot
	result *diff.Result
	paths  map[string][]diff.RequestPath
	// items are the findings prepared for drawing and marked against the previous
	// poll, built here so that Update stays cheap at 100 000 findings.
	items []item
	err   error
	at    time.Time
}

// watchTickMsg asks for a poll; epoch drops ticks scheduled before watch was toggled.
type watchTickMsg struct{ epoch int }

// exportedMsg reports the markdown export.
type exportedMsg struct {
	path string
	err  error
}

// progressBuffer absorbs bursts of events while the UI draws; a full buffer slows the
// collectors a little rather than dropping a "done" or "failed" event.
const progressBuffer = 1024

// refreshTask is what Update prepares for one refresh: the channel the collectors'
// progress flows through, and the commands that run the collection and drain it.
// prev is the result on screen when the refresh starts; only one refresh is current at
// a time, so it is still the previous poll when this one lands.
func refreshTask(ctx context.Context, gen int, opts *Options, probe bool, prev *diff.Result) tea.Cmd {
	ch := make(chan collect.Event, progressBuffer)
	collectFn, analyze, pathsFn, now := opts.Collect, opts.Analyze, opts.Paths, opts.now
	probeFn := opts.Probe
	if !probe {
		probeFn = nil
	}
	run := func() tea.Msg {
		defer close(ch)
		msg := resultMsg{gen: gen}
		if collectFn == nil {
			msg.err = errors.New("no collector configured")
			msg.at = now()
			return msg
		}
		send := func(ev collect.Event) {
			select {
			case ch <- ev:
			case <-ctx.Done():
			}
		}
		snaps, err := collectFn(ctx, send)
		msg.at = now()
		if err != nil {
			msg.err = fmt.Errorf("collect: %w", err)
			return msg
		}
		if probeFn != nil && ctx.Err() == nil {
			probeFn(ctx, snaps, send)
		}
		msg.snaps = snaps
		if analyze != nil {
			res, err := analyze(snaps)
			if err != nil {
				msg.err = fmt.Errorf("analyze: %w", err)
				return msg
			}
			msg.result = res
		}
		if msg.result == nil {
			msg.result = &diff.Result{}
		}
		msg.items = buildItems(prev, msg.result)
		if pathsFn != nil {
			msg.paths = make(map[string][]diff.RequestPath, len(snaps))
			for _, s := range snaps {
				if s != nil {
					msg.paths[s.Environment.Name] = pathsFn(s)
				}
			}
		}
		return msg
	}
	return tea.Batch(run, listen(gen, ch))
}

// listen waits for the next progress event; Update calls it again after each one.
func listen(gen int, ch <-chan collect.Event) tea.Cmd {
	return func() tea.Msg {
		ev, ok := <-ch
		if !ok {
			return progressClosedMsg{gen: gen}
		}
		return progressMsg{gen: gen, ev: ev, ch: ch}
	}
}

// watchTick schedules the next poll.
func watchTick(epoch int, every time.Duration) tea.Cmd {
	return tea.Tick(every, func(time.Time) tea.Msg { return watchTickMsg{epoch: epoch} })
}

// exportTask renders the markdown report and writes it atomically into dir.
func exportTask(res *diff.Result, dir string, at time.Time, markdown func(*diff.Result) ([]byte, error)) tea.Cmd {
	return func() tea.Msg {
		if markdown == nil {
			return exportedMsg{err: errors.New("export: no markdown renderer configured")}
		}
		data, err := markdown(res)
		if err != nil {
			return exportedMsg{err: fmt.Errorf("export: render markdown: %w", err)}
		}
		if dir == "" {
			dir = "."
		}
		path := filepath.Join(dir, "envdiff-report-"+at.UTC().Format("20060102-150405")+".md")
		if abs, err := filepath.Abs(path); err == nil {
			path = abs
		}
		if err := fsutil.WriteFileAtomic(path, data, 0o644); err != nil {
			return exportedMsg{err: fmt.Errorf("export: %w", err)}
		}
		return exportedMsg{path: path}
	}
}
