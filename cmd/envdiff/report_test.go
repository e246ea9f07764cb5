package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type jsonReport struct {
	Schema       string `json:"schema"`
	Target       string `json:"target"`
	Baselines    []string
	Environments []struct {
		Name     string `json:"name"`
		Complete bool   `json:"complete"`
		Errors   []struct {
			Service string `json:"service"`
			Kind    string `json:"kind"`
		} `json:"errors"`
	} `json:"environments"`
	Findings []struct {
		Check      string `json:"check"`
		Severity   string `json:"severity"`
		Regression bool   `json:"regression"`
		Env        string `json:"env"`
		Node       string `json:"node"`
	} `json:"findings"`
}

// seedVariant writes seed-502 with replacements applied (each must apply) and returns
// its path.
func seedVariant(t *testing.T, extra string, replace ...string) string {
	t.Helper()
	data, err := os.ReadFile(seedScenario)
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	for i := 0; i+1 < len(replace); i += 2 {
		if !strings.Contains(s, replace[i]) {
			t.Fatalf("seed-502 has no %q to replace", replace[i])
		}
		s = strings.ReplaceAll(s, replace[i], replace[i+1])
	}
	p := filepath.Join(t.TempDir(), "scenario.yaml")
	if err := os.WriteFile(p, []byte(s+extra), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// fixedSeed is seed-502 with production's ALB certificate covering the apex: the fix
// the incident needed.
func fixedSeed(t *testing.T) string {
	return seedVariant(t, "", `      - arn: arn:aws:acm:eu-west-1:333333333333:certificate/prod-wildcard
        domain: "*.mydomain.com"`, `      - arn: arn:aws:acm:eu-west-1:333333333333:certificate/prod-wildcard
        domain: "*.mydomain.com"
        sans: ["*.mydomain.com", mydomain.com]`)
}

func TestReportExitStatusThroughTheBinary(t *testing.T) {
	denied := seedVariant(t, "\nfaults:\n  - {env: production, service: elbv2, kind: access_denied}\n")
	tests := []struct {
		name     string
		args     []string
		want     int
		stderrIs string // a substring stderr must hold
	}{
		{"incident fails the gate", []string{"report", "--scenario", seedScenario, "--format", "json"}, 1, ""},
		{"fixed certificate passes at high", []string{"report", "--scenario", fixedSeed(t), "--format", "json"}, 0, ""},
		{"fixed certificate, gate at info", []string{"report", "--scenario", fixedSeed(t), "--fail-on", "info"}, 1, ""},
		{"unreadable service is 3, not 0 or 1", []string{"report", "--scenario", denied, "--format", "json"}, 3, "production"},
		{"bad format", []string{"report", "--scenario", seedScenario, "--format", "xml"}, 2, "--format"},
		{"bad fail-on", []string{"report", "--scenario", seedScenario, "--fail-on", "severe"}, 2, "--fail-on"},
		{"unknown flag", []string{"report", "--colour"}, 2, "colour"},
		{"missing scenario", []string{"report", "--scenario", "nope.yaml"}, 2, "nope.yaml"},
		{"missing default config", []string{"report"}, 2, "envdiff.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := runBinary(t, "", tt.args...)
			if code != tt.want {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tt.want, stderr)
			}
			if tt.stderrIs != "" && !strings.Contains(stderr, tt.stderrIs) {
				t.Errorf("stderr %q does not name %q", stderr, tt.stderrIs)
			}
			if strings.Contains(stderr, "goroutine ") || strings.Contains(stderr, "panic") {
				t.Errorf("stack trace on stderr: %s", stderr)
			}
			if code == 2 && stdout != "" {
				t.Errorf("a refused run printed a report: %q", stdout)
			}
			if code == 3 {
				var r jsonReport
				if err := json.Unmarshal([]byte(stdout), &r); err != nil {
					t.Fatalf("incomplete run must still print the report: %v", err)
				}
				found := false
				for _, f := range r.Findings {
					if f.Check == "collection-incomplete" && f.Env == "production" {
						found = true
					}
					if f.Check == "missing-in-target" {
						t.Errorf("an unread service was reported missing: %+v", f)
					}
				}
				if !found {
					t.Error("no collection-incomplete finding names production")
				}
			}
		})
	}
}

func TestReportJSONPutsTheIncidentFirst(t *testing.T) {
	stdout, _, code := runBinary(t, "", "report", "--scenario", seedScenario, "--format", "json")
	if code != 1 {
		t.Fatalf("exit %d", code)
	}
	var r jsonReport
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatal(err)
	}
	if r.Schema != "envdiff.report/v1" || r.Target != "production" || len(r.Environments) != 4 {
		t.Fatalf("header: %+v", r)
	}
	f := r.Findings[0]
	if f.Check != "origin-cert-covers-host" || f.Env != "production" || !f.Regression || f.Severity != "critical" {
		t.Fatalf("first finding = %+v", f)
	}
	for _, f := range r.Findings[1:] {
		if f.Severity == "high" || f.Severity == "critical" {
			t.Errorf("benign difference reported as %s: %+v", f.Severity, f)
		}
	}
}

func TestReportToFileKeepsStdoutEmpty(t *testing.T) {
	out := filepath.Join(t.TempDir(), "report.md")
	stdout, _, code := runBinary(t, "", "report", "--scenario", seedScenario, "-o", out)
	if code != 1 {
		t.Fatalf("exit %d", code)
	}
	if stdout != "" {
		t.Errorf("stdout holds %q; the report belongs in the file", stdout)
	}
	md, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(md), "#") || !strings.Contains(string(md), "origin-cert-covers-host") {
		t.Errorf("report file does not look like the markdown report:\n%.300s", md)
	}
}

// absSeed is seed-502 by absolute path, for runs in another directory.
func absSeed(t *testing.T) string {
	p, err := filepath.Abs(seedScenario)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDiffOverSavedSnapshots(t *testing.T) {
	dir, seed := t.TempDir(), absSeed(t)
	passed, prod := filepath.Join(dir, "passed.json"), filepath.Join(dir, "prod.json")
	for file, envs := range map[string][]string{passed: {"qa1", "qa2", "staging"}, prod: {"production"}} {
		args := []string{"snapshot", "--scenario", seed, "-o", file}
		for _, e := range envs {
			args = append(args, "--env", e)
		}
		if _, stderr, code := runBinary(t, dir, args...); code != 0 {
			t.Fatalf("snapshot %v: exit %d: %s", envs, code, stderr)
		}
	}
	stdout, stderr, code := runBinary(t, dir, "diff", "--baseline", passed, "--target", prod, "--format", "json")
	if code != 1 {
		t.Fatalf("diff: exit %d: %s", code, stderr)
	}
	var r jsonReport
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Findings) == 0 || r.Findings[0].Check != "origin-cert-covers-host" || !r.Findings[0].Regression {
		t.Fatalf("diff over snapshots lost the regression: %+v", r.Findings)
	}

	// The target file holds one environment; naming the baseline file as target too is
	// ambiguous and must say so.
	_, stderr, code = runBinary(t, dir, "diff", "--baseline", prod, "--target", passed)
	if code != 2 || !strings.Contains(stderr, "--target-env") {
		t.Errorf("ambiguous target: exit %d, stderr %q", code, stderr)
	}
	newer := filepath.Join(dir, "newer.json")
	if err := os.WriteFile(newer, []byte(`{"schema":"envdiff.snapshot/v9","snapshots":[]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	_, stderr, code = runBinary(t, dir, "diff", "--baseline", passed, "--target", newer)
	if code != 2 || !strings.Contains(stderr, "newer.json") {
		t.Errorf("newer schema: exit %d, stderr %q", code, stderr)
	}
}

func TestIgnoreBaselineSilencesTodaysFindings(t *testing.T) {
	dir, seedScenario := t.TempDir(), absSeed(t)
	rules := filepath.Join(dir, "envdiff.yaml")
	if _, stderr, code := runBinary(t, dir, "ignore", "--baseline", "--scenario", seedScenario, "--until", "2999-01-01", "-o", rules); code != 0 {
		t.Fatalf("ignore --baseline: exit %d: %s", code, stderr)
	}
	stdout, stderr, code := runBinary(t, dir, "report", "--scenario", seedScenario, "--config", rules, "--format", "json", "--fail-on", "info")
	if code != 0 {
		t.Fatalf("report with the baseline ignored: exit %d: %s\n%s", code, stderr, stdout)
	}
	var r jsonReport
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Findings) != 0 {
		t.Errorf("findings left after ignoring the baseline: %+v", r.Findings)
	}
	// An expired baseline hides nothing.
	if _, _, code := runBinary(t, dir, "ignore", "--baseline", "--scenario", seedScenario, "--until", "2001-01-01", "-o", rules); code != 0 {
		t.Fatal("ignore --baseline (expired) failed")
	}
	if _, _, code := runBinary(t, dir, "report", "--scenario", seedScenario, "--config", rules, "--format", "json"); code != 1 {
		t.Errorf("expired rules still hide the incident: exit %d", code)
	}
}
