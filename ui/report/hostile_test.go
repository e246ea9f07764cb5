package report

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/envdiff/envdiff/diff"
	"github.com/envdiff/envdiff/internal/textutil"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

var hostile = []string{
	"a|b||c |",
	"`code` ``` `x",
	"<script>alert(1)</script>",
	"<img src=x onerror=alert(1)>",
	"<!-- open comment",
	"</details><details open>",
	"line one\nline two\r\n| injected | row |\n\n# heading",
	"\x1b[31mred\x1b[0m \x1b]0;owned\x07title \x1b[2J",
	strings.Repeat("n", 10000),
	strings.Repeat("|<`", 4000),
	"ends with a backslash \\",
	"\\|\\",
	"[link](javascript:alert(1)) ![img](http://x/y.png)",
	"&lt;script&gt; &#124; &amp;",
	"**bold** _em_ ~~strike~~ *",
	"a_b_c __init__ x_*y*_z",
	"# heading",
	"- item",
	"1. item",
	"7)",
	"> quote",
	"=====",
	"---",
	"<https://evil.example/>",
	"www.evil.example<b>",
	"\u202eevil bidi \u2028line sep",
	"[ ] task",
	"|",
	"$E=mc^2$ ${HOME}",
	"",
}

// resultOf fills every string of a Result that can come from AWS or configuration
// with s, keeping the shape of everySection so the two reports can be compared.
func resultOf(s string) *diff.Result {
	res := everySection()
	env := func(name string) string { return name + s }
	res.Target = env("production")
	for i := range res.Baselines {
		res.Baselines[i] = env(res.Baselines[i])
	}
	for i := range res.Environments {
		e := &res.Environments[i]
		e.Name = env(e.Name)
		e.Role = s + e.Role
		for j := range e.Errors {
			er := &e.Errors[j]
			er.Service, er.Region, er.Operation, er.Kind, er.Message = s+"svc", s, s, s+"kind", s
		}
	}
	spoil := func(f *diff.Finding) {
		f.Check = s + f.Check
		f.Env = env(f.Env)
		f.Node, f.Resource, f.Message = s, s, s
		for i := range f.PassedIn {
			f.PassedIn[i] = env(f.PassedIn[i])
		}
		if f.Values != nil {
			vals := map[string]string{}
			for k := range f.Values {
				vals[env(k)] = s
			}
			f.Values = vals
		}
		ev := make([]diff.EvidenceRow, len(f.Evidence))
		for i, r := range f.Evidence {
			vals := map[string]string{}
			for k := range r.Values {
				vals[env(k)] = s
			}
			ev[i] = diff.EvidenceRow{Label: r.Label + s, Values: vals, Differs: i == 0}
		}
		f.Evidence = ev
	}
	for i := range res.Findings {
		spoil(&res.Findings[i])
	}
	for i := range res.Ignored {
		spoil(&res.Ignored[i].Finding)
		res.Ignored[i].Reason = s
	}
	for i := range res.ExpiredIgnores {
		res.ExpiredIgnores[i] = s
	}
	return res
}

// shape is what a hostile string must not change: the tables, their sizes, and the
// document's block structure.
func shape(t *testing.T, src []byte) string {
	t.Helper()
	tables := checkStructure(t, src)
	var b strings.Builder
	for _, tb := range tables {
		rows := 0
		for r := tb.FirstChild(); r != nil; r = r.NextSibling() {
			rows++
		}
		fmt.Fprintf(&b, "table %dx%d\n", rows, len(tb.Alignments))
	}
	// Every block, nested ones included: "- 1. x" hides a list inside a list item.
	_ = ast.Walk(parseGFM(src), func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && n.Type() == ast.TypeBlock {
			fmt.Fprintf(&b, "%s ", n.Kind())
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// anyDoc explains every check, so a hostile check id does not change which paragraphs
// a finding gets.
func anyDoc(string) (CheckDoc, bool) {
	return CheckDoc{Title: "title", Explanation: "why", Fix: "fix"}, true
}

func TestHostileStringsKeepStructure(t *testing.T) {
	benign, err := Markdown(resultOf("x"), Options{Lookup: anyDoc, FoldThreshold: 1})
	if err != nil {
		t.Fatal(err)
	}
	want := shape(t, benign)
	for _, maxLen := range []int{0, -1} {
		for _, h := range hostile {
			if h == "" {
				continue // an empty resource is left out by design, which changes the shape
			}
			name := fmt.Sprintf("max%d/%.20q", maxLen, h)
			t.Run(name, func(t *testing.T) {
				out, err := Markdown(resultOf(h), Options{Lookup: anyDoc, FoldThreshold: 1, MaxValueLen: maxLen})
				if err != nil {
					t.Fatal(err)
				}
				if got := shape(t, out); got != want {
					t.Errorf("document structure changed\n got: %s\nwant: %s", got, want)
				}
				if strings.ContainsAny(string(out), "\x1b\x07\r\u202e\u2028") {
					t.Error("a control character reached the report")
				}
			})
		}
	}
}

// TestHostileValuesRenderAsThemselves checks the escaping is lossless: a value shown in a
// table cell renders to the sanitised value, not to markup.
func TestHostileValuesRenderAsThemselves(t *testing.T) {
	for _, h := range hostile {
		t.Run(fmt.Sprintf("%.20q", h), func(t *testing.T) {
			res := &diff.Result{
				GeneratedAt: time.Date(2026, 11, 23, 19, 0, 0, 0, time.UTC),
				Target:      "production",
				Baselines:   []string{"qa1"},
				Findings: []diff.Finding{{
					Check: "origin-cert-covers-host", Severity: diff.Critical, Regression: true,
					Env: "production", Node: "n", Message: "m", Category: diff.CatRegression,
					Values: map[string]string{"qa1": "ok", "production": h},
				}},
			}
			out, err := Markdown(res, Options{MaxValueLen: -1})
			if err != nil {
				t.Fatal(err)
			}
			tables := checkStructure(t, out)
			var cell string
			for _, tb := range tables {
				header := rowText(tb.FirstChild(), out)
				if len(header) == 3 && header[0] == "attribute" {
					cell = rowText(tb.LastChild(), out)[2]
				}
			}
			want := strings.TrimSpace(textutil.Sanitize(h))
			if want == "" {
				want = "(empty)"
			}
			if cell != want {
				t.Errorf("cell renders as %.80q, want %.80q", cell, want)
			}
		})
	}
}

func TestEscapeMarkdown(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"mydomain.com", "mydomain.com"},
		{"*.mydomain.com", `\*.mydomain.com`},
		{"a|b", `a\|b`},
		{"<script>", `\<script\>`},
		{"`x`", "\\`x\\`"},
		{"a\nb\r\nc", "a b  c"},
		{"\x1b[31mred\x1b[0m", "red"},
		{`back\slash`, `back\\slash`},
		{"# title", `\# title`},
		{"- item", `\- item`},
		{"12. item", `12\. item`},
		{"12 items", "12 items"},
		{"1.", `1\.`},
		{"3) item", `3\) item`},
		{"10.1.1.10:32768", "10.1.1.10:32768"},
		{"PriceClass_All", "PriceClass_All"},
		{"_x_ a_ _b", `\_x\_ a\_ \_b`},
		{"snake__case", `snake\_\_case`},
		{"$x^2$", `\$x^2\$`},
		{"  padded  ", "padded"},
		{"", ""},
	} {
		if got := EscapeMarkdown(tc.in); got != tc.want {
			t.Errorf("EscapeMarkdown(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestClip(t *testing.T) {
	long := strings.Repeat("é", 500)
	got := clip(long, 300)
	if !strings.HasPrefix(got, strings.Repeat("é", 300)+"… (200 more characters)") {
		t.Errorf("clip kept %q", got[:40])
	}
	if clip("short", 300) != "short" || clip(long, -1) != long {
		t.Error("clip changed a value it should keep")
	}
}

// FuzzEscapeMarkdown: whatever the string, a one-cell table holding it stays one cell
// whose text is the sanitised string, and no HTML appears.
func FuzzEscapeMarkdown(f *testing.F) {
	for _, h := range hostile {
		f.Add(h)
	}
	f.Fuzz(func(t *testing.T, s string) {
		src := []byte("| h |\n| --- |\n| " + EscapeMarkdown(s) + " |\n")
		doc := parseGFM(src)
		tables := 0
		_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if !entering {
				return ast.WalkContinue, nil
			}
			switch n := n.(type) {
			case *east.Table:
				tables++
				rows := 0
				for r := n.FirstChild(); r != nil; r = r.NextSibling() {
					rows++
					if r.ChildCount() != 1 {
						t.Errorf("row has %d cells", r.ChildCount())
					}
				}
				if rows != 2 {
					t.Errorf("table has %d rows", rows)
				}
				if want := strings.TrimSpace(textutil.Sanitize(s)); want != "" {
					if got := rowText(n.LastChild(), src)[0]; got != want {
						t.Errorf("cell renders as %.80q, want %.80q", got, want)
					}
				}
			case *ast.RawHTML, *ast.HTMLBlock:
				t.Errorf("HTML from %.80q", s)
			}
			return ast.WalkContinue, nil
		})
		if tables != 1 {
			t.Errorf("%d tables from %.80q", tables, s)
		}
	})
}
