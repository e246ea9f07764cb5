package diff

import "testing"

func TestCoversHost(t *testing.T) {
	tests := []struct {
		name  string
		certs []string
		host  string
		want  bool
	}{
		{"wildcard covers one label", []string{"*.a.com"}, "x.a.com", true},
		{"wildcard does not cover two labels", []string{"*.a.com"}, "x.y.a.com", false},
		{"wildcard does not cover the apex", []string{"*.a.com"}, "a.com", false},
		{"exact name", []string{"a.com"}, "a.com", true},
		{"SAN list: apex and wildcard", []string{"*.a.com", "a.com"}, "a.com", true},
		{"upper-case host", []string{"*.a.com"}, "X.A.COM", true},
		{"upper-case certificate name", []string{"*.A.Com"}, "x.a.com", true},
		{"trailing dot on host", []string{"a.com"}, "a.com.", true},
		{"trailing dot on certificate name", []string{"*.a.com."}, "x.a.com", true},
		{"other domain", []string{"*.a.com"}, "x.b.com", false},
		{"suffix is not a label", []string{"*.a.com"}, "xa.com", false},
		{"partial wildcard label is not a wildcard", []string{"x*.a.com"}, "xy.a.com", false},
		{"no names", nil, "a.com", false},
		{"empty host", []string{"*.a.com"}, "", false},
		{"wildcard alias covered by the same wildcard", []string{"*.a.com"}, "*.a.com", true},
		{"wildcard alias not covered by a name under it", []string{"x.a.com"}, "*.a.com", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CoversHost(tt.certs, tt.host); got != tt.want {
				t.Errorf("CoversHost(%q, %q) = %v, want %v", tt.certs, tt.host, got, tt.want)
			}
		})
	}
}

func TestWhyNotCovered(t *testing.T) {
	tests := []struct {
		certs []string
		host  string
		want  string
	}{
		{[]string{"*.mydomain.com"}, "mydomain.com", "which does not cover the apex"},
		{[]string{"*.a.com"}, "x.y.a.com", "which covers one label only, not x.y.a.com"},
		{[]string{"b.com"}, "a.com", "which does not cover it"},
	}
	for _, tt := range tests {
		if got := whyNotCovered(tt.certs, tt.host); got != tt.want {
			t.Errorf("whyNotCovered(%q, %q) = %q, want %q", tt.certs, tt.host, got, tt.want)
		}
	}
}

func BenchmarkCoversHost(b *testing.B) {
	names := []string{"*.mydomain.com", "mydomain.com", "www.mydomain.com", "*.api.mydomain.com"}
	for b.Loop() {
		CoversHost(names, "x.api.mydomain.com")
		CoversHost(names, "MyDomain.com.")
		CoversHost(names, "a.b.c.mydomain.com")
	}
}
