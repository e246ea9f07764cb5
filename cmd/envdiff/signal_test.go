package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestSignalDuringCollectionExits130 interrupts the binary while every AWS call is
// still waiting on the endpoint's latency: it must end within a second of the signal,
// with status 130, one line on stderr and no report.
func TestSignalDuringCollectionExits130(t *testing.T) {
	slow := seedVariant(t, "\nlatency_ms: 5000\n")
	for _, tt := range []struct {
		name string
		sig  os.Signal
		args []string
	}{
		{"SIGTERM during report", syscall.SIGTERM, []string{"report", "--scenario", slow}},
		{"Ctrl-C during report", os.Interrupt, []string{"report", "--scenario", slow, "--format", "json"}},
		{"SIGTERM during snapshot", syscall.SIGTERM, []string{"snapshot", "--scenario", slow, "-o", t.TempDir() + "/s.json"}},
		// Without a terminal the dashboard prints the report; the signal path is the same.
		{"Ctrl-C during the dashboard without a terminal", os.Interrupt, []string{"--scenario", slow}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cmd := exec.Command(envdiffBinary, tt.args...)
			cmd.Env = append(os.Environ(), "NO_COLOR=1")
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			// Long enough for the endpoint to start and the first calls to be in flight,
			// far shorter than the latency.
			time.Sleep(500 * time.Millisecond)
			sent := time.Now()
			if err := cmd.Process.Signal(tt.sig); err != nil {
				t.Fatal(err)
			}
			var err error
			select {
			case err = <-done:
			case <-time.After(5 * time.Second):
				_ = cmd.Process.Kill()
				<-done
				t.Fatalf("still running 5s after %v; stderr: %s", tt.sig, stderr.String())
			}
			if took := time.Since(sent); took > time.Second {
				t.Errorf("ended %v after %v, want within a second", took, tt.sig)
			}
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != exitCancelled {
				t.Fatalf("exit %v, want status %d; stderr: %s", err, exitCancelled, stderr.String())
			}
			msg := strings.TrimSpace(stderr.String())
			if strings.Count(msg, "\n") > 0 || !strings.Contains(msg, "interrupted") {
				t.Errorf("stderr %q, want one line saying it was interrupted", msg)
			}
			if strings.Contains(msg, "goroutine ") || strings.Contains(msg, "panic") {
				t.Errorf("stack trace on stderr: %s", msg)
			}
			if stdout.Len() != 0 {
				t.Errorf("an interrupted run printed a report: %q", stdout.String())
			}
		})
	}
}
