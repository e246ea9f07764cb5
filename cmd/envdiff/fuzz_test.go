package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzLoadConfig feeds the configuration loader any file: it never panics, every
// refusal is a usage error (exit status 2) that names the file, and what it accepts
// has environments with names.
func FuzzLoadConfig(f *testing.F) {
	f.Add([]byte(fullConfig))
	for _, s := range []string{
		"", "environments: []\n", "environments: {}\n", "environments:\n  - name: 1\n", "\x00\xff",
		"environments:\n  - {name: a, role: passed}\n  - {name: b, role: target}\n",
		"environments:\n  - {name: a, role: target, regions: eu-west-1}\ncollection: {concurrency: -1, call_timeout: forever}\n",
		"collection:\n  concurrency: 1e309\n  cert_warning_days: [1]\n", "ignore:\n  - {check: x, until: 2026-13-45}\n",
		"a: &a [*a]\n", "environments: &e\n  - *e\n", "? [a]\n: b\n", "environments:\n\t- name: a\n",
		"environments:\n  - name: a\n    name: b\n", "probe: {timeout: 1h, resolver: \"\\x1b[2J\"}\n",
	} {
		f.Add([]byte(s))
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "envdiff.yaml")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		cfg, err := loadConfig(path, true)
		if err != nil {
			var ee *exitError
			if !errors.As(err, &ee) || ee.code != exitUsage {
				t.Fatalf("refusal %v is not a usage error", err)
			}
			if !strings.Contains(err.Error(), path) && !strings.Contains(err.Error(), envPrefix+"_") {
				t.Fatalf("error %q names neither the file nor a variable", err)
			}
			return
		}
		if len(cfg.Environments) == 0 {
			t.Fatal("accepted a configuration without environments")
		}
		for _, e := range cfg.Environments {
			if e.Name == "" {
				t.Fatalf("accepted an environment without a name: %+v", e)
			}
		}
	})
}
