package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// envdiffBinary is the real binary, built once by TestMain, for tests that must see what
// a user sees: exit statuses, stdout against stderr, no stack traces.
var envdiffBinary string

func TestMain(m *testing.M) {
	os.Exit(testMain(m))
}

func testMain(m *testing.M) int {
	dir, err := os.MkdirTemp("", "envdiff-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	envdiffBinary = filepath.Join(dir, "envdiff")
	build := exec.Command("go", "build", "-o", envdiffBinary, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build envdiff:", err)
		return 1
	}
	return m.Run()
}

// runBinary runs the built envdiff in dir (the test's directory when empty) and returns
// stdout, stderr and the exit status.
func runBinary(t *testing.T, dir string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(envdiffBinary, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("run envdiff %v: %v", args, err)
	}
	return stdout.String(), stderr.String(), code
}
