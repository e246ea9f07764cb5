package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// An -o FILE that cannot be written is refused before anything is collected: against a
// real estate the collection takes minutes, and the file error used to come only after
// it. The scenario's latency makes a collection take seconds, so a fast refusal proves
// nothing was collected.
func TestOutputPathRefusedBeforeCollecting(t *testing.T) {
	dir := t.TempDir()
	seed, err := os.ReadFile(filepath.Join("..", "..", "collect", "awsfake", "scenarios", "seed-502.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	slow := filepath.Join(dir, "slow.yaml")
	if err := os.WriteFile(slow, append(seed, []byte("\nlatency_ms: 2000\n")...), 0o600); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing", "out")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"report, missing directory", []string{"report", "--scenario", slow, "-o", missing}, "-o " + missing + ": directory " + filepath.Dir(missing) + ": no such file or directory"},
		{"report, a directory", []string{"report", "--scenario", slow, "-o", dir}, "-o " + dir + ": is a directory"},
		{"snapshot, parent is a file", []string{"snapshot", "--scenario", slow, "-o", filepath.Join(file, "x.json")}, "-o " + filepath.Join(file, "x.json") + ": " + file + " is not a directory"},
		{"ignore, missing directory", []string{"ignore", "--baseline", "--scenario", slow, "-o", missing}, "-o " + missing + ": directory"},
		{"dashboard piped, missing directory", []string{"--scenario", slow, "-o", missing}, "-o " + missing + ": directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			_, stderr, code := runBinary(t, dir, tt.args...)
			if took := time.Since(start); took > 1500*time.Millisecond {
				t.Errorf("took %v: the collection ran before the -o check", took)
			}
			if code != exitUsage {
				t.Errorf("exit status %d, want %d", code, exitUsage)
			}
			if !strings.Contains(stderr, tt.want) || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
				t.Errorf("stderr %q: want one line with %q", stderr, tt.want)
			}
		})
	}
}

// pflag takes a back-quoted word in a flag's usage as the value's name: a usage saying
// "`w` toggles" printed "--watch w", as if the flag took the letter w.
func TestHelpNamesFlagValues(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--help"}, "--watch duration"},
		{[]string{"demo", "--help"}, "--watch duration"},
		{[]string{"report", "--help"}, "--fail-on string"},
	}
	for _, tt := range tests {
		stdout, _, code := runBinary(t, "", tt.args...)
		if code != 0 || !strings.Contains(stdout, tt.want) {
			t.Errorf("envdiff %s: status %d, want %q in\n%s", strings.Join(tt.args, " "), code, tt.want, stdout)
		}
	}
}

// diff reads snapshot files only: a --scenario given to it was silently ignored, even
// a file that does not exist, and the run went on as if it had been used.
func TestDiffRefusesScenario(t *testing.T) {
	dir := t.TempDir()
	snap := filepath.Join(dir, "seed.json")
	if _, stderr, code := runBinary(t, dir, "snapshot", "--scenario", "seed-502", "-o", snap); code != 0 {
		t.Fatalf("snapshot: status %d: %s", code, stderr)
	}
	_, stderr, code := runBinary(t, dir, "diff", "--scenario", "missing.yaml", "--baseline", snap, "--target", snap, "--target-env", "production")
	want := "--scenario missing.yaml: diff compares saved snapshot files"
	if code != exitUsage || !strings.Contains(stderr, want) {
		t.Errorf("status %d, stderr %q: want %d and %q", code, stderr, exitUsage, want)
	}
}

// ENVDIFF_COLLECTION_* override the collection settings; with --scenario and no
// --config they were silently ignored, even when invalid.
func TestEnvOverridesApplyToScenarioRuns(t *testing.T) {
	tests := []struct {
		env, value string
		code       int
		stderr     string
	}{
		{"ENVDIFF_COLLECTION_CONCURRENCY", "-3", exitUsage, "ENVDIFF_COLLECTION_CONCURRENCY: -3: want a whole number ≥ 0"},
		{"ENVDIFF_COLLECTION_CALL_TIMEOUT", "soon", exitUsage, "ENVDIFF_COLLECTION_CALL_TIMEOUT: \"soon\""},
		// No call can be answered in a nanosecond: every collector times out.
		{"ENVDIFF_COLLECTION_CALL_TIMEOUT", "1ns", exitIncomplete, "incomplete"},
		{"ENVDIFF_COLLECTION_CONCURRENCY", "2", exitFindings, ""},
	}
	for _, tt := range tests {
		t.Run(tt.env+"="+tt.value, func(t *testing.T) {
			t.Setenv(tt.env, tt.value)
			_, stderr, code := runBinary(t, t.TempDir(), "report", "--scenario", "seed-502")
			if code != tt.code || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("status %d, stderr %q: want %d and %q", code, stderr, tt.code, tt.stderr)
			}
		})
	}
}
