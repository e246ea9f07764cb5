package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// enormousSize is far past collect.MaxSnapshotFileSize; a loader that read such a file
// before judging it would show in the process's peak memory.
const enormousSize = 100 << 20

// maxRSS bounds the peak memory of a refused run (Go runtime, SDK and a loader that
// refuses by size; reading the enormous file would need more).
const maxRSS = 200 << 20

// TestBadInputIsOneLineAndStatus2 feeds the binary broken snapshot files, broken
// configurations and bad flags. Each must be refused with exit status 2 and one line on
// stderr that names the file or flag, never a stack trace, never a report.
func TestBadInputIsOneLineAndStatus2(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// A real snapshot of seed-502 to cut and to use as the other side of a diff.
	good := filepath.Join(dir, "good.json")
	if _, stderr, code := runBinary(t, dir, "snapshot", "--scenario", seedScenarioAbs(t), "-o", good); code != 0 {
		t.Fatalf("snapshot seed-502: exit %d: %s", code, stderr)
	}
	goodData, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	prod := filepath.Join(dir, "prod.json")
	if _, stderr, code := runBinary(t, dir, "snapshot", "--scenario", seedScenarioAbs(t), "--env", "production", "-o", prod); code != 0 {
		t.Fatalf("snapshot production: exit %d: %s", code, stderr)
	}
	truncated := write("truncated.json", goodData[:len(goodData)/2])
	empty := write("empty.json", nil)
	binary := write("binary.json", []byte("\x7fELF\x02\x01\x01\x00\x00\x00\xff\xfe\x1b[2J\x00"))
	newer := write("newer.json", bytes.Replace(goodData, []byte(`"envdiff.snapshot/v1"`), []byte(`"envdiff.snapshot/v9"`), -1))
	wrongShape := write("shape.json", []byte(`{"schema":"envdiff.snapshot/v1","snapshots":[{"schema":"envdiff.snapshot/v1","environment":{"name":"x"},"certificates":"many"}]}`))
	enormous := filepath.Join(dir, "enormous.json")
	f, err := os.Create(enormous)
	if err != nil {
		t.Fatal(err)
	}
	// Sparse: 100 MB that cost no disk, and a loader that reads it would still pay.
	if err := f.Truncate(enormousSize); err != nil {
		t.Fatal(err)
	}
	f.Close()

	cfg := func(name, body string) string { return write(name, []byte(body)) }
	envs := "environments:\n  - {name: staging, role: passed, domains: [staging.mydomain.com]}\n  - {name: production, role: target, domains: [mydomain.com]}\n"
	wrongTypes := []struct{ name, body, names string }{
		{"environments a string", "environments: production\n", "environments"},
		{"concurrency a word", envs + "collection: {concurrency: many}\n", "concurrency"},
		{"call_timeout a list", envs + "collection: {call_timeout: [1, 2]}\n", "call_timeout"},
		{"domains a number", "environments:\n  - {name: staging, role: passed, domains: 5}\n  - {name: production, role: target}\n", "domains"},
		{"role unknown", "environments:\n  - {name: staging, role: boss}\n  - {name: production, role: target}\n", "role"},
		{"unknown key", envs + "colection: {}\n", "colection"},
		{"not YAML", "environments: [\n", ""},
		{"binary", "\x00\xff\xfe\x1b[2J", ""},
		{"until not a date", envs + "ignore:\n  - {check: cert-expiry, reason: r, until: someday}\n", "until"},
	}

	type run struct {
		name  string
		args  []string
		names []string // what stderr must name
		stdin io.Reader
	}
	runs := []run{
		{"truncated snapshot", []string{"diff", "--baseline", good, "--target", truncated, "--target-env", "production"}, []string{truncated}, nil},
		{"empty snapshot", []string{"diff", "--baseline", empty, "--target", prod}, []string{empty}, nil},
		{"binary snapshot", []string{"diff", "--baseline", good, "--target", binary}, []string{binary}, nil},
		{"newer-schema snapshot", []string{"diff", "--baseline", newer, "--target", prod}, []string{newer}, nil},
		{"snapshot of the wrong shape", []string{"diff", "--baseline", good, "--target", wrongShape}, []string{wrongShape}, nil},
		{"enormous snapshot", []string{"diff", "--baseline", enormous, "--target", prod}, []string{enormous}, nil},
		{"enormous snapshot through a pipe", []string{"diff", "--baseline", good, "--target", "/dev/stdin"}, []string{"/dev/stdin"},
			io.LimitReader(zeroReader{}, enormousSize)},
		{"directory as snapshot", []string{"diff", "--baseline", dir, "--target", prod}, []string{dir}, nil},
		{"missing snapshot", []string{"diff", "--baseline", filepath.Join(dir, "nope.json"), "--target", prod}, []string{"nope.json"}, nil},
		{"unknown target environment", []string{"diff", "--baseline", prod, "--target", good, "--target-env", "prod"}, []string{"--target-env"}, nil},
		{"unknown environment in --env", []string{"snapshot", "--scenario", seedScenarioAbs(t), "--env", "prodution"}, []string{"prodution"}, nil},
		{"unknown flag", []string{"diff", "--baselines", good}, []string{"--baselines"}, nil},
		{"bad --fail-on", []string{"diff", "--baseline", good, "--target", prod, "--fail-on", "severe"}, []string{"--fail-on"}, nil},
		{"bad --format", []string{"diff", "--baseline", good, "--target", prod, "--format", "html"}, []string{"--format"}, nil},
		{"bad --watch", []string{"--scenario", seedScenarioAbs(t), "--watch", "soon"}, []string{"--watch"}, nil},
		{"unknown command", []string{"snapshots"}, []string{"snapshots"}, nil},
		{"missing config", []string{"report", "--config", filepath.Join(dir, "absent.yaml")}, []string{"absent.yaml"}, nil},
	}
	for i, w := range wrongTypes {
		p := cfg("config"+string(rune('a'+i))+".yaml", w.body)
		runs = append(runs, run{"config: " + w.name, []string{"report", "--config", p}, []string{p, w.names}, nil})
	}

	for _, r := range runs {
		t.Run(r.name, func(t *testing.T) {
			cmd := exec.Command(envdiffBinary, r.args...)
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "NO_COLOR=1", "HOME="+dir, "AWS_EC2_METADATA_DISABLED=true",
				"AWS_CONFIG_FILE="+filepath.Join(dir, "none"), "AWS_SHARED_CREDENTIALS_FILE="+filepath.Join(dir, "none"))
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr, cmd.Stdin = &stdout, &stderr, r.stdin
			start := time.Now()
			err := cmd.Run()
			var ee *exec.ExitError
			if !errors.As(err, &ee) {
				t.Fatalf("exit %v, want status 2; stderr: %s", err, stderr.String())
			}
			if ee.ExitCode() != exitUsage {
				t.Errorf("exit status %d, want 2; stderr: %s", ee.ExitCode(), stderr.String())
			}
			msg := strings.TrimRight(stderr.String(), "\n")
			if msg == "" || strings.Contains(msg, "\n") {
				t.Errorf("stderr is not one line:\n%s", msg)
			}
			for _, name := range r.names {
				if !strings.Contains(msg, name) {
					t.Errorf("stderr %q does not name %q", msg, name)
				}
			}
			if strings.Contains(msg, "goroutine ") || strings.Contains(msg, "panic") || strings.Contains(msg, "\x1b") {
				t.Errorf("stack trace or escape sequence on stderr: %q", msg)
			}
			if stdout.Len() != 0 {
				t.Errorf("a refused run printed %d bytes on stdout", stdout.Len())
			}
			if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok && ru.Maxrss*1024 > maxRSS {
				t.Errorf("peak memory %d MiB, want under %d MiB", ru.Maxrss>>10, maxRSS>>20)
			}
			t.Logf("%s (peak %d MiB)", msg, cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss>>10)
			if took := time.Since(start); took > 5*time.Second {
				t.Errorf("took %v to refuse", took)
			}
		})
	}
}

// zeroReader streams zero bytes, a file too big to hold that costs nothing to make.
type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

func seedScenarioAbs(t *testing.T) string {
	t.Helper()
	p, err := filepath.Abs(seedScenario)
	if err != nil {
		t.Fatal(err)
	}
	return p
}
