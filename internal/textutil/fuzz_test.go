package textutil

import (
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzSanitize holds Sanitize to its promise for any input: what comes out can be drawn
// on one terminal line without the terminal acting on it.
func FuzzSanitize(f *testing.F) {
	for _, s := range []string{
		"*.mydomain.com", "\x1b[31mred\x1b[0m", "a\x1b]0;pwned\x07b", "a\nb\tc", "a\u009bb",
		"abc\u202edef", "x\x1b[2Jy", "café ✓", "\x1bP1$r\x1b\\", "\x1b]8;;http://x\x07link\x1b]8;;\x07",
		"\xff\xfe\x1b[", "\x1b", "\u2028\u2029", "\x7f", "\x1b[?1049h", "\x9d0;t\x9c",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Sanitize(s)
		for _, r := range out {
			if r == '\x1b' || unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) || r == '\u2028' || r == '\u2029' {
				t.Fatalf("Sanitize(%q) = %q keeps %U", s, out, r)
			}
		}
		if again := Sanitize(out); again != out {
			t.Fatalf("not idempotent: Sanitize(%q) = %q, then %q", s, out, again)
		}
		// Printable ASCII without escape sequences passes through untouched.
		if isPlain(s) && out != s {
			t.Fatalf("plain %q changed to %q", s, out)
		}
		// Sanitize only drops or replaces: never more characters than bytes came in.
		if n := utf8.RuneCountInString(out); n > len(s) {
			t.Fatalf("Sanitize(%q) = %q adds characters", s, out)
		}
	})
}
