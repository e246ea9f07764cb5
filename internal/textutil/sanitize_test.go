package textutil

import "testing"

func TestSanitize(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "*.mydomain.com", "*.mydomain.com"},
		{"colour", "\x1b[31mred\x1b[0m", "red"},
		{"title", "a\x1b]0;pwned\x07b", "ab"},
		{"newline", "a\nb\tc", "a b c"},
		{"c1", "a\u009bb", "ab"},
		{"bidi", "abc\u202edef", "abcdef"},
		{"clear screen", "x\x1b[2Jy", "xy"},
		{"unicode kept", "café ✓", "café ✓"},
		{"bell", "a\x07b", "ab"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Sanitize(tt.in); got != tt.want {
				t.Errorf("Sanitize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
