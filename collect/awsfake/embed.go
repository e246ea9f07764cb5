package awsfake

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

//go:embed scenarios/*.yaml
var embedded embed.FS

// EmbeddedNames lists the scenarios built into the binary, by name ("seed-502").
func EmbeddedNames() []string {
	entries, err := fs.ReadDir(embedded, "scenarios")
	if err != nil {
		return nil
	}
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	sort.Strings(names)
	return names
}

// Embedded parses a built-in scenario.
func Embedded(name string) (*Scenario, error) {
	file := path.Join("scenarios", name+".yaml")
	data, err := embedded.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("no embedded scenario %q (have %s)", name, strings.Join(EmbeddedNames(), ", "))
	}
	return ParseScenario(file, data)
}
