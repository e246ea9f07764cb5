package collect_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/envdiff/envdiff/collect"
	"github.com/envdiff/envdiff/collect/awsfake"
)

// isolateAWSConfig points the SDK at an empty home with the given shared config, so
// that the developer's own ~/.aws never takes part.
func isolateAWSConfig(t *testing.T, sharedConfig string) {
	t.Helper()
	home := t.TempDir()
	cfg := filepath.Join(home, "config")
	if err := os.WriteFile(cfg, []byte(sharedConfig), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("HOME", home)
	t.Setenv("AWS_CONFIG_FILE", cfg)
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(home, "credentials"))
	for _, v := range []string{"AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE"} {
		t.Setenv(v, "")
		os.Unsetenv(v)
	}
	// No instance metadata service in tests: fail at once instead of probing.
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
}

func TestFailedCredentialsAreReportedByNameAndOthersGoOn(t *testing.T) {
	isolateAWSConfig(t, `[profile prod-sso]
sso_session = corp
sso_account_id = 333333333333
sso_role_name = ReadOnly
region = eu-west-1

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1
`)
	srv, envs := serve(t, seed(t), awsfake.WithoutLatency())
	tests := []struct {
		name    string
		env     collect.Environment
		message []string
	}{
		{"expired SSO session", collect.Environment{Name: "production", Role: collect.RoleTarget, Profile: "prod-sso", Regions: []string{"eu-west-1"}},
			[]string{"environment production", "try: aws sso login --profile prod-sso"}},
		{"no such profile", collect.Environment{Name: "production", Role: collect.RoleTarget, Profile: "nope", Regions: []string{"eu-west-1"}},
			[]string{"environment production", "nope", "try: aws sso login --profile nope"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			run := append([]collect.Environment{}, envs[:3]...)
			run = append(run, tt.env)
			start := time.Now()
			snaps := collect.Collect(context.Background(), run, fastOptions(srv))
			if took := time.Since(start); took > 5*time.Second {
				t.Errorf("took %v to report failed credentials", took)
			}
			prod := snaps[3]
			if len(prod.Errors) != 1 || prod.Errors[0].Kind != collect.ErrCredentials || prod.Errors[0].Service != "" {
				t.Fatalf("errors = %+v, want one credentials error for the environment", prod.Errors)
			}
			for _, w := range tt.message {
				if !strings.Contains(prod.Errors[0].Message, w) {
					t.Errorf("message %q does not contain %q", prod.Errors[0].Message, w)
				}
			}
			if !prod.Failed(collect.ServiceACM, "eu-west-1") {
				t.Error("an environment without credentials must read as unknown everywhere")
			}
			for _, s := range snaps[:3] {
				if !s.Complete() || len(s.Certificates) == 0 {
					t.Errorf("%s did not go on: %+v", s.Environment.Name, s.Errors)
				}
			}
		})
	}
}
