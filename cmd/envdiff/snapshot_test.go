package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/envdiff/envdiff/collect"
)

const seedScenario = "../../collect/awsfake/scenarios/seed-502.yaml"

// runEnvdiff runs the root command as main does and returns stdout, stderr and the
// exit status.
func runEnvdiff(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	root := newRootCmd(buildInfo{Version: "test"})
	var stdout, stderr bytes.Buffer
	root.SetOut(&stdout)
	root.SetErr(&stderr)
	root.SetArgs(args)
	err := root.ExecuteContext(context.Background())
	code := 0
	if err != nil {
		// As main's run: what cobra itself refuses is a usage error.
		code = exitUsage
		var ee *exitError
		if errors.As(err, &ee) {
			code = ee.code
		}
		stderr.WriteString(err.Error())
	}
	return stdout.String(), stderr.String(), code
}

func TestSnapshotCommandWritesAFileThatReloads(t *testing.T) {
	out := filepath.Join(t.TempDir(), "x.json")
	stdout, stderr, code := runEnvdiff(t, "snapshot", "--scenario", seedScenario, "-o", out)
	if code != 0 || stdout != "" || stderr != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q; want 0 and silence (stderr is no terminal)", code, stdout, stderr)
	}
	snaps, err := collect.LoadSnapshots(out)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range snaps {
		names = append(names, s.Environment.Name)
		if !s.Complete() {
			t.Errorf("%s: %+v", s.Environment.Name, s.Errors)
		}
	}
	if strings.Join(names, ",") != "qa1,qa2,staging,production" {
		t.Errorf("environments = %v", names)
	}
	data, _ := os.ReadFile(out)
	if bytes.Contains(data, []byte("envdiff-scenario-secret")) || bytes.Contains(data, []byte("AKID")) {
		t.Error("the snapshot file holds the scenario credentials")
	}
}

func TestSnapshotCommandStdoutAndEnvFilter(t *testing.T) {
	stdout, _, code := runEnvdiff(t, "snapshot", "--scenario", seedScenario, "--env", "production", "--env", "staging")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	snaps, err := collect.ParseSnapshots([]byte(stdout))
	if err != nil {
		t.Fatal(err)
	}
	if len(snaps) != 2 || snaps[0].Environment.Name != "production" || snaps[1].Environment.Name != "staging" {
		t.Errorf("snapshots = %d (%v)", len(snaps), snaps)
	}
}

func TestSnapshotCommandUsageErrors(t *testing.T) {
	badScenario := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(badScenario, []byte("scenario: bad\nenvironments:\n  - name: a\n    regoins: [eu-west-1]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"unknown environment", []string{"snapshot", "--scenario", seedScenario, "--env", "prod"},
			[]string{"--env prod: no such environment", "qa1, qa2, staging, production"}},
		{"bad scenario names file and line", []string{"snapshot", "--scenario", badScenario}, []string{badScenario + ":4"}},
		{"missing scenario", []string{"snapshot", "--scenario", "nope.yaml"}, []string{"nope.yaml"}},
		{"missing configuration", []string{"snapshot", "--config", filepath.Join(t.TempDir(), "none.yaml")}, []string{"none.yaml"}},
		{"stray argument", []string{"snapshot", "prod"}, []string{"unknown command"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, stderr, code := runEnvdiff(t, tt.args...)
			if code != exitUsage {
				t.Errorf("exit %d, want %d (stderr %q)", code, exitUsage, stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr %q does not contain %q", stderr, w)
				}
			}
		})
	}
}

func TestSnapshotCommandIncompleteExitsThree(t *testing.T) {
	data, err := os.ReadFile(seedScenario)
	if err != nil {
		t.Fatal(err)
	}
	withFault := strings.Replace(string(data), "\naccounts:\n",
		"\nfaults:\n  - {env: production, service: route53, kind: access_denied}\n\naccounts:\n", 1)
	dir := t.TempDir()
	scenario := filepath.Join(dir, "fault.yaml")
	if err := os.WriteFile(scenario, []byte(withFault), 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "x.json")
	_, stderr, code := runEnvdiff(t, "snapshot", "--scenario", scenario, "-o", out)
	if code != exitIncomplete {
		t.Fatalf("exit %d, want %d (stderr %q)", code, exitIncomplete, stderr)
	}
	if !strings.Contains(stderr, "production: route53 us-east-1 (access_denied)") {
		t.Errorf("stderr %q does not name the failed collector", stderr)
	}
	snaps, err := collect.LoadSnapshots(out)
	if err != nil {
		t.Fatal(err)
	}
	if !snaps[3].Failed(collect.ServiceRoute53, collect.GlobalRegion) || !snaps[0].Complete() {
		t.Error("the written file must record production's route53 as unknown and qa1 as complete")
	}
}

func TestDemoSourceServesSeed502(t *testing.T) {
	src, err := openDemoSource()
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := src.Close(); err != nil {
			t.Error(err)
		}
	}()
	snaps, err := src.Collect(context.Background(), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	settings := src.Settings()
	if len(snaps) != 4 || len(settings.Environments) != 4 || settings.Source != "demo seed-502" {
		t.Fatalf("%d snapshots, settings %+v", len(snaps), settings)
	}
	for i, s := range snaps {
		if !s.Complete() {
			t.Errorf("%s: %+v", s.Environment.Name, s.Errors)
		}
		if settings.Environments[i].AccessKeyID != "" {
			t.Error("settings must not carry credentials")
		}
	}
}

func TestProgressLine(t *testing.T) {
	var buf bytes.Buffer
	p := &progressLine{w: &buf}
	events := []collect.Event{
		{Env: "qa1", Phase: collect.PhaseStarted},
		{Env: "qa1", Service: "acm", Region: "eu-west-1", Phase: collect.PhaseStarted},
		{Env: "qa1", Service: "elbv2", Region: "eu-west-1", Phase: collect.PhaseStarted},
		{Env: "qa1", Service: "acm", Region: "eu-west-1", Phase: collect.PhaseProgress, Calls: 2},
		{Env: "qa1", Service: "acm", Region: "eu-west-1", Phase: collect.PhaseDone, Calls: 3},
	}
	for _, e := range events {
		p.update(e)
	}
	got := buf.String()
	if !strings.HasSuffix(got, "\r\x1b[Kcollecting: 1/2 collectors done, 3 API calls") {
		t.Errorf("progress line = %q", got)
	}
	p.finish()
	if !strings.HasSuffix(buf.String(), "\r\x1b[K") {
		t.Error("finish must clear the line")
	}
	var none *progressLine
	none.finish() // no terminal, no line: must not panic
}
