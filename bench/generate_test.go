package bench

import (
	"testing"
)

func TestGenerateDefaultValidates(t *testing.T) {
	s, err := Generate(GenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d envs, %d accounts", len(s.Environments), len(s.Accounts))
	for _, e := range s.Environments {
		t.Logf("%s %s %s %v", e.Name, e.Role, e.Account, e.Domains)
	}
}
