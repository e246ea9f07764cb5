package awsfake

import (
	"os"
	"testing"
)

// rich serves testdata/rich.yaml, which has a value of every kind the format allows.
func rich(t *testing.T, pageSize int, opts ...Option) (*Endpoint, string) {
	t.Helper()
	s, err := LoadScenario("testdata/rich.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s.PageSize = pageSize
	return serveScenario(t, s, opts...)
}

func TestRichParses(t *testing.T) {
	if _, err := os.Stat("testdata/rich.yaml"); err != nil {
		t.Fatal(err)
	}
	rich(t, 0)
}
