package report

import (
	"bytes"
	"flag"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/envdiff/envdiff/diff"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func TestMarkdownGolden(t *testing.T) {
	cases := []struct {
		name string
		res  *diff.Result
	}{
		{"seed-502", seed502()},
		{"every-section", everySection()},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Markdown(tc.res, Options{Lookup: docs})
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", tc.name+".golden.md")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./ui/report -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the golden file (run with -update if intended)\n--- got ---\n%s", path, got)
			}
			checkStructure(t, got)
		})
	}
}

// TestMarkdownContent pins what a reviewer relies on, independent of the golden files.
func TestMarkdownContent(t *testing.T) {
	out, err := Markdown(everySection(), Options{Lookup: docs})
	if err != nil {
		t.Fatal(err)
	}
	md := squeeze(string(out))
	order := []string{"## Summary", "## Regressions (1)", "## Failing in target (untested) (1)", "## Failing everywhere (1)",
		"## Parity differences (13)", "## Unknown (1)", "## Baseline only (1)", "## Collection", "## Ignored (2 findings)"}
	last := -1
	for _, h := range order {
		i := strings.Index(md, h)
		if i < 0 {
			t.Fatalf("section %q missing", h)
		}
		if i < last {
			t.Errorf("section %q out of order", h)
		}
		last = i
	}
	for _, want := range []string{
		"| Regressions | 1 | 0 | 0 | 0 | 0 | 1 |",
		"| attribute | qa1 | qa2 | staging | **production** (target) |",
		"| result | \\*.mydomain.com covers qa1.mydomain.com | \\*.mydomain.com covers qa2.mydomain.com | \\*.mydomain.com covers staging.mydomain.com | \\*.mydomain.com does not cover mydomain.com |",
		"**How to fix:** Add a certificate for the apex",
		"| production | target | **no** | ok | ok | throttled (eu-west-1, us-east-1) | ok | ok |",
		"| qa2 | passed | **no** | ok | ok | ok | ok | access_denied (eu-west-1) |",
		"<details>\n<summary>13 findings</summary>\n",
		"internal load balancer, TLS ends at the mesh | 2027-03-01 |",
		"- cert-expiry on qa1 (until 2026-10-01: rotate the qa1 certificate)",
		"collection incomplete in qa2, production",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	// The regressions are never folded: they are the point of the report.
	if i, j := strings.Index(md, "<details>"), strings.Index(md, "## Regressions"); i >= 0 && i < j {
		t.Error("a fold opens before the regressions")
	}
}

func TestMarkdownFolding(t *testing.T) {
	for _, tc := range []struct {
		threshold int
		folds     int
	}{
		{0, 1},  // default 10: only the 13 parity findings fold
		{1, 3},  // parity (13), collector errors (3), ignored (2); everywhere has only 1
		{-1, 0}, // never
		{100, 0},
	} {
		out, err := Markdown(everySection(), Options{Lookup: docs, FoldThreshold: tc.threshold})
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Count(string(out), "<details>"); got != tc.folds {
			t.Errorf("FoldThreshold %d: %d folds, want %d", tc.threshold, got, tc.folds)
		}
		if strings.Count(string(out), "<details>") != strings.Count(string(out), "</details>") {
			t.Errorf("FoldThreshold %d: unbalanced details", tc.threshold)
		}
		checkStructure(t, out)
	}
}

func TestMarkdownTimeAndTitle(t *testing.T) {
	res := seed502()
	res.GeneratedAt = time.Time{}
	now := func() time.Time { return time.Date(2027, 1, 2, 3, 4, 5, 0, time.FixedZone("CET", 3600)) }
	out, err := Markdown(res, Options{Now: now, Title: "Release 42 <review>"})
	if err != nil {
		t.Fatal(err)
	}
	md := string(out)
	for _, want := range []string{"# Release 42 \\<review\\>\n", "- **Generated:** 2027-01-02 02:04:05 UTC"} {
		if !strings.Contains(md, want) {
			t.Errorf("report lacks %q:\n%s", want, md)
		}
	}
	// By default the fix comes from the engine's catalogue.
	if !strings.Contains(md, "**How to fix:** ") {
		t.Error("no fix from the engine's catalogue")
	}
	// Without a catalogue entry the finding still renders, only without the fix.
	none := func(string) (CheckDoc, bool) { return CheckDoc{}, false }
	out, err = Markdown(res, Options{Lookup: none})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(out), "How to fix") || !strings.Contains(string(out), "**What fails:** CloudFront validates") {
		t.Error("a finding the lookup does not know lost its message or gained a fix")
	}
}

// TestMarkdownKeepsUnknownCategories: a category added to the engine later must still
// reach the reviewer.
func TestMarkdownKeepsUnknownCategories(t *testing.T) {
	res := seed502()
	res.Findings = append(res.Findings, diff.Finding{Check: "future-check", Severity: diff.High,
		Env: "production", Node: "somewhere new", Message: "a new kind of finding", Category: diff.Category(42)})
	out, err := Markdown(res, Options{Lookup: docs})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(squeeze(string(out)), "| high | `future-check` | production | somewhere new | a new kind of finding |") {
		t.Errorf("finding of an unknown category dropped:\n%s", out)
	}
	if !strings.Contains(squeeze(string(out)), "| **total** | **1** | **1** | **0** | **2** | **1** | **5** |") {
		t.Errorf("summary does not count it:\n%s", out)
	}
	checkStructure(t, out)
}

func TestMarkdownNil(t *testing.T) {
	if _, err := Markdown(nil, Options{}); err == nil {
		t.Error("Markdown(nil) gave no error")
	}
}

// squeeze undoes the padding of table cells so assertions need not count spaces.
func squeeze(md string) string {
	return padding.ReplaceAllString(md, " ")
}

var padding = regexp.MustCompile(` {2,}`)

func parseGFM(src []byte) ast.Node {
	md := goldmark.New(goldmark.WithExtensions(extension.GFM))
	return md.Parser().Parse(text.NewReader(src))
}

// ownHTML is the only raw HTML the report may contain: its folds.
var ownHTML = regexp.MustCompile(`^(<details>|</details>|<summary>[0-9]+ [a-z ]+</summary>)$`)

// checkStructure parses the report as GitHub would and asserts that every table row has
// its header's number of cells and that no HTML appears but the report's own folds.
func checkStructure(t *testing.T, src []byte) (tables []*east.Table) {
	t.Helper()
	doc := parseGFM(src)
	err := ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *east.Table:
			tables = append(tables, n)
			want := len(n.Alignments)
			for row := n.FirstChild(); row != nil; row = row.NextSibling() {
				cells := 0
				for c := row.FirstChild(); c != nil; c = c.NextSibling() {
					cells++
				}
				if cells != want {
					t.Errorf("table row has %d cells, header has %d: %q", cells, want, rowText(row, src))
				}
			}
		case *ast.RawHTML:
			var b strings.Builder
			for i := 0; i < n.Segments.Len(); i++ {
				seg := n.Segments.At(i)
				b.Write(seg.Value(src))
			}
			t.Errorf("inline raw HTML %q", b.String())
		case *ast.HTMLBlock:
			lines := n.Lines()
			for i := 0; i < lines.Len(); i++ {
				seg := lines.At(i)
				l := strings.TrimRight(string(seg.Value(src)), "\n")
				if !ownHTML.MatchString(l) {
					t.Errorf("HTML block line %q is not the report's own", l)
				}
			}
			if n.HasClosure() {
				if l := strings.TrimSpace(string(n.ClosureLine.Value(src))); l != "" && !ownHTML.MatchString(l) {
					t.Errorf("HTML block closure %q is not the report's own", l)
				}
			}
		case *ast.AutoLink:
			// A link is harmless, but one made of our escaped values means escaping failed.
			if strings.ContainsAny(string(n.URL(src)), "<>") {
				t.Errorf("autolink %q", n.URL(src))
			}
		}
		return ast.WalkContinue, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return tables
}

// rowText is a row's cells as rendered text, for messages and content assertions.
func rowText(row ast.Node, src []byte) []string {
	var out []string
	for c := row.FirstChild(); c != nil; c = c.NextSibling() {
		out = append(out, nodeText(c, src))
	}
	return out
}

// nodeText is the text a node renders to on a GFM renderer: the HTML with its tags
// stripped and its entities resolved. Escaping that failed shows here as lost
// characters (an emphasis eats its asterisks, a tag disappears).
func nodeText(n ast.Node, src []byte) string {
	var b bytes.Buffer
	if err := goldmark.New(goldmark.WithExtensions(extension.GFM)).Renderer().Render(&b, src, n); err != nil {
		return "render error: " + err.Error()
	}
	return strings.TrimSuffix(html.UnescapeString(htmlTag.ReplaceAllString(b.String(), "")), "\n")
}

var htmlTag = regexp.MustCompile(`<[^>]*>`)

// BenchmarkMarkdown renders a large account: 5 000 parity findings beside seed-502.
func BenchmarkMarkdown(b *testing.B) {
	res := seed502()
	for i := range 5000 {
		res.Findings = append(res.Findings, diff.Finding{
			Check: "attribute-differs", Severity: diff.Low, Env: "production",
			Node: "mydomain.com / behaviour /core/* / origin core / target group / port " + strings.Repeat("x", i%50), Message: "target port differs",
			Values: map[string]string{"qa1": "8000", "qa2": "8000", "staging": "8000", "production": "8001"}, Category: diff.CatParity,
		})
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Markdown(res, Options{Lookup: docs}); err != nil {
			b.Fatal(err)
		}
	}
}
