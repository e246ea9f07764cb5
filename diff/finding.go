// Package diff compares environment snapshots: it builds a topology per environment,
// evaluates the checks of checks.md on each, and compares nodes across environments.
// It knows snapshots and nothing about AWS SDKs or terminals; everything here is a pure
// function of its inputs.
package diff

import (
	"fmt"
	"strings"
	"time"
)

// Severity orders findings. The zero value is Info.
type Severity int

// Severities, lowest first.
const (
	Info Severity = iota
	Low
	Medium
	High
	Critical
)

var severityNames = [...]string{"info", "low", "medium", "high", "critical"}

func (s Severity) String() string {
	if s < Info || s > Critical {
		return fmt.Sprintf("severity(%d)", int(s))
	}
	return severityNames[s]
}

// Raise returns the severity one step up, at most Critical.
func (s Severity) Raise() Severity {
	if s >= Critical {
		return Critical
	}
	return s + 1
}

// ParseSeverity reads a severity name as used by --fail-on and the JSON report.
func ParseSeverity(name string) (Severity, error) {
	for i, n := range severityNames {
		if strings.EqualFold(strings.TrimSpace(name), n) {
			return Severity(i), nil
		}
	}
	return Info, fmt.Errorf("unknown severity %q (want one of %s)", name, strings.Join(severityNames[:], ", "))
}

// MarshalText writes the severity's name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a severity's name.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// Category groups findings for the dashboard and the report, in display order.
type Category int

// Categories, in the order they are shown.
const (
	CatRegression Category = iota // fails in the target, holds in every passed env with the node
	CatEverywhere                 // a check failing in the target and in some passed env too
	CatParity                     // missing-in-target, attribute-differs, extra-in-target
	CatUnknown                    // collection-incomplete
	CatBaseline                   // a check failing in a passed environment only
	// CatTargetOnly is a check failing in the target on a node no passed environment
	// has: new, untested, but not a regression by definition.
	CatTargetOnly
)

var categoryNames = [...]string{"Regressions", "Failing everywhere", "Parity differences", "Unknown", "Baseline only", "Failing in target (untested)"}

func (c Category) String() string {
	if c < 0 || int(c) >= len(categoryNames) {
		return fmt.Sprintf("category(%d)", int(c))
	}
	return categoryNames[c]
}

// Finding is one result, as the JSON report of checks.md carries it.
type Finding struct {
	Check      string            `json:"check"`
	Severity   Severity          `json:"severity"`
	Regression bool              `json:"regression"`
	Env        string            `json:"env"`
	Node       string            `json:"node"`
	Resource   string            `json:"resource,omitempty"`
	Message    string            `json:"message"`
	PassedIn   []string          `json:"passed_in,omitempty"`
	Values     map[string]string `json:"values,omitempty"`

	// Category is derived by the engine; not part of the JSON contract.
	Category Category `json:"-"`
	// Evidence holds extra rows for the evidence pane and the markdown report
	// (attribute → env → value), e.g. the validated host name and each certificate's
	// names. Not part of the JSON contract.
	Evidence []EvidenceRow `json:"-"`
}

// EvidenceRow is one attribute shown side by side across environments.
type EvidenceRow struct {
	Label  string            `json:"label"`
	Values map[string]string `json:"values"` // env name → value; a missing env means no such node
	// Differs marks a row whose target value differs from the passed environments.
	Differs bool `json:"differs,omitempty"`
}

// ID identifies a finding across polls (for "new since last poll" marks and ignores).
func (f Finding) ID() string { return f.Check + "\x00" + f.Env + "\x00" + f.Node }

// EnvStatus summarises one environment's collection for the report.
type EnvStatus struct {
	Name     string     `json:"name"`
	Role     string     `json:"role"`
	Complete bool       `json:"complete"`
	Errors   []EnvError `json:"errors"`
}

// EnvError is a collector failure as the report lists it.
type EnvError struct {
	Service   string `json:"service"`
	Region    string `json:"region"`
	Operation string `json:"operation,omitempty"`
	Kind      string `json:"kind"`
	Message   string `json:"message"`
}

// Ignored is a finding an ignore rule left out, with the rule's reason.
type Ignored struct {
	Finding Finding   `json:"finding"`
	Reason  string    `json:"reason"`
	Until   time.Time `json:"until,omitempty"`
}

// Result is the engine's whole output: what the report and the dashboard render.
type Result struct {
	GeneratedAt  time.Time   `json:"generated_at"`
	Target       string      `json:"target"`
	Baselines    []string    `json:"baselines"`
	Environments []EnvStatus `json:"environments"`
	Findings     []Finding   `json:"findings"` // sorted: regressions, severity, node
	Ignored      []Ignored   `json:"ignored,omitempty"`
	// ExpiredIgnores lists rules whose until has passed: they hide nothing any more.
	ExpiredIgnores []string `json:"expired_ignores,omitempty"`
}

// Complete reports whether every environment was read completely.
func (r *Result) Complete() bool {
	for _, e := range r.Environments {
		if !e.Complete {
			return false
		}
	}
	return true
}
