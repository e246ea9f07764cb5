package ui

import (
	"strings"
	"unicode/utf8"
)

// fuzzyMatch reports whether every whitespace-separated term of query matches hay,
// ignoring case: as a substring anywhere, or as a subsequence (letters in order, gaps
// allowed) within one word, so "occh" finds origin-cert-covers-host without a
// subsequence strung across a whole sentence matching everything. hay must already be
// lower case: it is prepared once per finding, not once per keystroke, because 100 000
// findings are matched on every key the user types.
func fuzzyMatch(hay, query string) bool {
	for term := range strings.FieldsSeq(strings.ToLower(query)) {
		if !termMatch(hay, term) {
			return false
		}
	}
	return true
}

func termMatch(hay, term string) bool {
	if strings.Contains(hay, term) {
		return true
	}
	for word := range strings.FieldsFuncSeq(hay, isWordBreak) {
		if subsequence(word, term) {
			return true
		}
	}
	return false
}

// isWordBreak splits on spaces and path separators but keeps hyphenated ids and host
// names whole.
func isWordBreak(r rune) bool { return r == ' ' || r == '/' || r == ';' || r == ',' }

func subsequence(hay, term string) bool {
	i := 0
	for _, r := range term {
		j := strings.IndexRune(hay[i:], r)
		if j < 0 {
			return false
		}
		_, size := utf8.DecodeRuneInString(hay[i+j:])
		i += j + size
	}
	return true
}
