package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/envdiff/envdiff/collect"
	"github.com/envdiff/envdiff/collect/awsfake"
	"github.com/envdiff/envdiff/diff"
	"github.com/envdiff/envdiff/ui"
	"github.com/envdiff/envdiff/ui/report"
)

// faultKind is one column of the matrix: a scenario fault and whether the retries
// must absorb it.
type faultKind struct {
	name      string
	kind      string
	times     int
	transient bool
	wantKind  string // the error kind the snapshot records when not transient
}

var faultKinds = []faultKind{
	{"throttle x2", awsfake.FaultThrottle, 2, true, ""},
	{"throttle", awsfake.FaultThrottle, 0, false, collect.ErrThrottled},
	{"server_error x2", awsfake.FaultServerError, 2, true, ""},
	{"server_error", awsfake.FaultServerError, 0, false, collect.ErrServerError},
	{"access_denied", awsfake.FaultAccessDenied, 0, false, collect.ErrAccessDenied},
	{"timeout", awsfake.FaultTimeout, 0, false, collect.ErrTimeout},
	{"malformed", awsfake.FaultMalformed, 0, false, collect.ErrMalformed},
}

// matrixCallTimeout is short so that a hung call costs little; the endpoint answers
// every other call in about a millisecond (under -race, 70 parallel cells on two cores
// took longer than 300 ms for some healthy calls).
const matrixCallTimeout = 300 * time.Millisecond * raceSlowdown

// collectFaulted runs seed-502 with faults through the command's own source: the
// local endpoint, the real SDK clients, the collectors; without backoff.
func collectFaulted(t *testing.T, faults []awsfake.Fault) []*collect.Snapshot {
	t.Helper()
	s, err := awsfake.Embedded(demoScenario)
	if err != nil {
		t.Fatal(err)
	}
	s.Faults = faults
	src, err := openScenario(s, "fault matrix", awsfake.WithoutLatency())
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	src.opts.Limits = collect.NoLimits()
	src.opts.Backoff = collect.BackoffFunc(func(int, error) (time.Duration, error) { return 0, nil })
	src.opts.CallTimeout = matrixCallTimeout
	snaps, err := src.Collect(context.Background(), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	return snaps
}

// findingKey identifies a finding across runs: by the resource it names where it names
// one, since an unread service may change how a node is reached (its walk key) but not
// what it is.
func findingKey(f diff.Finding) string {
	if f.Resource != "" {
		return f.Check + " | " + f.Env + " | " + f.Resource
	}
	return f.Check + " | " + f.Env + " | " + f.Node
}

// TestFaultMatrix injects every fault kind into every service, for the target alone and
// for every account, and holds the promises of issue 8: transient faults leave no trace,
// persistent ones are recorded, reported as collection-incomplete with exit status 3 and
// shown on the dashboard, and an unread service never produces any other new finding.
func TestFaultMatrix(t *testing.T) {
	seed, err := awsfake.Embedded(demoScenario)
	if err != nil {
		t.Fatal(err)
	}
	clean := collectFaulted(t, nil)
	cleanRes, err := diff.Analyze(clean, diff.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !cleanRes.Complete() {
		t.Fatalf("fault-free run is incomplete: %+v", cleanRes.Environments)
	}
	baseline := map[string]bool{}
	for _, f := range cleanRes.Findings {
		baseline[findingKey(f)] = true
	}
	var accounts []string
	for _, e := range seed.Environments {
		if !slices.Contains(accounts, e.Account) {
			accounts = append(accounts, e.Account)
		}
	}
	scopes := []struct {
		name     string
		accounts []string
	}{
		{"production", []string{"333333333333"}},
		{"every env", accounts},
	}

	var mu sync.Mutex
	outcomes := map[string]string{}
	t.Run("cells", func(t *testing.T) {
		for _, svc := range collect.AllServices() {
			for _, fk := range faultKinds {
				for _, scope := range scopes {
					cell := fmt.Sprintf("%s/%s/%s", svc, fk.name, scope.name)
					t.Run(cell, func(t *testing.T) {
						t.Parallel()
						var faults []awsfake.Fault
						for _, acct := range scope.accounts {
							faults = append(faults, awsfake.Fault{Account: acct, Service: svc, Kind: fk.kind, Times: fk.times})
						}
						outcome := checkCell(t, svc, fk, scope.accounts, faults, baseline)
						if t.Failed() {
							outcome = "FAIL: " + outcome
						}
						mu.Lock()
						outcomes[cell] = outcome
						mu.Unlock()
					})
				}
			}
		}
	})

	var b strings.Builder
	fmt.Fprintf(&b, "\n%-18s %-16s %-10s %s\n", "service", "fault", "scope", "outcome")
	for _, svc := range collect.AllServices() {
		for _, fk := range faultKinds {
			for _, scope := range scopes {
				o := outcomes[fmt.Sprintf("%s/%s/%s", svc, fk.name, scope.name)]
				fmt.Fprintf(&b, "%-18s %-16s %-10s %s\n", svc, fk.name, scope.name, o)
			}
		}
	}
	t.Log(b.String())
}

// checkCell runs one cell and returns its outcome for the table.
func checkCell(t *testing.T, svc string, fk faultKind, accounts []string, faults []awsfake.Fault, baseline map[string]bool) string {
	start := time.Now()
	snaps := collectFaulted(t, faults)
	res, err := diff.Analyze(snaps, diff.Options{})
	if err != nil {
		t.Fatalf("analyze: %v", err)
	}
	took := time.Since(start).Round(time.Millisecond)

	incomplete := map[string]bool{}
	var kinds []string
	for _, s := range snaps {
		hit := slices.Contains(accounts, s.Environment.Account)
		if s.Complete() {
			if hit && !fk.transient {
				t.Errorf("%s: persistent %s fault on %s left no error in the snapshot", s.Environment.Name, fk.kind, svc)
			}
			continue
		}
		incomplete[s.Environment.Name] = true
		if fk.transient || !hit {
			t.Errorf("%s: errors %+v, want a complete snapshot", s.Environment.Name, s.Errors)
			continue
		}
		for _, e := range s.Errors {
			if e.Service != svc || e.Kind != fk.wantKind || e.Message == "" {
				t.Errorf("%s: recorded %+v, want %s on %s", s.Environment.Name, e, fk.wantKind, svc)
			}
			if !slices.Contains(kinds, e.Kind) {
				kinds = append(kinds, e.Kind)
			}
		}
	}

	// Unknown is not missing: compared with the fault-free run, the only new findings
	// may be collection-incomplete, one for each environment that could not be read.
	named := map[string]bool{}
	for _, f := range res.Findings {
		if f.Check == "collection-incomplete" {
			named[f.Env] = true
			continue
		}
		if !baseline[findingKey(f)] {
			t.Errorf("finding caused by the unread service: %s: %s", findingKey(f), f.Message)
		}
	}
	for env := range incomplete {
		if !named[env] {
			t.Errorf("no collection-incomplete finding names %s", env)
		}
	}
	for env := range named {
		if !incomplete[env] {
			t.Errorf("collection-incomplete names %s, whose snapshot is complete", env)
		}
	}

	// The report's exit status, through the command's own code.
	out := outputOptions{format: "json"}
	var stdout bytes.Buffer
	gateErr := out.emit(&stdout, res, diff.High)
	code := exitOK
	var ee *exitError
	if errors.As(gateErr, &ee) {
		code = ee.code
	} else if gateErr != nil {
		t.Fatalf("emit: %v", gateErr)
	}
	wantCode := exitFindings // seed-502's incident
	if len(incomplete) > 0 {
		wantCode = exitIncomplete
	}
	if code != wantCode {
		t.Errorf("exit status %d, want %d", code, wantCode)
	}
	var doc struct {
		Environments []struct {
			Name     string
			Complete bool
		}
	}
	if err := json.Unmarshal(stdout.Bytes(), &doc); err != nil {
		t.Fatalf("JSON report: %v", err)
	}
	for _, e := range doc.Environments {
		if e.Complete == incomplete[e.Name] {
			t.Errorf("JSON report says %s complete=%v", e.Name, e.Complete)
		}
	}
	md, err := report.Markdown(res, report.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for env := range incomplete {
		if !bytes.Contains(md, []byte(env)) || !bytes.Contains(md, []byte("collection-incomplete")) {
			t.Errorf("markdown report does not say %s is incomplete", env)
		}
	}

	if len(incomplete) > 0 {
		// Each unread environment has its row naming the service in the Unknown group.
		screen := dashboardScreen(t, snaps, res)
		for env := range incomplete {
			shown := false
			for _, line := range strings.Split(screen, "\n") {
				f := strings.Fields(line)
				if i := slices.Index(f, "collection-incomplete"); i >= 0 && i+2 < len(f) {
					shown = shown || f[i+1] == env && f[i+2] == svc
				}
			}
			if !shown {
				t.Errorf("the dashboard does not show %s's unread %s:\n%s", env, svc, screen)
			}
		}
	}

	if len(incomplete) == 0 {
		return fmt.Sprintf("recovered, complete, exit %d (%v)", code, took)
	}
	envs := make([]string, 0, len(incomplete))
	for e := range incomplete {
		envs = append(envs, e)
	}
	sort.Strings(envs)
	return fmt.Sprintf("%s recorded in %s, exit %d (%v)", strings.Join(kinds, ","), strings.Join(envs, ","), code, took)
}

// dashboardScreen renders the dashboard after its first refresh delivered snaps and res,
// running the model's commands as the Bubble Tea program would (but never the terminal
// queries), until the findings are on screen.
func dashboardScreen(t *testing.T, snaps []*collect.Snapshot, res *diff.Result) string {
	t.Helper()
	m := ui.NewModel(ui.Options{
		Collect: func(context.Context, func(collect.Event)) ([]*collect.Snapshot, error) { return snaps, nil },
		Analyze: func([]*collect.Snapshot) (*diff.Result, error) { return res, nil },
		NoColor: true,
		Title:   "fault matrix",
	})
	var model tea.Model = m
	model, _ = model.Update(tea.WindowSizeMsg{Width: 160, Height: 50})
	msgs := make(chan tea.Msg, 64)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var run func(cmd tea.Cmd)
	run = func(cmd tea.Cmd) {
		if cmd == nil {
			return
		}
		go func() {
			msg := cmd()
			if batch, ok := msg.(tea.BatchMsg); ok {
				for _, c := range batch {
					run(c)
				}
				return
			}
			select {
			case msgs <- msg:
			case <-ctx.Done():
			}
		}()
	}
	run(model.Init())
	deadline := time.After(5 * time.Second)
	for {
		select {
		case msg := <-msgs:
			var cmd tea.Cmd
			model, cmd = model.Update(msg)
			run(cmd)
			if screen := model.View().Content; strings.Contains(screen, "collection-incomplete") {
				return screen
			}
		case <-deadline:
			return model.View().Content
		}
	}
}
