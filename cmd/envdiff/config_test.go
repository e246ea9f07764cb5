package main

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/envdiff/envdiff/collect"
	"github.com/envdiff/envdiff/diff"
)

func writeConfig(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "envdiff.yaml")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

const fullConfig = `environments:
  - name: staging
    role: passed
    account: "222222222222"
    regions: [eu-west-1, eu-central-1]
    domains: [staging.mydomain.com]
    tokens: [staging, stg]
    profile: staging-sso
  - name: production
    role: target
    account: "333333333333"
    domains: [mydomain.com]
    profile: ops
    role_arn: arn:aws:iam::333333333333:role/envdiff-read
    external_id: envdiff-7f3a
    session_name: envdiff-oncall
collection:
  concurrency: 16
  call_timeout: 15s
  cert_warning_days: 21
ignore:
  - check: http-redirects-https
    env: staging
    reason: staging has no HTTP listener on purpose
  - check: cert-expiry
    node: "*/certificate default"
    reason: renewal ticket OPS-123
    until: 2026-12-31
`

func TestLoadConfigComplete(t *testing.T) {
	cfg, err := loadConfig(writeConfig(t, fullConfig), true)
	if err != nil {
		t.Fatal(err)
	}
	want := []collect.Environment{
		{Name: "staging", Role: "passed", Account: "222222222222", Regions: []string{"eu-west-1", "eu-central-1"},
			Domains: []string{"staging.mydomain.com"}, Tokens: []string{"staging", "stg"}, Profile: "staging-sso"},
		{Name: "production", Role: "target", Account: "333333333333", Regions: []string{"us-east-1"},
			Domains: []string{"mydomain.com"}, Profile: "ops",
			RoleARN: "arn:aws:iam::333333333333:role/envdiff-read", ExternalID: "envdiff-7f3a", SessionName: "envdiff-oncall"},
	}
	if !reflect.DeepEqual(cfg.Environments, want) {
		t.Errorf("environments =\n%+v\nwant\n%+v", cfg.Environments, want)
	}
	if cfg.Concurrency != 16 || cfg.CallTimeout != 15*time.Second || cfg.CertWarning != 21*24*time.Hour {
		t.Errorf("collection = %d %v %v", cfg.Concurrency, cfg.CallTimeout, cfg.CertWarning)
	}
	wantIgnore := []diff.IgnoreRule{
		{Check: "http-redirects-https", Env: "staging", Reason: "staging has no HTTP listener on purpose"},
		{Check: "cert-expiry", Node: "*/certificate default", Reason: "renewal ticket OPS-123",
			Until: time.Date(2026, 12, 31, 23, 59, 59, 0, time.UTC)},
	}
	if !reflect.DeepEqual(cfg.Ignore, wantIgnore) {
		t.Errorf("ignore = %+v\nwant %+v", cfg.Ignore, wantIgnore)
	}
}

func TestLoadConfigDefaultsAndOverrides(t *testing.T) {
	path := writeConfig(t, "environments:\n  - name: a\n")
	cfg, err := loadConfig(path, true)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Concurrency != 32 || cfg.CallTimeout != 20*time.Second || cfg.CertWarning != 30*24*time.Hour {
		t.Errorf("defaults = %d %v %v", cfg.Concurrency, cfg.CallTimeout, cfg.CertWarning)
	}
	if e := cfg.Environments[0]; e.Role != collect.RolePassed || !reflect.DeepEqual(e.Regions, []string{"us-east-1"}) {
		t.Errorf("environment defaults = %+v", e)
	}

	t.Setenv("ENVDIFF_COLLECTION_CONCURRENCY", "4")
	t.Setenv("ENVDIFF_COLLECTION_CALL_TIMEOUT", "3s")
	cfg, err = loadConfig(writeConfig(t, fullConfig), true)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Concurrency != 4 || cfg.CallTimeout != 3*time.Second || cfg.CertWarning != 21*24*time.Hour {
		t.Errorf("with overrides = %d %v %v", cfg.Concurrency, cfg.CallTimeout, cfg.CertWarning)
	}

	t.Setenv("ENVDIFF_COLLECTION_CALL_TIMEOUT", "soon")
	_, err = loadConfig(path, true)
	if err == nil || !strings.Contains(err.Error(), "ENVDIFF_COLLECTION_CALL_TIMEOUT") {
		t.Errorf("error = %v, want it to name the variable", err)
	}
}

func TestLoadConfigErrorsNameKeyAndLine(t *testing.T) {
	const env = "environments:\n  - name: a\n"
	tests := []struct {
		name, content, want string
	}{
		{"unknown top-level key", env + "colection:\n  concurrency: 2\n", ":3: colection: unknown key"},
		{"typo in an environment", "environments:\n  - name: a\n    regoins: [eu-west-1]\n", ":3: environments[0].regoins: unknown key (known: account, domains,"},
		{"regions not a list", "environments:\n  - name: a\n    regions: eu-west-1\n", ":3: environments[0].regions: must be a list"},
		{"bad role", "environments:\n  - name: a\n    role: prod\n", `:3: environments[0].role: "prod": want passed or target`},
		{"duplicate name", "environments:\n  - name: a\n  - name: a\n", `:3: environments[1].name: "a" already names the environment on line 2`},
		{"two targets", "environments:\n  - {name: a, role: target}\n  - {name: b, role: target}\n", ":3: environments[1].role: a second target"},
		{"missing name", "environments:\n  - role: passed\n", ":2: environments[0].name: required"},
		{"unquoted account", "environments:\n  - name: a\n    account: 012345678901\n", `:3: environments[0].account: write the account id in quotes`},
		{"short account", "environments:\n  - name: a\n    account: \"1234\"\n", `:3: environments[0].account: "1234": want a 12-digit account id`},
		{"bad role arn", "environments:\n  - name: a\n    role_arn: envdiff-read\n", ":3: environments[0].role_arn"},
		{"bad call timeout", env + "collection:\n  call_timeout: fast\n", `:4: collection.call_timeout: "fast"`},
		{"negative concurrency", env + "collection:\n  concurrency: -1\n", ":4: collection.concurrency"},
		{"bad until", env + "ignore:\n  - check: cert-expiry\n    until: next week\n", `:5: ignore[0].until: "next week"`},
		{"unknown ignore key", env + "ignore:\n  - check: cert-expiry\n    why: x\n", ":5: ignore[0].why: unknown key"},
		{"no environments", "collection:\n  concurrency: 2\n", "environments: at least one environment is required"},
		{"not YAML", "environments:\n  - name: a\n    domains: [a.example.com\n", ": not valid YAML:"},
		{"not a mapping", "- a\n- b\n", ":1: the configuration must be a mapping"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeConfig(t, tt.content)
			_, err := loadConfig(path, true)
			if err == nil {
				t.Fatal("loaded; want an error")
			}
			var ee *exitError
			if !errors.As(err, &ee) || ee.code != exitUsage {
				t.Errorf("error %v is not a usage error (exit 2)", err)
			}
			if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %q\nwant it to name %s and contain %q", err, path, tt.want)
			}
		})
	}
}

func TestLoadConfigMissingFile(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "envdiff.yaml")
	_, err := loadConfig(missing, false)
	if err == nil || !strings.Contains(err.Error(), "--scenario") || !strings.Contains(err.Error(), missing) {
		t.Errorf("default file missing: %v", err)
	}
	_, err = loadConfig(missing, true)
	var ee *exitError
	if err == nil || !errors.As(err, &ee) || ee.code != exitUsage || !strings.Contains(err.Error(), missing) {
		t.Errorf("named file missing: %v", err)
	}
}

// TestReadmeConfigurationExampleLoads keeps the README's complete example valid.
func TestReadmeConfigurationExampleLoads(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(data), "\n## Configuration\n")
	if !ok {
		t.Fatal("README has no Configuration section")
	}
	_, block, ok := strings.Cut(section, "```yaml\n")
	if !ok {
		t.Fatal("README's Configuration section has no yaml example")
	}
	block, _, _ = strings.Cut(block, "```")
	cfg, err := loadConfig(writeConfig(t, block), true)
	if err != nil {
		t.Fatalf("README example: %v", err)
	}
	if len(cfg.Environments) < 2 || len(cfg.Ignore) == 0 {
		t.Errorf("the README example should show several environments and an ignore rule: %+v", cfg)
	}
}
