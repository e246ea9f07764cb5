package diff

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

type compiledRule struct {
	rule IgnoreRule
	node *regexp.Regexp // nil matches any node
}

// globRegexp translates an IgnoreRule.Node glob: `*` any run (crossing `/`), `?` one
// character, `[...]` a class (`[!...]` negated), `\x` a literal x.
func globRegexp(glob string) (*regexp.Regexp, error) {
	var b strings.Builder
	b.WriteString("^")
	for i := 0; i < len(glob); i++ {
		c := glob[i]
		switch c {
		case '*':
			b.WriteString(".*")
		case '?':
			b.WriteString(".")
		case '\\':
			if i+1 >= len(glob) {
				return nil, fmt.Errorf("pattern %q ends with a lone backslash", glob)
			}
			i++
			b.WriteString(regexp.QuoteMeta(glob[i : i+1]))
		case '[':
			j := strings.IndexByte(glob[i+1:], ']')
			if j < 0 {
				return nil, fmt.Errorf("pattern %q has an unclosed [", glob)
			}
			class := glob[i+1 : i+1+j]
			if strings.HasPrefix(class, "!") {
				class = "^" + class[1:]
			}
			b.WriteString("[" + strings.ReplaceAll(class, `\`, `\\`) + "]")
			i += j + 1
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	b.WriteString("$")
	re, err := regexp.Compile(b.String())
	if err != nil {
		return nil, fmt.Errorf("pattern %q: %w", glob, err)
	}
	return re, nil
}

// escapeGlob quotes a node name so it matches only itself as an IgnoreRule.Node.
func escapeGlob(s string) string {
	var b strings.Builder
	for _, c := range s {
		if strings.ContainsRune(`*?[]\`, c) {
			b.WriteByte('\\')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func compileRules(rules []IgnoreRule) ([]compiledRule, error) {
	out := make([]compiledRule, 0, len(rules))
	for i, r := range rules {
		c := compiledRule{rule: r}
		if r.Check != "" {
			if _, ok := LookupCheck(r.Check); !ok {
				return nil, fmt.Errorf("ignore rule %d: unknown check %q", i+1, r.Check)
			}
		}
		if r.Node != "" {
			re, err := globRegexp(r.Node)
			if err != nil {
				return nil, fmt.Errorf("ignore rule %d: node %w", i+1, err)
			}
			c.node = re
		}
		out = append(out, c)
	}
	return out, nil
}

func (c compiledRule) matches(f Finding) bool {
	return (c.rule.Check == "" || c.rule.Check == f.Check) &&
		(c.rule.Env == "" || c.rule.Env == f.Env) &&
		(c.node == nil || c.node.MatchString(f.Node))
}

// DescribeRule names a rule in one line, for reports and the expired-rule list.
func DescribeRule(r IgnoreRule) string {
	parts := []string{"check=" + orDefault(r.Check, "*"), "env=" + orDefault(r.Env, "*"), "node=" + orDefault(r.Node, "*")}
	if !r.Until.IsZero() {
		parts = append(parts, "until="+r.Until.UTC().Format(time.RFC3339))
	}
	if r.Reason != "" {
		parts = append(parts, "reason="+r.Reason)
	}
	return strings.Join(parts, " ")
}

// applyIgnores splits findings into kept and ignored. An expired rule hides nothing and
// is listed, whether or not it would have matched.
func applyIgnores(fs []Finding, rules []compiledRule, now time.Time) (kept []Finding, ignored []Ignored, expired []string) {
	live := rules[:0:0]
	for _, r := range rules {
		if !r.rule.Until.IsZero() && !now.Before(r.rule.Until) {
			expired = append(expired, DescribeRule(r.rule))
			continue
		}
		live = append(live, r)
	}
	for _, f := range fs {
		hidden := false
		for _, r := range live {
			if r.matches(f) {
				ignored = append(ignored, Ignored{Finding: f, Reason: r.rule.Reason, Until: r.rule.Until})
				hidden = true
				break
			}
		}
		if !hidden {
			kept = append(kept, f)
		}
	}
	return kept, ignored, expired
}

// BaselineIgnores turns today's findings into rules (`envdiff ignore --baseline`), one
// per finding, each matching exactly that check, environment and node. Failed
// collectors are left out: an unknown is never accepted as normal.
func BaselineIgnores(res *Result, reason string, until time.Time) []IgnoreRule {
	if res == nil {
		return nil
	}
	var out []IgnoreRule
	seen := map[string]bool{}
	for _, f := range res.Findings {
		if f.Check == CheckCollectionIncomplete || seen[f.ID()] {
			continue
		}
		seen[f.ID()] = true
		out = append(out, IgnoreRule{Check: f.Check, Env: f.Env, Node: escapeGlob(f.Node), Reason: reason, Until: until})
	}
	return out
}
