package diff

import (
	"sort"
	"strings"

	"github.com/envdiff/envdiff/collect"
)

// envPlaceholder replaces an environment's own tokens in names, so that `qa1-core` and
// `prod-core` both read `{env}-core`.
const envPlaceholder = "{env}"

// normaliser rewrites names of one environment into environment-neutral form.
type normaliser struct {
	words []string // lower case, longest first so a domain wins over a token inside it
}

func newNormaliser(env collect.Environment) normaliser {
	seen := map[string]bool{}
	var words []string
	add := func(w string) {
		w = normHost(w)
		// One- and two-letter tokens would rewrite ordinary words; skip them.
		if len(w) < 3 || seen[w] {
			return
		}
		seen[w] = true
		words = append(words, w)
	}
	for _, d := range env.Domains {
		add(d)
	}
	for _, t := range env.Tokens {
		add(t)
	}
	add(env.Name)
	sort.SliceStable(words, func(i, j int) bool { return len(words[i]) > len(words[j]) })
	return normaliser{words: words}
}

// apply lower-cases s and replaces every whole-word occurrence of the environment's
// domains and tokens. A word boundary is any character that is not a letter or digit,
// so `prod` matches in `prod-core` but not in `product`.
func (n normaliser) apply(s string) string {
	s = strings.ToLower(s)
	for _, w := range n.words {
		if strings.Contains(s, w) {
			s = replaceBounded(s, w, envPlaceholder)
		}
	}
	return s
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z'
}

func replaceBounded(s, word, with string) string {
	var b strings.Builder
	i := 0
	for {
		j := strings.Index(s[i:], word)
		if j < 0 {
			break
		}
		start, end := i+j, i+j+len(word)
		before := start == 0 || !isWordByte(s[start-1])
		after := end == len(s) || !isWordByte(s[end])
		if before && after {
			b.WriteString(s[i:start])
			b.WriteString(with)
		} else {
			b.WriteString(s[i:end])
		}
		i = end
	}
	if i == 0 {
		return s
	}
	b.WriteString(s[i:])
	return b.String()
}

// containsBounded reports whether word occurs in s as a whole word (see apply).
func containsBounded(s, word string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], word)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(word)
		if (start == 0 || !isWordByte(s[start-1])) && (end == len(s) || !isWordByte(s[end])) {
			return true
		}
		i = start + 1
	}
}

// ownerOf names the environment a resource name marks as its own: the one with the most
// specific entry domain the name is (or is under), else one whose tokens it contains
// (self first). "" means the name marks no environment: shared, or unknown.
func ownerOf(name, self string, envs []collect.Environment) string {
	n := normHost(name)
	best, bestLen := "", 0
	for _, e := range envs {
		for _, d := range e.Domains {
			d = normHost(d)
			if len(d) > bestLen && (n == d || strings.HasSuffix(n, "."+d)) {
				best, bestLen = e.Name, len(d)
			}
		}
	}
	if best != "" {
		return best
	}
	marks := func(e collect.Environment) bool {
		for _, t := range append([]string{e.Name}, e.Tokens...) {
			if t = normHost(t); len(t) >= 3 && containsBounded(n, t) {
				return true
			}
		}
		return false
	}
	for _, e := range envs {
		if e.Name == self && marks(e) {
			return self
		}
	}
	for _, e := range envs {
		if marks(e) {
			return e.Name
		}
	}
	return ""
}
