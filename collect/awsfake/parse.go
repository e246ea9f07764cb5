package awsfake

import (
	"errors"
	"fmt"
	"os"
	"strconv"

	"gopkg.in/yaml.v3"
)

// Error is a problem in a scenario: the file, the line (0 when the scenario was built in
// code) and the key, as in "seed.yaml:12: environments[1].role: ...".
type Error struct {
	File string
	Line int
	Key  string
	Msg  string
}

func (e *Error) Error() string {
	loc := e.File
	if loc == "" {
		loc = "scenario"
	}
	if e.Line > 0 {
		loc += ":" + strconv.Itoa(e.Line)
	}
	if e.Key == "" {
		return loc + ": " + e.Msg
	}
	return loc + ": " + e.Key + ": " + e.Msg
}

// LoadScenario reads and validates a scenario file.
func LoadScenario(path string) (*Scenario, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read scenario: %w", err)
	}
	return ParseScenario(path, data)
}

// ParseScenario parses and validates a scenario; file names it in errors.
func ParseScenario(file string, data []byte) (*Scenario, error) {
	p := &parser{file: file}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, &Error{File: file, Msg: "not YAML: " + err.Error()}
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, &Error{File: file, Msg: "empty scenario"}
	}
	s := &Scenario{File: file, Accounts: map[string]*Account{}}
	if err := p.scenario(doc.Content[0], s); err != nil {
		return nil, err
	}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	return s, nil
}

type parser struct{ file string }

var errUnknownKey = errors.New("unknown key")

func (p *parser) errf(n *yaml.Node, key, format string, args ...any) error {
	return &Error{File: p.file, Line: n.Line, Key: key, Msg: fmt.Sprintf(format, args...)}
}

// fields walks a mapping, calling fn for each key; fn answers errUnknownKey for keys it
// does not know, so that a typo is an error rather than a silently dropped resource.
func (p *parser) fields(n *yaml.Node, path string, src *Src, fn func(key string, v *yaml.Node, kpath string) error) error {
	if n.Kind != yaml.MappingNode {
		return p.errf(n, path, "want a mapping, got %s", kindName(n))
	}
	if src != nil {
		src.Line = n.Line
		src.keys = map[string]int{}
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		kpath := k.Value
		if path != "" {
			kpath = path + "." + k.Value
		}
		if seen[k.Value] {
			return p.errf(k, kpath, "duplicate key")
		}
		seen[k.Value] = true
		if src != nil {
			src.keys[k.Value] = k.Line
		}
		if err := fn(k.Value, v, kpath); err != nil {
			if errors.Is(err, errUnknownKey) {
				return p.errf(k, kpath, "unknown key %q", k.Value)
			}
			return err
		}
	}
	return nil
}

// list walks a sequence.
func (p *parser) list(n *yaml.Node, path string, fn func(i int, v *yaml.Node, ipath string) error) error {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		return p.errf(n, path, "want a list, got %s", kindName(n))
	}
	for i, v := range n.Content {
		if err := fn(i, v, fmt.Sprintf("%s[%d]", path, i)); err != nil {
			return err
		}
	}
	return nil
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	if n.Tag == "!!null" {
		return "nothing"
	}
	return fmt.Sprintf("%q", n.Value)
}

func (p *parser) str(n *yaml.Node, path string, dst *string) error {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return p.errf(n, path, "want a string, got %s", kindName(n))
	}
	*dst = n.Value
	return nil
}

func (p *parser) int(n *yaml.Node, path string, dst *int) error {
	if n.Kind != yaml.ScalarNode {
		return p.errf(n, path, "want a number, got %s", kindName(n))
	}
	v, err := strconv.Atoi(n.Value)
	if err != nil {
		return p.errf(n, path, "want a whole number, got %q", n.Value)
	}
	*dst = v
	return nil
}

func (p *parser) int64(n *yaml.Node, path string, dst *int64) error {
	var v int
	if err := p.int(n, path, &v); err != nil {
		return err
	}
	*dst = int64(v)
	return nil
}

func (p *parser) bool(n *yaml.Node, path string, dst *bool) error {
	if n.Kind != yaml.ScalarNode {
		return p.errf(n, path, "want true or false, got %s", kindName(n))
	}
	switch n.Value {
	case "true", "True", "TRUE", "yes":
		*dst = true
	case "false", "False", "FALSE", "no":
		*dst = false
	default:
		return p.errf(n, path, "want true or false, got %q", n.Value)
	}
	return nil
}

func (p *parser) strs(n *yaml.Node, path string, dst *[]string) error {
	out := []string{}
	err := p.list(n, path, func(_ int, v *yaml.Node, ipath string) error {
		var s string
		if err := p.str(v, ipath, &s); err != nil {
			return err
		}
		out = append(out, s)
		return nil
	})
	*dst = out
	return err
}

func (p *parser) time(n *yaml.Node, path string, dst *Time) error {
	var s string
	if err := p.str(n, path, &s); err != nil {
		return err
	}
	t, err := ParseTime(s)
	if err != nil {
		return p.errf(n, path, "%v", err)
	}
	*dst = t
	return nil
}
