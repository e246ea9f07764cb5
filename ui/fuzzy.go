package ui

import (
	"strings"
	"unicode/utf8"
)

// fuzzyMatch reports whether every whitespace-separated term of query occurs in hay as a
// subsequence (letters in order, gaps allowed), ignoring case. hay must already be lower
// case: it is prepared once per finding, not once per keystroke, because 100 000
// findings are matched on every key the user types.
func fuzzyMatch(hay, query string) bool {
	for _, term := range strings.Fields(strings.ToLower(query)) {
		if !subsequence(hay, term) {
			return false
		}
	}
	return true
}

func subsequence(hay, term string) bool {
	if strings.Contains(hay, term) {
		return true
	}
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
