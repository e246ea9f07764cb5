package bench

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/envdiff/envdiff/collect"
	"github.com/envdiff/envdiff/diff"
)

// tinySnapshots are a generated scenario collected through the endpoint: what the
// benchmark measures, at a size a test runs in well under a second.
func tinySnapshots(t *testing.T) []*collect.Snapshot {
	t.Helper()
	s, err := Generate(GenOptions{Scale: 0.05, Sizes: smallSizes()})
	if err != nil {
		t.Fatal(err)
	}
	snaps, err := InMemory(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	return snaps
}

func TestMeasureDiffAndTheTargetsDefects(t *testing.T) {
	snaps := tinySnapshots(t)
	f, res, err := MeasureDiff(snaps, time.Now(), 2, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, s := range snaps {
		want += Nodes(s)
	}
	if f.Nodes != want || f.Seconds <= 0 || f.Allocs == 0 || f.Findings != len(res.Findings) {
		t.Errorf("figures %+v (nodes want %d, findings %d)", f, want, len(res.Findings))
	}
	// The generator plants defects in the target only: they must come out as
	// findings about production, or the dashboard would be timed on an empty list.
	checks := map[string]bool{}
	for _, fd := range res.Findings {
		if fd.Env == "production" {
			checks[fd.Check] = true
		}
	}
	for _, c := range []string{"target-group-healthy", "cert-expiry", "srv-has-targets"} {
		if !checks[c] {
			t.Errorf("no %s finding in production; got %v", c, checks)
		}
	}
}

func TestNodesCountsEveryResource(t *testing.T) {
	s := &collect.Snapshot{
		Certificates: make([]collect.Certificate, 2),
		LoadBalancers: []collect.LoadBalancer{{
			Listeners:    []collect.Listener{{Rules: make([]collect.Rule, 3)}, {}},
			TargetGroups: []collect.TargetGroup{{Targets: make([]collect.Target, 4)}},
		}},
		Distributions: []collect.Distribution{{Origins: make([]collect.Origin, 2), Behaviors: make([]collect.Behavior, 3)}},
		HostedZones:   []collect.HostedZone{{Records: make([]collect.Record, 5)}},
		Namespaces:    []collect.Namespace{{Services: []collect.Service{{Instances: make([]collect.Instance, 6)}}}},
	}
	// 2 certs; lb 1 + listeners 2 + rules 3 + tg 1 + targets 4; dist 1 + origins 2 +
	// default behaviour 1 + behaviours 3; zone 1 + records 5; ns 1 + service 1 + instances 6.
	if got, want := Nodes(s), 2+11+7+6+8; got != want {
		t.Errorf("Nodes = %d, want %d", got, want)
	}
}

func TestMeasureFileRoundTrip(t *testing.T) {
	snaps := tinySnapshots(t)
	f, err := MeasureFile(snaps, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if f.Bytes < 1000 || f.SaveSec <= 0 || f.LoadSec <= 0 {
		t.Errorf("figures %+v", f)
	}
	if _, err := MeasureFile(snaps, "/nonexistent/dir"); err == nil || !strings.Contains(err.Error(), "/nonexistent/dir") {
		t.Errorf("got %v, want an error naming the path", err)
	}
}

func TestInflate(t *testing.T) {
	res := &diff.Result{Findings: []diff.Finding{
		{Check: "cert-covers-host", Env: "production", Node: "entry[0]", Severity: diff.Critical, Regression: true},
		{Check: "attribute-differs", Env: "production", Node: "entry[1]", Severity: diff.Low},
	}}
	big, err := Inflate(res, 5)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, f := range big.Findings {
		ids[f.ID()] = true
	}
	if len(big.Findings) != 5 || len(ids) != 5 {
		t.Errorf("%d findings, %d distinct; want 5 and 5", len(big.Findings), len(ids))
	}
	if big.Findings[0].Check != "cert-covers-host" || big.Findings[4].Check != "attribute-differs" {
		t.Errorf("not sorted regressions first: %s … %s", big.Findings[0].Check, big.Findings[4].Check)
	}
	if len(res.Findings) != 2 {
		t.Error("Inflate changed its input")
	}
	if _, err := Inflate(&diff.Result{}, 10); err == nil {
		t.Error("inflating no findings should fail")
	}
}

// The frame timed must be the findings list, not the collection view or an error.
func TestDashboardShowsTheFindings(t *testing.T) {
	snaps := tinySnapshots(t)
	_, res, err := MeasureDiff(snaps, time.Now(), 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	big, err := Inflate(res, 2000)
	if err != nil {
		t.Fatal(err)
	}
	m, err := Dashboard(snaps, big, 120, 40)
	if err != nil {
		t.Fatal(err)
	}
	screen := m.View().Content
	if !strings.Contains(screen, "copy ") {
		t.Errorf("the dashboard does not show the inflated findings:\n%s", screen)
	}
	if d, err := FrameTime(snaps, big, 120, 40, 3); err != nil || d <= 0 {
		t.Errorf("FrameTime = %v, %v", d, err)
	}
}
