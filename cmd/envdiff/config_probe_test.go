package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestConfigProbeSection(t *testing.T) {
	const envs = "environments:\n  - name: a\n    role: target\n"
	tests := []struct {
		name    string
		probe   string
		wantErr string
		check   func(t *testing.T, c *config)
	}{
		{name: "full section", probe: `probe:
  overrides:
    Prod-Core-1234567890.eu-west-1.elb.amazonaws.com: "127.0.0.1:8443"
    mydomain.com:443: "127.0.0.1:9443"
  only_overrides: true
  resolver: 127.0.0.1:5353
  timeout: 2s
  concurrency: 4
`, check: func(t *testing.T, c *config) {
			p := c.Probe
			if p.Overrides["prod-core-1234567890.eu-west-1.elb.amazonaws.com"] != "127.0.0.1:8443" ||
				p.Overrides["mydomain.com:443"] != "127.0.0.1:9443" || !p.OnlyOverrides ||
				p.Resolver != "127.0.0.1:5353" || p.Timeout != 2*time.Second || p.Concurrency != 4 {
				t.Errorf("probe options = %+v", p)
			}
		}},
		{name: "no section", check: func(t *testing.T, c *config) {
			if c.Probe.Overrides != nil || c.Probe.Resolver != "" {
				t.Errorf("probe options = %+v", c.Probe)
			}
		}},
		{name: "unknown key names its line", probe: "probe:\n  resolvers: 127.0.0.1:53\n", wantErr: ":5: probe.resolvers: unknown key"},
		{name: "bad timeout names its line", probe: "probe:\n  timeout: soon\n", wantErr: ":5: probe.timeout"},
		{name: "overrides must be a mapping", probe: "probe:\n  overrides: [a]\n", wantErr: ":5: probe.overrides: must be a mapping"},
		{name: "bad override address", probe: "probe:\n  overrides: {a.example: nowhere}\n", wantErr: `probe.overrides["a.example"]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "envdiff.yaml")
			if err := os.WriteFile(path, []byte(envs+tt.probe), 0o600); err != nil {
				t.Fatal(err)
			}
			cfg, err := loadConfig(path, true)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, cfg)
		})
	}
}
