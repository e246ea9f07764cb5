package report

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/envdiff/envdiff/diff"
)

// Schema names the JSON report's format; checks.md is its contract.
const Schema = "envdiff.report/v1"

// jsonReport is the JSON report of checks.md. Field order is the document's order.
type jsonReport struct {
	Schema         string           `json:"schema"`
	GeneratedAt    string           `json:"generated_at"`
	Target         string           `json:"target"`
	Baselines      []string         `json:"baselines"`
	Environments   []diff.EnvStatus `json:"environments"`
	Findings       []diff.Finding   `json:"findings"`
	Ignored        []jsonIgnored    `json:"ignored,omitempty"`
	ExpiredIgnores []string         `json:"expired_ignores,omitempty"`
}

// jsonIgnored is a finding an ignore rule hid: the finding's own fields plus the rule's
// reason and, when the rule has one, its end date.
type jsonIgnored struct {
	diff.Finding
	Reason string `json:"reason"`
	Until  string `json:"until,omitempty"`
}

// JSON renders the report of checks.md. Strings are kept whole and unescaped (programs
// read this; encoding/json quotes control characters). Findings keep the engine's order,
// re-sorted stably by the contract's keys (regressions, severity, node) so a consumer
// may rely on that order whatever produced the Result. A Result without a time gets the
// current one.
func JSON(res *diff.Result) ([]byte, error) {
	if res == nil {
		return nil, fmt.Errorf("json report: no result to render")
	}
	at := res.GeneratedAt
	if at.IsZero() {
		at = time.Now()
	}
	out := jsonReport{
		Schema:         Schema,
		GeneratedAt:    at.UTC().Format(time.RFC3339),
		Target:         res.Target,
		Baselines:      nonNil(res.Baselines),
		Environments:   make([]diff.EnvStatus, len(res.Environments)),
		Findings:       sortedFindings(res.Findings),
		ExpiredIgnores: res.ExpiredIgnores,
	}
	for i, e := range res.Environments {
		if e.Errors == nil {
			e.Errors = []diff.EnvError{}
		}
		out.Environments[i] = e
	}
	for _, ig := range res.Ignored {
		j := jsonIgnored{Finding: ig.Finding, Reason: ig.Reason}
		if !ig.Until.IsZero() {
			j.Until = ig.Until.UTC().Format(time.RFC3339)
		}
		out.Ignored = append(out.Ignored, j)
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("json report: %w", err)
	}
	return append(b, '\n'), nil
}

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}

// sortedFindings copies fs in checks.md's order, the engine's own sort (stable).
func sortedFindings(fs []diff.Finding) []diff.Finding {
	out := append([]diff.Finding{}, fs...)
	diff.SortFindings(out)
	return out
}
