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
	return newFuzzyQuery(query).match(hay, runeMask(hay))
}

// fuzzyQuery is a query split into terms once, with the set of characters each needs,
// so most non-matching findings are rejected by one AND of two words.
type fuzzyQuery struct {
	terms []string
	masks []uint64
}

func newFuzzyQuery(query string) fuzzyQuery {
	var q fuzzyQuery
	for term := range strings.FieldsSeq(strings.ToLower(query)) {
		q.terms = append(q.terms, term)
		q.masks = append(q.masks, runeMask(term))
	}
	return q
}

// match reports whether hay (lower case) with character set mask matches every term.
func (q fuzzyQuery) match(hay string, mask uint64) bool {
	for i, term := range q.terms {
		if q.masks[i]&^mask != 0 || !termMatch(hay, term) {
			return false
		}
	}
	return true
}

// runeMask is a 64-bit summary of which characters s holds: a bit per ASCII letter and
// digit, a few for punctuation, one shared by everything else. A term can only match
// a haystack whose mask covers the term's.
func runeMask(s string) uint64 {
	var m uint64
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z':
			m |= 1 << (c - 'a')
		case c >= '0' && c <= '9':
			m |= 1 << (26 + c - '0')
		case c >= 'A' && c <= 'Z':
			m |= 1 << (c - 'A')
		case c == '-':
			m |= 1 << 36
		case c == '.':
			m |= 1 << 37
		case c == '*':
			m |= 1 << 38
		default:
			m |= 1 << 39
		}
	}
	return m
}

func termMatch(hay, term string) bool {
	if strings.Contains(hay, term) {
		return true
	}
	if isASCII(term) {
		// One pass over the bytes, restarting the term at each word break: the hot
		// path while typing over 100 000 findings. Bytes of an ASCII term can only
		// match ASCII bytes, so multi-byte characters in hay cannot fool it.
		j := 0
		for i := 0; i < len(hay); i++ {
			c := hay[i]
			if c == ' ' || c == '/' || c == ';' || c == ',' {
				j = 0
				continue
			}
			if c == term[j] {
				j++
				if j == len(term) {
					return true
				}
			}
		}
		return false
	}
	for word := range strings.FieldsFuncSeq(hay, isWordBreak) {
		if subsequence(word, term) {
			return true
		}
	}
	return false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
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
