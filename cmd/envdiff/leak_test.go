package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/envdiff/envdiff/collect/awsfake"
)

// Sentinel credentials: unique strings that must never appear in anything envdiff
// writes. The key id fits AWS's shape so that nothing treats it specially.
const (
	sentinelKeyID   = "AKIASENTINEL7Q4XKZ2W"
	sentinelSecret  = "SENTINELSECRETwJalrXUtnFEMIK7MDENGbPxRfiCY"
	sentinelToken   = "SENTINELTOKENIQoJb3JpZ2luX2VjEHwaCXVzLWVhc3QtMSJGMEQCIH"
	sentinelProfile = "sentinel-profile"
)

var sentinels = []string{"SENTINEL", sentinelKeyID, sentinelSecret, sentinelToken}

// TestCredentialsNeverLeak runs the binary against the local endpoint with sentinel
// credentials from the environment and from a shared credentials file, in successful,
// incomplete and failing runs, and greps every output: stdout, stderr, reports,
// snapshot files. Snapshot files must be 0600 and replaced atomically.
func TestCredentialsNeverLeak(t *testing.T) {
	s, err := awsfake.Embedded(demoScenario)
	if err != nil {
		t.Fatal(err)
	}
	// The sentinel key names no scenario account, so every call is an empty answer, or
	// these faults: error messages are where secrets tend to slip out.
	s.Faults = []awsfake.Fault{
		{Service: "elbv2", Kind: awsfake.FaultAccessDenied},
		{Service: "acm", Region: "eu-west-1", Kind: awsfake.FaultMalformed},
	}
	srv, err := awsfake.Start(s, "", awsfake.WithoutLatency())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })

	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	envCfg := write("env.yaml", `environments:
  - {name: staging, role: passed, account: "222222222222", regions: [eu-west-1], domains: [staging.mydomain.com]}
  - {name: production, role: target, account: "333333333333", regions: [eu-west-1], domains: [mydomain.com]}
collection: {call_timeout: 2s}
`)
	profileCfg := write("profile.yaml", `environments:
  - {name: staging, role: passed, profile: `+sentinelProfile+`, regions: [eu-west-1], domains: [staging.mydomain.com]}
  - {name: production, role: target, profile: `+sentinelProfile+`, regions: [eu-west-1], domains: [mydomain.com]}
collection: {call_timeout: 2s}
`)
	// AssumeRole goes to the local endpoint, which serves no STS: a failing run.
	roleCfg := write("role.yaml", `environments:
  - {name: staging, role: passed, role_arn: "arn:aws:iam::222222222222:role/envdiff-read", external_id: SENTINELEXTERNAL, domains: [staging.mydomain.com]}
  - {name: production, role: target, profile: `+sentinelProfile+`, role_arn: "arn:aws:iam::333333333333:role/envdiff-read", domains: [mydomain.com]}
collection: {call_timeout: 2s}
`)
	credFile := write("credentials", "["+sentinelProfile+"]\naws_access_key_id = "+sentinelKeyID+
		"\naws_secret_access_key = "+sentinelSecret+"\naws_session_token = "+sentinelToken+"\n")
	awsConfig := write("aws-config", "[profile "+sentinelProfile+"]\nregion = eu-west-1\n")
	env := append(os.Environ(),
		"NO_COLOR=1", "HOME="+dir, "AWS_ENDPOINT_URL="+srv.URL, "AWS_EC2_METADATA_DISABLED=true",
		"AWS_SHARED_CREDENTIALS_FILE="+credFile, "AWS_CONFIG_FILE="+awsConfig,
		"AWS_ACCESS_KEY_ID="+sentinelKeyID, "AWS_SECRET_ACCESS_KEY="+sentinelSecret, "AWS_SESSION_TOKEN="+sentinelToken,
	)
	snapEnv := filepath.Join(dir, "snap-env.json")
	snapProfile := filepath.Join(dir, "snap-profile.json")
	runs := []struct {
		name string
		args []string
		want []int
	}{
		{"report markdown from environment variables", []string{"report", "--config", envCfg}, []int{exitIncomplete}},
		{"report JSON to a file", []string{"report", "--config", envCfg, "--format", "json", "-o", filepath.Join(dir, "report.json")}, []int{exitIncomplete}},
		{"report markdown to a file", []string{"report", "--config", profileCfg, "-o", filepath.Join(dir, "report.md")}, []int{exitIncomplete}},
		{"snapshot from environment variables", []string{"snapshot", "--config", envCfg, "-o", snapEnv}, []int{exitIncomplete}},
		{"snapshot from a profile", []string{"snapshot", "--config", profileCfg, "-o", snapProfile}, []int{exitIncomplete}},
		{"snapshot again over the file", []string{"snapshot", "--config", profileCfg, "-o", snapProfile}, []int{exitIncomplete}},
		{"snapshot to stdout", []string{"snapshot", "--config", envCfg}, []int{exitIncomplete}},
		{"diff over the snapshots", []string{"diff", "--baseline", snapEnv, "--target", snapProfile, "--target-env", "production"}, []int{exitIncomplete, exitUsage}},
		{"AssumeRole fails", []string{"report", "--config", roleCfg, "--format", "json"}, []int{exitIncomplete}},
		{"unknown environment", []string{"snapshot", "--config", envCfg, "--env", "SENTINELENV"}, []int{exitUsage}},
	}
	var inodeBefore os.FileInfo
	for _, r := range runs {
		if r.name == "snapshot again over the file" {
			inodeBefore, _ = os.Stat(snapProfile)
		}
		cmd := exec.Command(envdiffBinary, r.args...)
		cmd.Dir, cmd.Env = dir, env
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		code := 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		ok := false
		for _, w := range r.want {
			ok = ok || code == w
		}
		if !ok {
			t.Errorf("%s: exit %d, want one of %v; stderr: %s", r.name, code, r.want, stderr.String())
		}
		if stdout.Len()+stderr.Len() == 0 && !strings.Contains(strings.Join(r.args, " "), "-o") {
			t.Errorf("%s: no output at all; the run proves nothing", r.name)
		}
		for _, out := range []struct{ what, text string }{{"stdout", stdout.String()}, {"stderr", stderr.String()}} {
			for _, sen := range sentinels {
				if sen == "SENTINEL" && strings.Contains(out.text, "SENTINELENV") {
					continue // the environment name the user typed, echoed back
				}
				if strings.Contains(out.text, sen) {
					t.Errorf("%s: %s holds %q:\n%s", r.name, out.what, sen, out.text)
				}
			}
		}
		if strings.HasPrefix(r.name, "report markdown from") && !strings.Contains(stdout.String(), "collection-incomplete") {
			t.Errorf("%s: the faults did not reach the report:\n%s", r.name, stdout.String())
		}
		if r.name == "AssumeRole fails" && !strings.Contains(stdout.String(), "credentials") {
			t.Errorf("%s: the report does not say the credentials failed:\n%s", r.name, stdout.String())
		}
	}

	if len(srv.Endpoint.Calls()) == 0 {
		t.Fatal("no call reached the local endpoint: the sentinel credentials were never used")
	}

	// Every file envdiff wrote.
	for _, name := range []string{"report.json", "report.md", "snap-env.json", "snap-profile.json"} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Errorf("%s was not written: %v", name, err)
			continue
		}
		for _, sen := range sentinels {
			if bytes.Contains(data, []byte(sen)) {
				t.Errorf("%s holds %q", name, sen)
			}
		}
	}
	for _, name := range []string{"snap-env.json", "snap-profile.json"} {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			continue
		}
		if mode := fi.Mode().Perm(); mode != 0o600 {
			t.Errorf("%s has mode %o, want 0600", name, mode)
		}
	}
	// Atomic: the second snapshot replaced the file by rename (a new inode), so a reader
	// never sees half a file; and no temporary file is left behind.
	if after, err := os.Stat(snapProfile); err == nil && inodeBefore != nil && os.SameFile(inodeBefore, after) {
		t.Error("the snapshot file was rewritten in place, not replaced atomically")
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") || strings.Contains(e.Name(), ".tmp") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}
