package report

import (
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
)

// FuzzEscapeMarkdownInText puts an escaped string where the report puts untrusted text
// and FuzzEscapeMarkdown does not: in a cell followed by another, and alone at the start
// of a line (where HTML blocks, headings and lists open). Parsed as GitHub would
// (goldmark with GFM), it must open no HTML and leave the row's two cells intact.
func FuzzEscapeMarkdownInText(f *testing.F) {
	// The short hostile strings only: long seeds make every mutation slow to parse, and
	// FuzzEscapeMarkdown already covers length.
	for _, s := range hostile {
		if len(s) < 200 {
			f.Add(s)
		}
	}
	for _, s := range []string{"a\\", "\\", "``", "<a\n>", "a | b", "&#x3C;b&#x3E;", "\x00|", "<?php", "<![CDATA[x]]>", "-", "1.", "+ x", "\t|"} {
		f.Add(s)
	}
	md := goldmark.New(goldmark.WithExtensions(extension.GFM))
	f.Fuzz(func(t *testing.T, s string) {
		esc := EscapeMarkdown(s)
		if strings.ContainsAny(esc, "\n\r") {
			t.Fatalf("EscapeMarkdown(%q) = %q spans lines", s, esc)
		}
		doc := "| value | after |\n|---|---|\n| " + esc + " | end |\n\n" + esc + "\n"
		src := []byte(doc)
		root := md.Parser().Parse(text.NewReader(src))
		var rows, cells int
		var lastCell string
		err := ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if !entering {
				return ast.WalkContinue, nil
			}
			switch n.Kind() {
			case ast.KindRawHTML, ast.KindHTMLBlock:
				t.Fatalf("EscapeMarkdown(%q) = %q yields raw HTML in %q", s, esc, doc)
			case ast.KindAutoLink:
				// A URL turned into a link is text a reader can see; harmless.
			case east.KindTableRow:
				rows++
			case east.KindTableCell:
				if _, ok := n.Parent().(*east.TableRow); ok {
					cells++
					lastCell = string(n.Text(src))
				}
			}
			return ast.WalkContinue, nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if rows != 1 || cells != 2 || lastCell != "end" {
			t.Fatalf("EscapeMarkdown(%q) = %q broke the table row: %d rows, %d cells, last cell %q", s, esc, rows, cells, lastCell)
		}
	})
}
