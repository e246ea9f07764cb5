package report

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/envdiff/envdiff/internal/textutil"
)

// markdownSpecial holds every ASCII character that can start or end inline markdown
// (emphasis, code, links, HTML, entities, strikethrough, GitHub's $math$) or split a GFM
// table cell.
// CommonMark lets any ASCII punctuation be backslash-escaped, so escaping one that was
// harmless costs a backslash in the raw text and nothing in the rendered one.
const markdownSpecial = "\\`*_[]<>|&~!$"

// EscapeMarkdown makes an untrusted string (anything from AWS or a configuration file)
// safe to place in a table cell or in running text: terminal control sequences are
// stripped, newlines become spaces, and every character markdown could read as syntax
// is backslash-escaped, so the string renders as itself and can neither split a table
// nor open an HTML tag.
func EscapeMarkdown(s string) string {
	s = strings.TrimSpace(textutil.Sanitize(s))
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if strings.IndexByte(markdownSpecial, c) >= 0 && !inertUnderscore(s, i) {
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	return escapeLineStart(b.String())
}

// inertUnderscore reports an underscore between two ASCII letters or digits: CommonMark
// never reads one as emphasis, so "access_denied" can stay as it is, readable raw.
func inertUnderscore(s string, i int) bool {
	return s[i] == '_' && i > 0 && i+1 < len(s) && isAlnum(s[i-1]) && isAlnum(s[i+1])
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// escapeLineStart guards the constructs that only count at the start of a line (a
// heading, a list item, a block quote) for callers that put the text there.
func escapeLineStart(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '#', '-', '+', '=':
		return "\\" + s
	}
	// "1. " or "1)" then a space or the end opens an ordered list; "10.1.1.10" does not,
	// and stays readable.
	digits := 0
	for digits < len(s) && digits < 10 && s[digits] >= '0' && s[digits] <= '9' {
		digits++
	}
	if digits > 0 && digits < len(s) && (s[digits] == '.' || s[digits] == ')') {
		if rest := s[digits+1:]; rest == "" || rest[0] == ' ' || rest[0] == '\t' {
			return s[:digits] + "\\" + s[digits:]
		}
	}
	return s
}

// clip shortens an untrusted string to at most max runes before it is escaped (cutting
// after escaping could leave a lone backslash that escapes the cell's closing pipe).
// The count of what was cut is kept so nobody mistakes a clipped value for the whole.
func clip(s string, max int) string {
	if max <= 0 || utf8.RuneCountInString(s) <= max {
		return s
	}
	n := 0
	for i := range s {
		if n == max {
			rest := utf8.RuneCountInString(s[i:])
			return s[:i] + "… (" + strconv.Itoa(rest) + " more characters)"
		}
		n++
	}
	return s
}
