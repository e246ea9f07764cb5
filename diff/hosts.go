package diff

import (
	"crypto/x509"
	"strings"
)

// normHost lower-cases a DNS name and drops its trailing dot, the two differences that
// never matter in DNS or TLS name comparison.
func normHost(name string) string {
	return strings.TrimSuffix(strings.ToLower(strings.TrimSpace(name)), ".")
}

// CoversHost reports whether a certificate carrying certNames (domain name and SANs)
// is valid for host under the TLS rules: names compare case-insensitively, trailing dots
// are ignored, and a wildcard is a whole left-most label covering exactly one label
// (`*.a.com` covers `x.a.com`, not `x.y.a.com`, not `a.com`). The matching itself is
// crypto/x509's, so envdiff agrees with real TLS clients. A wildcard host (a CloudFront
// alias or Route53 name such as `*.a.com`) is covered only by the same wildcard name.
func CoversHost(certNames []string, host string) bool {
	h := normHost(host)
	if h == "" {
		return false
	}
	if strings.HasPrefix(h, "*.") {
		for _, n := range certNames {
			if normHost(n) == h {
				return true
			}
		}
		return false
	}
	names := make([]string, 0, len(certNames))
	for _, n := range certNames {
		if n := normHost(n); n != "" {
			names = append(names, n)
		}
	}
	c := x509.Certificate{DNSNames: names}
	return c.VerifyHostname(h) == nil
}

// whyNotCovered explains in a few words why no name covers host, for messages.
func whyNotCovered(certNames []string, host string) string {
	h := normHost(host)
	for _, n := range certNames {
		n = normHost(n)
		if !strings.HasPrefix(n, "*.") {
			continue
		}
		base := n[2:]
		if h == base {
			return "which does not cover the apex"
		}
		if strings.HasSuffix(h, "."+base) {
			return "which covers one label only, not " + h
		}
	}
	if len(certNames) == 0 {
		return "which has no names"
	}
	return "which does not cover it"
}

// certNames returns a certificate's domain name and SANs, de-duplicated, in order.
func certNamesOf(domain string, sans []string) []string {
	out := make([]string, 0, len(sans)+1)
	seen := make(map[string]bool, len(sans)+1)
	for _, n := range append([]string{domain}, sans...) {
		k := normHost(n)
		if k == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, n)
	}
	return out
}
