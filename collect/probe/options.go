// Package probe checks what clients actually get from an environment: it completes TLS
// handshakes with the host names clients and CloudFront use, and resolves the SRV names
// services are discovered by, and records the results in the snapshot's probe section.
// It reads a collected snapshot to know what to probe, and never calls AWS APIs.
package probe

import (
	"crypto/x509"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/envdiff/envdiff/collect"
)

// Defaults for the options left zero.
const (
	DefaultTimeout     = 3 * time.Second
	DefaultConcurrency = 16
	maxConcurrency     = 1024
)

// Options say where and how to probe.
type Options struct {
	// Overrides maps a name to the "ip:port" to connect to instead of what DNS says: for
	// private endpoints, or to point an environment at loopback servers. A key may be
	// the dialled name (a load balancer's or distribution's DNS name) or the host name
	// (the SNI), each with or without ":port"; the most specific wins, dialled name first.
	Overrides map[string]string
	// OnlyOverrides probes nothing that has no override (the rest is recorded as
	// unknown, "skipped"): for networks where public DNS is not reachable.
	OnlyOverrides bool
	// Resolver is the DNS server ("host:port") SRV names are asked; empty means the
	// first nameserver of /etc/resolv.conf.
	Resolver string
	// RootCAs verifies served chains; nil means the system roots.
	RootCAs *x509.CertPool
	// Timeout bounds each probe (dial, handshake, or one DNS exchange).
	Timeout time.Duration
	// Concurrency bounds how many probes run at once.
	Concurrency int
	// HostResolver looks up the addresses of dialled names; nil means the system's.
	HostResolver *net.Resolver
	// Now is the verification time; nil means time.Now.
	Now func() time.Time
	// OnEvent receives progress (service collect.ServiceProbe; Calls counts finished
	// probes, Items all of them). Calls are serialised, so it need not lock; it must
	// return quickly.
	OnEvent func(collect.Event)
}

func (o Options) withDefaults() Options {
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.Concurrency <= 0 {
		o.Concurrency = DefaultConcurrency
	}
	if o.HostResolver == nil {
		o.HostResolver = net.DefaultResolver
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// Config is the `probe:` section of envdiff.yaml:
//
//	probe:
//	  overrides: {prod-core-1234567890.eu-west-1.elb.amazonaws.com: "10.3.0.15:443"}
//	  only_overrides: false
//	  resolver: "127.0.0.1:5353"
//	  timeout: 3s
//	  concurrency: 16
//	  ca_file: ./internal-ca.pem
//
// Timeout is a string so that any decoder (viper's, yaml.v3) reads it the same way.
type Config struct {
	Overrides     map[string]string `mapstructure:"overrides" yaml:"overrides" json:"overrides,omitempty"`
	OnlyOverrides bool              `mapstructure:"only_overrides" yaml:"only_overrides" json:"only_overrides,omitempty"`
	Resolver      string            `mapstructure:"resolver" yaml:"resolver" json:"resolver,omitempty"`
	Timeout       string            `mapstructure:"timeout" yaml:"timeout" json:"timeout,omitempty"`
	Concurrency   int               `mapstructure:"concurrency" yaml:"concurrency" json:"concurrency,omitempty"`
	CAFile        string            `mapstructure:"ca_file" yaml:"ca_file" json:"ca_file,omitempty"`
}

// OptionsFromConfig validates the probe section and turns it into Options. baseDir
// resolves a relative ca_file (the configuration file's directory). Errors name the key.
func OptionsFromConfig(c Config, baseDir string) (Options, error) {
	o := Options{OnlyOverrides: c.OnlyOverrides, Concurrency: c.Concurrency}
	if len(c.Overrides) > 0 {
		o.Overrides = make(map[string]string, len(c.Overrides))
	}
	for name, addr := range c.Overrides {
		host, port, err := net.SplitHostPort(addr)
		if err != nil || host == "" {
			return Options{}, fmt.Errorf("probe.overrides[%q]: %q is not ip:port", name, addr)
		}
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return Options{}, fmt.Errorf("probe.overrides[%q]: port %q is not a number from 1 to 65535", name, port)
		}
		o.Overrides[normaliseKey(name)] = addr
	}
	if c.Resolver != "" {
		addr, err := resolverAddress(c.Resolver)
		if err != nil {
			return Options{}, fmt.Errorf("probe.resolver: %w", err)
		}
		o.Resolver = addr
	}
	if c.Timeout != "" {
		d, err := time.ParseDuration(c.Timeout)
		if err != nil || d <= 0 {
			return Options{}, fmt.Errorf("probe.timeout: %q is not a positive duration like 3s", c.Timeout)
		}
		o.Timeout = d
	}
	if c.Concurrency < 0 || c.Concurrency > maxConcurrency {
		return Options{}, fmt.Errorf("probe.concurrency: %d is not between 1 and %d", c.Concurrency, maxConcurrency)
	}
	if c.CAFile != "" {
		path := c.CAFile
		if !filepath.IsAbs(path) && baseDir != "" {
			path = filepath.Join(baseDir, path)
		}
		pem, err := os.ReadFile(path)
		if err != nil {
			return Options{}, fmt.Errorf("probe.ca_file: %w", err)
		}
		pool, err := x509.SystemCertPool()
		if err != nil || pool == nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM(pem) {
			return Options{}, fmt.Errorf("probe.ca_file: %s holds no PEM certificate", path)
		}
		o.RootCAs = pool
	}
	return o, nil
}

// resolverAddress accepts "host:port", "host" (port 53) and "[v6]:port".
func resolverAddress(s string) (string, error) {
	if host, port, err := net.SplitHostPort(s); err == nil {
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 || host == "" {
			return "", fmt.Errorf("%q is not host:port", s)
		}
		return s, nil
	}
	if strings.ContainsAny(s, " /") {
		return "", fmt.Errorf("%q is not host:port", s)
	}
	return net.JoinHostPort(strings.Trim(s, "[]"), "53"), nil
}

// normaliseKey lower-cases a name and drops a trailing dot, keeping any :port.
func normaliseKey(k string) string {
	k = strings.ToLower(strings.TrimSpace(k))
	if host, port, err := net.SplitHostPort(k); err == nil {
		return net.JoinHostPort(strings.TrimSuffix(host, "."), port)
	}
	return strings.TrimSuffix(k, ".")
}

// override returns the address configured for a probe, if any.
func (o Options) override(dialName, host string, port int) (string, bool) {
	p := strconv.Itoa(port)
	for _, k := range []string{net.JoinHostPort(dialName, p), dialName, net.JoinHostPort(host, p), host} {
		if addr, ok := o.Overrides[normaliseKey(k)]; ok {
			return addr, true
		}
	}
	return "", false
}
