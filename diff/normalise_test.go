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

func TestOwnerOf(t *testing.T) {
	envs := []collect.Environment{
		{Name: "qa1", Domains: []string{"qa1.mydomain.com"}, Tokens: []string{"qa1"}},
		{Name: "qa2", Domains: []string{"qa2.mydomain.com"}, Tokens: []string{"qa2"}},
		{Name: "production", Domains: []string{"mydomain.com"}, Tokens: []string{"prod"}},
	}
	tests := []struct {
		name, self, want string
	}{
		{"qa1.mydomain.com", "production", "qa1"}, // the most specific domain wins over the apex
		{"api.qa2.mydomain.com", "qa1", "qa2"},    // under a domain
		{"www.mydomain.com", "qa1", "production"}, // under the apex only
		{"QA2-Core", "qa1", "qa2"},                // a token, any case
		{"qa1-to-qa2-bridge", "qa2", "qa2"},       // several tokens: self first
		{"core", "qa1", ""},                       // shared: nobody's
		{"production-db", "qa1", "production"},    // the environment's name is a token
		{"qa10-core", "qa1", ""},                  // qa1 is not a word of qa10
	}
	for _, tt := range tests {
		if got := ownerOf(tt.name, tt.self, envs); got != tt.want {
			t.Errorf("ownerOf(%q) seen from %s = %q, want %q", tt.name, tt.self, got, tt.want)
		}
	}
}
