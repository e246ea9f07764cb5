package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/envdiff/envdiff/diff"
)

// checksReport is the JSON report as checks.md documents it, written independently of
// the package's own types so a renamed field fails here.
type checksReport struct {
	Schema       string   `json:"schema"`
	GeneratedAt  string   `json:"generated_at"`
	Target       string   `json:"target"`
	Baselines    []string `json:"baselines"`
	Environments []struct {
		Name     string `json:"name"`
		Role     string `json:"role"`
		Complete bool   `json:"complete"`
		Errors   []struct {
			Service   string `json:"service"`
			Region    string `json:"region"`
			Operation string `json:"operation"`
			Kind      string `json:"kind"`
			Message   string `json:"message"`
		} `json:"errors"`
	} `json:"environments"`
	Findings []checksFinding `json:"findings"`
	Ignored  []struct {
		checksFinding
		Reason string `json:"reason"`
		Until  string `json:"until"`
	} `json:"ignored"`
	ExpiredIgnores []string `json:"expired_ignores"`
}

type checksFinding struct {
	Check      string            `json:"check"`
	Severity   string            `json:"severity"`
	Regression bool              `json:"regression"`
	Env        string            `json:"env"`
	Node       string            `json:"node"`
	Resource   string            `json:"resource"`
	Message    string            `json:"message"`
	PassedIn   []string          `json:"passed_in"`
	Values     map[string]string `json:"values"`
}

func decode(t *testing.T, b []byte) checksReport {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var r checksReport
	if err := dec.Decode(&r); err != nil {
		t.Fatalf("report does not decode as checks.md's shape: %v\n%s", err, b)
	}
	return r
}

func TestJSONRoundTrip(t *testing.T) {
	b, err := JSON(seed502())
	if err != nil {
		t.Fatal(err)
	}
	r := decode(t, b)
	if r.Schema != "envdiff.report/v1" || r.GeneratedAt != "2026-11-23T19:00:00Z" || r.Target != "production" {
		t.Errorf("header = %q %q %q", r.Schema, r.GeneratedAt, r.Target)
	}
	if strings.Join(r.Baselines, ",") != "qa1,qa2,staging" || len(r.Environments) != 4 {
		t.Errorf("baselines %v, %d environments", r.Baselines, len(r.Environments))
	}
	f := r.Findings[0]
	if f.Check != "origin-cert-covers-host" || f.Severity != "critical" || !f.Regression || f.Env != "production" ||
		f.Node != "mydomain.com / behaviour /core/* / origin core / listener 443" ||
		strings.Join(f.PassedIn, ",") != "qa1,qa2,staging" ||
		f.Values["production"] != "*.mydomain.com does not cover mydomain.com" ||
		!strings.HasPrefix(f.Resource, "arn:aws:elasticloadbalancing:") {
		t.Errorf("regression finding = %+v", f)
	}
	// Strings are data for programs: no markdown escaping, no clipping.
	if !strings.Contains(f.Message, "*.mydomain.com") {
		t.Errorf("message was altered: %q", f.Message)
	}
}

func TestJSONRequiredFields(t *testing.T) {
	res := &diff.Result{GeneratedAt: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Target: "production",
		Environments: []diff.EnvStatus{{Name: "production", Role: "target", Complete: true}},
		Findings:     []diff.Finding{{Check: "extra-in-target", Severity: diff.Info, Env: "production", Node: "n", Message: ""}},
	}
	b, err := JSON(res)
	if err != nil {
		t.Fatal(err)
	}
	var raw struct {
		Baselines    json.RawMessage              `json:"baselines"`
		Environments []map[string]json.RawMessage `json:"environments"`
		Findings     []map[string]json.RawMessage `json:"findings"`
		Ignored      json.RawMessage              `json:"ignored"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	// Arrays are arrays even when empty: consumers index them without nil checks.
	if string(raw.Baselines) != "[]" || string(raw.Environments[0]["errors"]) != "[]" {
		t.Errorf("baselines %s, errors %s; want []", raw.Baselines, raw.Environments[0]["errors"])
	}
	for _, k := range []string{"check", "severity", "regression", "env", "node", "message"} {
		if _, ok := raw.Findings[0][k]; !ok {
			t.Errorf("required field %q missing: %s", k, b)
		}
	}
	for _, k := range []string{"resource", "passed_in", "values", "Category", "Evidence"} {
		if _, ok := raw.Findings[0][k]; ok {
			t.Errorf("field %q present though empty or internal: %s", k, b)
		}
	}
	if raw.Ignored != nil {
		t.Errorf("ignored present though empty: %s", raw.Ignored)
	}
	// Field order follows checks.md, for people reading the file.
	keys := []string{`"schema"`, `"generated_at"`, `"target"`, `"baselines"`, `"environments"`, `"findings"`}
	last := -1
	for _, k := range keys {
		i := bytes.Index(b, []byte(k))
		if i < last {
			t.Errorf("%s out of order", k)
		}
		last = i
	}
}

func TestJSONSortOrder(t *testing.T) {
	f := func(check string, sev diff.Severity, reg bool, node string) diff.Finding {
		return diff.Finding{Check: check, Severity: sev, Regression: reg, Env: "production", Node: node, Message: "m"}
	}
	res := &diff.Result{Target: "production", GeneratedAt: time.Now(), Findings: []diff.Finding{
		f("extra-in-target", diff.Info, false, "a"),
		f("viewer-https", diff.Low, true, "z"),
		f("attribute-differs", diff.Medium, false, "b"),
		f("cert-status", diff.High, false, "a"),
		f("collection-incomplete", diff.High, false, "a"), // ties keep the engine's order
		f("origin-cert-covers-host", diff.Critical, true, "m"),
	}}
	b, err := JSON(res)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range decode(t, b).Findings {
		got = append(got, f.Check)
	}
	want := "origin-cert-covers-host viewer-https cert-status collection-incomplete attribute-differs extra-in-target"
	if strings.Join(got, " ") != want {
		t.Errorf("order\n got %s\nwant %s", strings.Join(got, " "), want)
	}
	// The caller's Result is not reordered.
	if res.Findings[0].Check != "extra-in-target" {
		t.Error("JSON sorted the caller's findings in place")
	}
}

func TestJSONIgnoredAndErrors(t *testing.T) {
	b, err := JSON(everySection())
	if err != nil {
		t.Fatal(err)
	}
	r := decode(t, b)
	if len(r.Ignored) != 2 || r.Ignored[0].Reason != "internal load balancer, TLS ends at the mesh" ||
		r.Ignored[0].Until != "2027-03-01T00:00:00Z" || r.Ignored[0].Check != "http-redirects-https" || r.Ignored[1].Until != "" {
		t.Errorf("ignored = %+v", r.Ignored)
	}
	if len(r.ExpiredIgnores) != 1 {
		t.Errorf("expired = %v", r.ExpiredIgnores)
	}
	prod := r.Environments[3]
	if prod.Complete || len(prod.Errors) != 2 || prod.Errors[0].Kind != "throttled" || prod.Errors[0].Service != "elbv2" {
		t.Errorf("production status = %+v", prod)
	}
}

func TestJSONNil(t *testing.T) {
	if _, err := JSON(nil); err == nil {
		t.Error("JSON(nil) gave no error")
	}
}
