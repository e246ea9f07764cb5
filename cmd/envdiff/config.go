package main

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/viper"
	"gopkg.in/yaml.v3"

	"github.com/envdiff/envdiff/collect"
	"github.com/envdiff/envdiff/collect/probe"
	"github.com/envdiff/envdiff/diff"
)

// defaultConfigFile is read when --config is not given.
const defaultConfigFile = "envdiff.yaml"

// envPrefix marks the environment variables that override configuration keys:
// ENVDIFF_COLLECTION_CONCURRENCY overrides collection.concurrency.
const envPrefix = "ENVDIFF"

// Defaults of the collection: section.
const (
	defaultConcurrency     = 32
	defaultCallTimeout     = 20 * time.Second
	defaultCertWarningDays = 30
)

// config is envdiff.yaml, validated, with ENVDIFF_* overrides applied.
type config struct {
	Path         string
	Environments []collect.Environment
	Concurrency  int
	CallTimeout  time.Duration
	CertWarning  time.Duration
	Ignore       []diff.IgnoreRule
	// Probe is the probe: section, for --probe (overrides, resolver, timeout, ...).
	Probe probe.Options
}

// keyKind is the YAML shape a configuration key takes.
type keyKind int

const (
	kindString keyKind = iota
	kindStringList
	kindInt
	kindDuration
	kindDate
	kindStringMap
)

func environmentKeys() map[string]keyKind {
	return map[string]keyKind{
		"name": kindString, "role": kindString, "account": kindString,
		"regions": kindStringList, "domains": kindStringList, "tokens": kindStringList,
		"haproxy_config": kindString,
		"profile":        kindString, "role_arn": kindString, "external_id": kindString, "session_name": kindString,
	}
}

func collectionKeys() map[string]keyKind {
	return map[string]keyKind{"concurrency": kindInt, "call_timeout": kindDuration, "cert_warning_days": kindInt}
}

func probeKeys() map[string]keyKind {
	return map[string]keyKind{
		"overrides": kindStringMap, "only_overrides": kindString, "resolver": kindString,
		"timeout": kindDuration, "concurrency": kindInt, "ca_file": kindString,
	}
}

func ignoreKeys() map[string]keyKind {
	return map[string]keyKind{"check": kindString, "env": kindString, "node": kindString, "reason": kindString, "until": kindDate}
}

// loadConfig reads the configuration file. explicit says the user named it (--config);
// a missing default file is then a different message from a missing named one.
func loadConfig(path string, explicit bool) (*config, error) {
	return loadConfigFile(path, explicit, true)
}

// loadSettingsConfig reads a configuration that may lack environments: with --scenario
// they come from the scenario, and `envdiff diff` takes them from the snapshots; the
// file then brings collection settings and ignore rules only.
func loadSettingsConfig(path string, explicit bool) (*config, error) {
	return loadConfigFile(path, explicit, false)
}

func loadConfigFile(path string, explicit, needEnvironments bool) (*config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) && !explicit {
			return nil, usageErr("no configuration: %s not found; write one (see README \"Configuration\"), or pass --config FILE or --scenario FILE", path)
		}
		return nil, usageErr("configuration %s: %v", path, err)
	}
	return parseConfig(path, data, needEnvironments)
}

// envCollectionConfig is the collection settings ENVDIFF_COLLECTION_* give over the
// defaults, for a --scenario run without --config: the variables are documented to
// override, and were silently ignored there. ok is false when none is set.
func envCollectionConfig() (cfg *config, ok bool, err error) {
	for _, key := range []string{"concurrency", "call_timeout", "cert_warning_days"} {
		if _, set := os.LookupEnv(envPrefix + "_COLLECTION_" + strings.ToUpper(key)); set {
			ok = true
		}
	}
	if !ok {
		return nil, false, nil
	}
	cfg, err = parseConfig("environment", []byte("{}\n"), false)
	return cfg, err == nil, err
}

func parseConfig(path string, data []byte, needEnvironments bool) (*config, error) {
	lines, err := validateConfigYAML(path, data, needEnvironments)
	if err != nil {
		return nil, &exitError{code: exitUsage, err: err}
	}

	v := viper.New()
	v.SetConfigType("yaml")
	v.SetEnvPrefix(envPrefix)
	v.SetEnvKeyReplacer(strings.NewReplacer(".", "_"))
	v.AutomaticEnv()
	v.SetDefault("collection.concurrency", defaultConcurrency)
	v.SetDefault("collection.call_timeout", defaultCallTimeout.String())
	v.SetDefault("collection.cert_warning_days", defaultCertWarningDays)
	if err := v.ReadConfig(strings.NewReader(string(data))); err != nil {
		return nil, usageErr("configuration %s: %v", path, err)
	}

	cfg := &config{Path: path}
	// where names a key for an error: the overriding variable, or the file and line.
	where := func(key string) string {
		env := envPrefix + "_" + strings.ToUpper(strings.ReplaceAll(key, ".", "_"))
		if _, ok := os.LookupEnv(env); ok {
			return env
		}
		if l := lines[key]; l > 0 {
			return fmt.Sprintf("%s:%d: %s", path, l, key)
		}
		return fmt.Sprintf("%s: %s", path, key)
	}
	if cfg.Concurrency, err = parseCount(v.Get("collection.concurrency")); err != nil {
		return nil, usageErr("%s: %v", where("collection.concurrency"), err)
	}
	if cfg.CallTimeout, err = parseDuration(v.Get("collection.call_timeout")); err != nil {
		return nil, usageErr("%s: %v", where("collection.call_timeout"), err)
	}
	days, err := parseCount(v.Get("collection.cert_warning_days"))
	if err != nil {
		return nil, usageErr("%s: %v", where("collection.cert_warning_days"), err)
	}
	cfg.CertWarning = time.Duration(days) * 24 * time.Hour

	var envs []map[string]any
	if err := v.UnmarshalKey("environments", &envs); err != nil {
		return nil, usageErr("%s: %v", where("environments"), err)
	}
	for _, m := range envs {
		cfg.Environments = append(cfg.Environments, collect.Environment{
			Name: asString(m["name"]), Role: asString(m["role"]), Account: asString(m["account"]),
			Regions: asStrings(m["regions"]), Domains: asStrings(m["domains"]), Tokens: asStrings(m["tokens"]),
			HAProxyConfig: asString(m["haproxy_config"]),
			Profile:       asString(m["profile"]), RoleARN: asString(m["role_arn"]),
			ExternalID: asString(m["external_id"]), SessionName: asString(m["session_name"]),
		})
	}
	for i := range cfg.Environments {
		if cfg.Environments[i].Role == "" {
			cfg.Environments[i].Role = collect.RolePassed
		}
		if len(cfg.Environments[i].Regions) == 0 {
			cfg.Environments[i].Regions = []string{collect.GlobalRegion}
		}
	}

	var rules []map[string]any
	if err := v.UnmarshalKey("ignore", &rules); err != nil {
		return nil, usageErr("%s: %v", where("ignore"), err)
	}
	for i, m := range rules {
		r := diff.IgnoreRule{Check: asString(m["check"]), Env: asString(m["env"]), Node: asString(m["node"]), Reason: asString(m["reason"])}
		if u, ok := m["until"]; ok && u != nil {
			if r.Until, err = parseUntil(u); err != nil {
				return nil, usageErr("%s: %v", where(fmt.Sprintf("ignore[%d].until", i)), err)
			}
		}
		cfg.Ignore = append(cfg.Ignore, r)
	}

	var pc probe.Config
	if err := v.UnmarshalKey("probe", &pc); err != nil {
		return nil, usageErr("%s: %v", where("probe"), err)
	}
	if cfg.Probe, err = probe.OptionsFromConfig(pc, filepath.Dir(path)); err != nil {
		return nil, usageErr("%s: %v", path, err)
	}
	return cfg, nil
}

// validateConfigYAML checks the file's shape with line numbers, which viper loses: an
// unknown key (a typo) must not silently drop a setting. It returns the line of every
// key it saw, by dotted path ("collection.concurrency", "ignore[0].until").
func validateConfigYAML(path string, data []byte, needEnvironments bool) (map[string]int, error) {
	lines := map[string]int{}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		// yaml.v3 says "yaml: line N: ..."; put the line where editors jump to it.
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		if rest, ok := strings.CutPrefix(msg, "line "); ok {
			if n, tail, ok := strings.Cut(rest, ": "); ok {
				return nil, fmt.Errorf("%s:%s: not valid YAML: %s", path, n, tail)
			}
		}
		return nil, fmt.Errorf("%s: not valid YAML: %s", path, msg)
	}
	if len(doc.Content) == 0 {
		return nil, fmt.Errorf("configuration %s: empty file; it needs at least environments:", path)
	}
	var errs []string
	fail := func(n *yaml.Node, key, format string, args ...any) {
		errs = append(errs, fmt.Sprintf("%s:%d: %s: %s", path, n.Line, key, fmt.Sprintf(format, args...)))
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:%d: the configuration must be a mapping with environments:, collection:, ignore:", path, root.Line)
	}
	var envNodes *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, val := root.Content[i], root.Content[i+1]
		lines[k.Value] = k.Line
		switch k.Value {
		case "environments":
			if val.Kind != yaml.SequenceNode {
				fail(val, k.Value, "must be a list of environments")
				continue
			}
			envNodes = val
		case "collection":
			checkMapping(val, "collection", collectionKeys(), lines, fail)
		case "probe":
			checkMapping(val, "probe", probeKeys(), lines, fail)
		case "ignore":
			if val.Kind != yaml.SequenceNode {
				fail(val, k.Value, "must be a list of rules ({check, env, node, reason, until})")
				continue
			}
			for j, item := range val.Content {
				checkMapping(item, fmt.Sprintf("ignore[%d]", j), ignoreKeys(), lines, fail)
			}
		default:
			fail(k, k.Value, "unknown key (known: environments, collection, ignore, probe)")
		}
	}
	if envNodes == nil || len(envNodes.Content) == 0 {
		if len(errs) == 0 && needEnvironments {
			errs = append(errs, fmt.Sprintf("%s: environments: at least one environment is required", path))
		}
	} else {
		checkEnvironments(envNodes, lines, fail)
	}
	if len(errs) > 0 {
		return nil, errors.New(strings.Join(errs, "\n"))
	}
	return lines, nil
}

func checkEnvironments(list *yaml.Node, lines map[string]int, fail func(*yaml.Node, string, string, ...any)) {
	names := map[string]int{}
	targets := 0
	for i, item := range list.Content {
		prefix := fmt.Sprintf("environments[%d]", i)
		vals := checkMapping(item, prefix, environmentKeys(), lines, fail)
		name, ok := vals["name"]
		if !ok || strings.TrimSpace(name.Value) == "" {
			if item.Kind == yaml.MappingNode {
				fail(item, prefix+".name", "required")
			}
		} else if first, dup := names[name.Value]; dup {
			fail(name, prefix+".name", "%q already names the environment on line %d", name.Value, first)
		} else {
			names[name.Value] = name.Line
		}
		if role, ok := vals["role"]; ok {
			switch role.Value {
			case collect.RoleTarget:
				targets++
				if targets > 1 {
					fail(role, prefix+".role", "a second target; exactly one environment is the target")
				}
			case collect.RolePassed:
			default:
				fail(role, prefix+".role", "%q: want passed or target", role.Value)
			}
		}
		if acct, ok := vals["account"]; ok {
			switch {
			case !isAccountID(acct.Value):
				fail(acct, prefix+".account", "%q: want a 12-digit account id", acct.Value)
			case acct.Tag != "!!str":
				// Unquoted, YAML reads it as a number and a leading zero is lost.
				fail(acct, prefix+".account", "write the account id in quotes: \"%s\"", acct.Value)
			}
		}
		if arn, ok := vals["role_arn"]; ok && !strings.HasPrefix(arn.Value, "arn:") {
			fail(arn, prefix+".role_arn", "%q: want an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME)", arn.Value)
		}
	}
}

// checkMapping checks one mapping against its known keys and their shapes, and returns
// the value nodes by key.
func checkMapping(n *yaml.Node, prefix string, known map[string]keyKind, lines map[string]int,
	fail func(*yaml.Node, string, string, ...any)) map[string]*yaml.Node {
	vals := map[string]*yaml.Node{}
	if n.Kind != yaml.MappingNode {
		fail(n, prefix, "must be a mapping")
		return vals
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		key := prefix + "." + k.Value
		lines[key] = k.Line
		kind, ok := known[k.Value]
		if !ok {
			fail(k, key, "unknown key (known: %s)", strings.Join(sortedKeys(known), ", "))
			continue
		}
		vals[k.Value] = v
		switch kind {
		case kindStringList:
			if v.Kind != yaml.SequenceNode {
				fail(v, key, "must be a list, e.g. [a, b]")
				continue
			}
			for _, e := range v.Content {
				if e.Kind != yaml.ScalarNode {
					fail(e, key, "list items must be plain values")
				}
			}
		case kindStringMap:
			if v.Kind != yaml.MappingNode {
				fail(v, key, "must be a mapping of name: value")
				continue
			}
			for j := 1; j < len(v.Content); j += 2 {
				if v.Content[j].Kind != yaml.ScalarNode {
					fail(v.Content[j], key+"."+v.Content[j-1].Value, "must be a single value")
				}
			}
		case kindInt:
			if _, err := parseCount(v.Value); v.Kind != yaml.ScalarNode || err != nil {
				fail(v, key, "%s: want a whole number ≥ 0", nodeText(v))
			}
		case kindDuration:
			if _, err := parseDuration(v.Value); v.Kind != yaml.ScalarNode || err != nil {
				fail(v, key, "%s: want a duration such as 20s or 1m", nodeText(v))
			}
		case kindDate:
			if _, err := parseUntil(v.Value); v.Kind != yaml.ScalarNode || err != nil {
				fail(v, key, "%s: want a date (2026-12-31) or an RFC 3339 time", nodeText(v))
			}
		default:
			if v.Kind != yaml.ScalarNode {
				fail(v, key, "must be a single value")
			}
		}
	}
	return vals
}

func sortedKeys(m map[string]keyKind) []string { return slices.Sorted(maps.Keys(m)) }

func isAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// parseCount reads a count from YAML or an environment variable.
func parseCount(v any) (int, error) {
	switch x := v.(type) {
	case int:
		if x < 0 {
			return 0, fmt.Errorf("%d: want a whole number ≥ 0", x)
		}
		return x, nil
	case int64:
		return parseCount(int(x))
	case float64:
		if x != float64(int(x)) {
			return 0, fmt.Errorf("%v: want a whole number ≥ 0", x)
		}
		return parseCount(int(x))
	case string:
		n, err := strconv.Atoi(strings.TrimSpace(x))
		if err != nil {
			return 0, fmt.Errorf("%q: want a whole number ≥ 0", x)
		}
		return parseCount(n)
	default:
		return 0, fmt.Errorf("%v: want a whole number ≥ 0", v)
	}
}

// nodeText shows a YAML value in an error: a scalar quoted, anything else by its shape.
func nodeText(n *yaml.Node) string {
	switch n.Kind {
	case yaml.ScalarNode:
		return strconv.Quote(n.Value)
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a mapping"
	default:
		return "this value"
	}
}

func parseDuration(v any) (time.Duration, error) {
	switch x := v.(type) {
	case time.Duration:
		return x, nil
	case string:
		d, err := time.ParseDuration(strings.TrimSpace(x))
		if err != nil || d <= 0 {
			return 0, fmt.Errorf("%q: want a positive duration such as 20s or 1m", x)
		}
		return d, nil
	default:
		return 0, fmt.Errorf("%v: want a positive duration such as 20s or 1m", v)
	}
}

// parseUntil reads an ignore rule's until: a date means the end of that day, UTC.
func parseUntil(v any) (time.Time, error) {
	switch x := v.(type) {
	case time.Time:
		if x.Hour() == 0 && x.Minute() == 0 && x.Second() == 0 && x.Nanosecond() == 0 {
			return x.UTC().Add(24*time.Hour - time.Second), nil
		}
		return x.UTC(), nil
	case string:
		s := strings.TrimSpace(x)
		if t, err := time.Parse("2006-01-02", s); err == nil {
			return t.Add(24*time.Hour - time.Second), nil
		}
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			return time.Time{}, fmt.Errorf("%q: want a date (2026-12-31) or an RFC 3339 time", x)
		}
		return t.UTC(), nil
	default:
		return time.Time{}, fmt.Errorf("%v: want a date (2026-12-31) or an RFC 3339 time", v)
	}
}

func asString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	default:
		return fmt.Sprint(x)
	}
}

func asStrings(v any) []string {
	list, ok := v.([]any)
	if !ok {
		return nil
	}
	out := make([]string, 0, len(list))
	for _, e := range list {
		out = append(out, asString(e))
	}
	return out
}
