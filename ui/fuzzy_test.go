package ui

import "testing"

func TestFuzzyMatch(t *testing.T) {
	hay := "origin-cert-covers-host mydomain.com / behaviour /core/* / origin core / listener 443 cloudfront validates the origin certificate production"
	tests := []struct {
		query string
		want  bool
	}{
		{"", true},
		{"occh", true},         // initials within one id
		{"origin-cert", true},  // substring
		{"ORIGIN", true},       // case
		{"core 443", true},     // every term
		{"core 444", false},    // one term fails
		{"aliases", false},     // letters scattered across words do not count
		{"mydmn", true},        // subsequence within mydomain.com
		{"listener443", false}, // across a word break
		{"\x1b[31m", false},    // escape bytes are just bytes
		{"ü", false},           // non-ASCII without a match
		{"*", true},            // /core/* holds a literal star
	}
	for _, tt := range tests {
		if got := fuzzyMatch(hay, tt.query); got != tt.want {
			t.Errorf("fuzzyMatch(%q) = %v, want %v", tt.query, got, tt.want)
		}
	}
}

func TestFuzzyMatchInvalidUTF8DoesNotPanic(t *testing.T) {
	for _, hay := range []string{"\xff\xfe abc", "a\xffb", "\xff"} {
		for _, q := range []string{"\ufffd", "ab", "\xff", "a\ufffdb"} {
			fuzzyMatch(hay, q)
		}
	}
}
