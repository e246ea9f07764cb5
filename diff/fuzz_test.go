package diff

import (
	"fmt"
	"strings"
	"testing"

	"github.com/miekg/dns"
)

// FuzzCoversHost checks CoversHost against the properties of TLS name matching
// (crypto/x509's rules): it never panics, a wildcard never covers its own apex nor two
// labels, and case and trailing dots never matter.
func FuzzCoversHost(f *testing.F) {
	for _, c := range [][2]string{
		{"*.mydomain.com", "mydomain.com"}, {"*.mydomain.com", "qa1.mydomain.com"},
		{"*.mydomain.com", "a.b.mydomain.com"}, {"mydomain.com", "MyDomain.com."},
		{"*.", "."}, {"*", "x"}, {"*.*.a.com", "x.y.a.com"}, {"x*.a.com", "xy.a.com"},
		{"*.a.com", "*.a.com"}, {"", ""}, {"*.a.com.", "b.a.com"}, {"..", "."}, {"*.xn--bcher-kva.de", "a.xn--bcher-kva.de"},
	} {
		f.Add(c[0], c[1])
	}
	f.Fuzz(func(t *testing.T, name, host string) {
		got := CoversHost([]string{name}, host)
		// ToUpper/ToLower may change a string's bytes beyond ASCII (e.g. 'ſ' → 'S').
		if h := normHost(host); isASCII(name+host) && h != "" &&
			CoversHost([]string{strings.ToUpper(name)}, strings.ToUpper(h)+".") != got {
			t.Fatalf("case or a trailing dot changed whether %q covers %q", name, host)
		}
		if base, ok := strings.CutPrefix(normHost(name), "*."); ok {
			if CoversHost([]string{name}, base) {
				t.Fatalf("%q covers its apex %q", name, base)
			}
			if CoversHost([]string{name}, "a.b."+base) {
				t.Fatalf("%q covers two labels: a.b.%s", name, base)
			}
			if got && !strings.HasPrefix(normHost(host), "*.") {
				h := normHost(host)
				label, rest, _ := strings.Cut(h, ".")
				if label == "" || !strings.EqualFold(rest, base) {
					t.Fatalf("%q covers %q, which is not one label under %q", name, host, base)
				}
			}
		}
		if CoversHost(nil, host) || CoversHost([]string{""}, host) {
			t.Fatalf("no names cover %q", host)
		}
	})
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// FuzzParseSRVValue checks the SRV value parser: never a panic, what it accepts
// formats back to itself, and agrees with a real DNS library's reading of the record.
func FuzzParseSRVValue(f *testing.F) {
	for _, s := range []string{
		"1 1 32768 ip-10-0-1-5.qa1.local.", "0 0 80 a.", "1 1 65535 x", "1 1 65536 x", "-1 1 1 x",
		"1 1 http x", "1 1 80", "1 1 80 x y", " 1\t1 80  x. ", "1 1 0x50 x", "1 1 80 .", "",
		"10 60 5060 sip.example.com.", "1 1 032768 X.Example.COM",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := parseSRVValue(s)
		if err != nil {
			if !strings.Contains(err.Error(), "SRV value") {
				t.Fatalf("error %q does not say what it read", err)
			}
			return
		}
		if v.target == "" || strings.ContainsAny(v.target, " \t\n") || v.target != normHost(v.target) {
			t.Fatalf("parseSRVValue(%q) target %q", s, v.target)
		}
		again, err := parseSRVValue(fmt.Sprintf("%d %d %d %s.", v.priority, v.weight, v.port, v.target))
		if err != nil || again != v {
			t.Fatalf("round trip of %q: %+v, %v; want %+v", s, again, err, v)
		}
		// Where a DNS library reads the same text as an SRV record, the numbers agree.
		rr, err := dns.NewRR("x. 60 IN SRV " + s)
		if err != nil || rr == nil {
			return
		}
		srv, ok := rr.(*dns.SRV)
		if !ok {
			return
		}
		if srv.Priority != v.priority || srv.Weight != v.weight || srv.Port != v.port {
			t.Fatalf("%q: parsed %+v, miekg/dns %d %d %d", s, v, srv.Priority, srv.Weight, srv.Port)
		}
	})
}
