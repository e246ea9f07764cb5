package haproxy

import (
	"fmt"
	"strings"
)

// splitLine cuts one configuration line into arguments the way HAProxy 2.6 does:
// blanks separate arguments; '#' outside quotes starts a comment; a backslash escapes
// the next character outside single quotes; "double" quotes keep blanks and '#' but
// still honour escapes (HAProxy also expands $VARS there, which a static reading cannot
// do, so they are kept literally); 'single' quotes keep everything. Quoted parts
// glue to their neighbours ("a"'b'c is one argument, abc). HAProxy has no line
// continuation: a trailing backslash is an error rather than a silent misreading.
func splitLine(line string) ([]string, error) {
	var (
		args    []string
		cur     strings.Builder
		inWord  bool
		quote   byte // 0, '"' or '\''
		quoteAt int
	)
	flush := func() {
		if inWord {
			args = append(args, cur.String())
			cur.Reset()
			inWord = false
		}
	}
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case quote == '\'':
			if c == '\'' {
				quote = 0
				continue
			}
			cur.WriteByte(c)
		case c == '\\':
			if i+1 >= len(line) {
				return nil, fmt.Errorf("trailing backslash: HAProxy has no line continuation, the next line would be read as a new statement")
			}
			i++
			inWord = true
			cur.WriteString(unescape(line[i]))
		case quote == '"':
			if c == '"' {
				quote = 0
				continue
			}
			cur.WriteByte(c)
		case c == '"' || c == '\'':
			quote, quoteAt, inWord = c, i+1, true
		case c == '#':
			flush()
			return args, nil
		case c == ' ' || c == '\t' || c == '\r':
			flush()
		default:
			inWord = true
			cur.WriteByte(c)
		}
	}
	if quote != 0 {
		return nil, fmt.Errorf("unterminated %c quote opened at column %d", quote, quoteAt)
	}
	flush()
	return args, nil
}

// unescape returns what a backslash followed by c stands for.
func unescape(c byte) string {
	switch c {
	case 'n':
		return "\n"
	case 't':
		return "\t"
	case 'r':
		return "\r"
	case ' ', '#', '\\', '\'', '"', '$':
		return string(c)
	default:
		// HAProxy keeps unknown escapes (regexes rely on it).
		return "\\" + string(c)
	}
}
