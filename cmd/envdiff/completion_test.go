package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func runCompletion(t *testing.T, args ...string) (string, error) {
	t.Helper()
	root := newRootCmd(buildInfo{Version: "test"})
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&out)
	root.SetArgs(append([]string{"completion"}, args...))
	err := root.ExecuteContext(context.Background())
	return out.String(), err
}

func TestCompletionScripts(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"bash"}, []string{"# bash completion V2 for envdiff", "__start_envdiff"}},
		{[]string{"zsh"}, []string{"#compdef envdiff", "compdef _envdiff envdiff"}},
		{[]string{"fish"}, []string{"complete -c envdiff"}},
		{[]string{"powershell"}, []string{"Register-ArgumentCompleter", "-CommandName 'envdiff'"}},
		{[]string{"bash", "--no-descriptions"}, []string{"__start_envdiff"}},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			out, err := runCompletion(t, tc.args...)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("script lacks %q", w)
				}
			}
		})
	}
}

func TestCompletionBadShellIsUsageError(t *testing.T) {
	for _, args := range [][]string{{"tcsh"}, {}, {"bash", "zsh"}} {
		_, err := runCompletion(t, args...)
		var ee *exitError
		if !errors.As(err, &ee) || ee.code != exitUsage {
			t.Errorf("completion %v: error %v, want exit status %d", args, err, exitUsage)
		}
	}
}

// TestCompletionBashLoads sources the script in a real bash and asks the completion
// function for the subcommands, as pressing tab after "envdiff " would.
func TestCompletionBashLoads(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("bash not installed")
	}
	script, err := runCompletion(t, "bash")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "envdiff.bash")
	if err := os.WriteFile(path, []byte(script), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bash, "--norc", "--noprofile", "-c", "source "+path+" && complete -p envdiff").CombinedOutput()
	if err != nil {
		t.Fatalf("bash could not load the script: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "__start_envdiff") {
		t.Errorf("completion not registered: %s", out)
	}
	// The script asks the program itself (envdiff __complete ...) for candidates.
	cands, err := runCompletionRequest(t, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"completion", "version"} {
		if !strings.Contains(cands, want) {
			t.Errorf("candidates for %q lack %q:\n%s", "envdiff ", want, cands)
		}
	}
	shells, err := runCompletionRequest(t, "completion", "")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(shells, "fish") || !strings.Contains(shells, "powershell") {
		t.Errorf("candidates after completion: %s", shells)
	}
}

func runCompletionRequest(t *testing.T, args ...string) (string, error) {
	t.Helper()
	root := newRootCmd(buildInfo{Version: "test"})
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&bytes.Buffer{})
	root.SetArgs(append([]string{"__complete"}, args...))
	err := root.ExecuteContext(context.Background())
	return out.String(), err
}
