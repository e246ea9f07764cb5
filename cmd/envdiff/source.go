package main

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/charmbracelet/x/term"

	"github.com/envdiff/envdiff/collect"
	"github.com/envdiff/envdiff/collect/awsfake"
	"github.com/envdiff/envdiff/collect/probe"
	"github.com/envdiff/envdiff/diff"
)

// demoScenario is the embedded scenario `envdiff demo` serves.
const demoScenario = "seed-502"

// collectSettings is what the commands need besides the snapshots themselves.
type collectSettings struct {
	// Source says where the snapshots came from, for headers and messages:
	// "configuration envdiff.yaml", "scenario FILE", "demo seed-502".
	Source string
	// Environments in display order (without credentials).
	Environments []collect.Environment
	CertWarning  time.Duration
	Ignore       []diff.IgnoreRule
	// Probe is the probe: section, used by --probe.
	Probe probe.Options
}

// source is where snapshots come from: AWS, through the configuration, or a scenario
// served on loopback by the local endpoint. Open it once and Collect as often as the
// dashboard polls; Close stops the endpoint.
type source struct {
	settings collectSettings
	envs     []collect.Environment // with credentials
	opts     collect.Options
	server   *awsfake.Server
	probe    bool
	// collector is made on the first Collect and kept: credentials, token buckets and
	// connections carry over from poll to poll.
	collector *collect.Collector
	// mu guards collector: the dashboard may start a refresh while the last one winds down.
	mu sync.Mutex
}

// openSource opens the source the global flags name: --scenario FILE, else the
// configuration file (--config, default ./envdiff.yaml).
func (g *globalOptions) openSource() (*source, error) {
	if g.scenario != "" {
		s, err := loadScenarioArg(g.scenario)
		if err != nil {
			return nil, err
		}
		src, err := openScenario(s, "scenario "+g.scenario)
		if err != nil {
			return nil, err
		}
		// An explicit --config still brings its collection settings and ignore rules.
		if g.configFile != "" {
			cfg, err := loadSettingsConfig(g.configFile, true)
			if err != nil {
				src.Close()
				return nil, err
			}
			src.applyConfig(cfg)
		} else if cfg, ok, err := envCollectionConfig(); err != nil {
			src.Close()
			return nil, err
		} else if ok {
			src.opts.Concurrency, src.opts.CallTimeout = cfg.Concurrency, cfg.CallTimeout
			src.settings.CertWarning = cfg.CertWarning
		}
		return src, nil
	}
	path, explicit := g.configFile, true
	if path == "" {
		path, explicit = defaultConfigFile, false
	}
	cfg, err := loadConfig(path, explicit)
	if err != nil {
		return nil, err
	}
	src := &source{envs: cfg.Environments, settings: collectSettings{Source: "configuration " + path}}
	src.applyConfig(cfg)
	return src, nil
}

// openDemoSource serves the embedded seed-502 scenario: the demo takes the same path
// as a real run, through the SDK and the wire protocols.
func openDemoSource() (*source, error) {
	s, err := awsfake.Embedded(demoScenario)
	if err != nil {
		return nil, fmt.Errorf("demo scenario %s: %w", demoScenario, err)
	}
	return openScenario(s, "demo "+demoScenario)
}

// openScenario starts the local endpoint for s on loopback and points collection at it,
// with each environment's static scenario credentials.
func openScenario(s *awsfake.Scenario, label string, opts ...awsfake.Option) (*source, error) {
	srv, err := awsfake.Start(s, "", opts...)
	if err != nil {
		return nil, fmt.Errorf("%s: start the local AWS endpoint: %w", label, err)
	}
	src := &source{server: srv, settings: collectSettings{Source: label, CertWarning: diff.DefaultCertWarning}}
	for _, e := range s.Environments {
		key, secret := awsfake.Credentials(e.Account)
		src.envs = append(src.envs, collect.Environment{
			Name: e.Name, Role: e.Role, Account: e.Account,
			Regions: slices.Clone(e.Regions), Domains: slices.Clone(e.Domains), Tokens: slices.Clone(e.Tokens),
			HAProxyConfig: e.HAProxyConfig,
			AccessKeyID:   key, SecretAccessKey: secret,
		})
	}
	src.opts.Endpoint = srv.URL
	src.settings.Environments = withoutSecrets(src.envs)
	return src, nil
}

func (s *source) applyConfig(cfg *config) {
	s.opts.Concurrency = cfg.Concurrency
	s.opts.CallTimeout = cfg.CallTimeout
	s.settings.CertWarning = cfg.CertWarning
	s.settings.Ignore = cfg.Ignore
	s.settings.Probe = cfg.Probe
	s.settings.Environments = withoutSecrets(s.envs)
}

// Settings returns the environments and analysis settings of the source.
func (s *source) Settings() *collectSettings { c := s.settings; return &c }

// Collect snapshots the environments named in only (all when empty), in configuration
// order. An unknown name is a usage error that lists the known ones.
func (s *source) Collect(ctx context.Context, only []string, progress func(collect.Event)) ([]*collect.Snapshot, error) {
	envs, err := selectEnvironments(s.envs, only)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	if s.collector == nil {
		s.collector = collect.NewCollector(s.opts)
	}
	c := s.collector
	s.mu.Unlock()
	snaps := c.Collect(ctx, envs, progress)
	if s.probe && ctx.Err() == nil {
		popts := s.settings.Probe
		popts.OnEvent = progress
		probe.Attach(ctx, snaps, popts)
	}
	return snaps, nil
}

// EnableProbes makes every Collect also run the live probes (--probe): TLS handshakes
// and SRV lookups, recorded in each snapshot's probes section.
func (s *source) EnableProbes() { s.probe = true }

// Close releases the connections and stops the local endpoint, if any.
func (s *source) Close() error {
	s.mu.Lock()
	if s.collector != nil {
		s.collector.Close()
		s.collector = nil
	}
	s.mu.Unlock()
	if s.server == nil {
		return nil
	}
	err := s.server.Close()
	s.server = nil
	return err
}

func selectEnvironments(envs []collect.Environment, only []string) ([]collect.Environment, error) {
	if len(only) == 0 {
		return envs, nil
	}
	var out []collect.Environment
	for _, name := range only {
		i := slices.IndexFunc(envs, func(e collect.Environment) bool { return e.Name == name })
		if i < 0 {
			names := make([]string, len(envs))
			for j, e := range envs {
				names[j] = e.Name
			}
			return nil, usageErr("--env %s: no such environment (known: %s)", name, strings.Join(names, ", "))
		}
		if !slices.ContainsFunc(out, func(e collect.Environment) bool { return e.Name == name }) {
			out = append(out, envs[i])
		}
	}
	return out, nil
}

func withoutSecrets(envs []collect.Environment) []collect.Environment {
	out := slices.Clone(envs)
	for i := range out {
		out[i].AccessKeyID, out[i].SecretAccessKey = "", ""
	}
	return out
}

// isTerminal reports whether f is a terminal (progress lines only go to one).
func isTerminal(w any) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}
