package diff

import (
	"testing"

	"github.com/envdiff/envdiff/collect"
)

func TestNormaliser(t *testing.T) {
	prod := newNormaliser(collect.Environment{Name: "production", Domains: []string{"mydomain.com"}, Tokens: []string{"prod"}})
	qa1 := newNormaliser(collect.Environment{Name: "qa1", Domains: []string{"qa1.mydomain.com"}, Tokens: []string{"qa1"}})
	tests := []struct {
		name string
		n    normaliser
		in   string
		want string
	}{
		{"token prefix", prod, "prod-core", "{env}-core"},
		{"token in another env", qa1, "qa1-core", "{env}-core"},
		{"token inside a word is kept", prod, "product-api", "product-api"},
		{"domain before its token", qa1, "api.qa1.mydomain.com", "api.{env}"},
		{"apex domain", prod, "www.mydomain.com", "www.{env}"},
		{"upper case", prod, "PROD-Core", "{env}-core"},
		{"environment name is a token", prod, "production-db", "{env}-db"},
		{"several occurrences", qa1, "qa1.local/qa1", "{env}.local/{env}"},
		{"nothing to replace", qa1, "core", "core"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.n.apply(tt.in); got != tt.want {
				t.Errorf("apply(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
