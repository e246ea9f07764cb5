package haproxy

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/envdiff/envdiff/collect/probe/probetest"
)

// defaults every test configuration starts with, so that `haproxy -c` accepts it:
// timeouts, and no start-up resolution of server names (init-addr none).
const defaults = `global
    log stdout format raw local0

defaults
    mode tcp
    timeout connect 1s
    timeout client 1s
    timeout server 1s
    default-server init-addr none

`

// writeConfig writes a configuration file the way an operator would keep it.
func writeConfig(t *testing.T, body string) (string, string) {
	t.Helper()
	text := defaults + body
	path := filepath.Join(t.TempDir(), "haproxy.cfg")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path, text
}

func TestParseSRVNames(t *testing.T) {
	tests := []struct {
		name string
		body string
		want []SRVName
	}{
		{
			name: "server-template over an SRV name, comments everywhere",
			body: `# service discovery for core
resolvers cloudmap   # the VPC resolver
    nameserver vpc 10.3.0.2:53 # AmazonProvidedDNS
    timeout resolve 1s

backend core  # API
    balance roundrobin
    server-template core 3 _core._tcp.core.prod.local resolvers cloudmap check
    # server-template old 9 _old._tcp.core.prod.local resolvers cloudmap
`,
			want: []SRVName{{Name: "_core._tcp.core.prod.local", Servers: []ServerRef{
				{Proxy: "core", Server: "core", Line: 18, Template: true, Count: 3, Resolvers: "cloudmap"},
			}}},
		},
		{
			name: "several resolvers sections, quoted arguments, ranges, listen and server lines",
			body: `resolvers "primary"
    nameserver ns1 10.3.0.2:53
resolvers 'secondary'
    nameserver ns1 10.4.0.2:53
    nameserver ns2 10.4.0.3:53

listen api
    bind 127.0.0.1:18080
    server-template "api" 1-4 '_API._tcp.API.prod.local.' resolvers "secondary"
    server billing "_billing._tcp.billing.prod.local" resolvers primary weight 10
    server plain plain.prod.local:8080 resolvers primary
    server fixed 10.0.0.1:80

backend metrics
    server-template m 2 _api._tcp.api.prod.local resolvers primary
`,
			want: []SRVName{
				{Name: "_api._tcp.api.prod.local", Servers: []ServerRef{
					{Proxy: "api", Server: "api", Line: 19, Template: true, Count: 4, Resolvers: "secondary"},
					{Proxy: "metrics", Server: "m", Line: 25, Template: true, Count: 2, Resolvers: "primary"},
				}},
				{Name: "_billing._tcp.billing.prod.local", Servers: []ServerRef{
					{Proxy: "api", Server: "billing", Line: 20, Count: 1, Resolvers: "primary"},
				}},
			},
		},
		{
			name: "default-server resolvers of the backend apply to its servers",
			body: `resolvers dns
    nameserver a 127.0.0.1:53
backend core
    default-server resolvers dns
    server-template core 2 _core._tcp.core.qa1.local
    server one _one._tcp.core.qa1.local:8080
`,
			want: []SRVName{
				{Name: "_core._tcp.core.qa1.local", Servers: []ServerRef{{Proxy: "core", Server: "core", Line: 15, Template: true, Count: 2, Resolvers: "dns"}}},
				{Name: "_one._tcp.core.qa1.local", Servers: []ServerRef{{Proxy: "core", Server: "one", Line: 16, Count: 1, Resolvers: "dns"}}},
			},
		},
		{
			name: "an SRV name without resolvers is not resolved at run time",
			body: `backend core
    server-template core 2 _core._tcp.core.qa1.local:80
`,
			want: []SRVName{},
		},
		{
			name: "a hash inside quotes or escaped is not a comment",
			body: `resolvers dns
    nameserver a 127.0.0.1:53
backend core
    description "core #1" and\#2
    server-template core 2 _core._tcp.core.qa1.local resolvers dns # "#"
`,
			want: []SRVName{{Name: "_core._tcp.core.qa1.local", Servers: []ServerRef{
				{Proxy: "core", Server: "core", Line: 15, Template: true, Count: 2, Resolvers: "dns"},
			}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path, text := writeConfig(t, tt.body)
			probetest.CheckConfig(t, path)
			cfg, err := Parse(text)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			got := cfg.SRVNames()
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("SRVNames:\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestParseResolvers(t *testing.T) {
	path, text := writeConfig(t, `resolvers a
    nameserver one 127.0.0.1:5353
    nameserver two udp@127.0.0.2:53
resolvers b
    parse-resolv-conf
`)
	probetest.CheckConfig(t, path)
	cfg, err := Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	want := []Resolvers{
		{Name: "a", Line: 11, Nameservers: []Nameserver{
			{Name: "one", Address: "127.0.0.1:5353", Line: 12},
			{Name: "two", Address: "udp@127.0.0.2:53", Line: 13},
		}},
		{Name: "b", Line: 14, ResolvConf: true},
	}
	if !reflect.DeepEqual(cfg.Resolvers, want) {
		t.Errorf("resolvers:\n got %+v\nwant %+v", cfg.Resolvers, want)
	}
}

// Configurations HAProxy itself refuses: the parser refuses them too, naming the line.
func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, body string
		line       int
		msg        string
	}{
		{"undefined resolvers", "backend b\n    server-template s 2 _a._tcp.x.local resolvers nope\n", 12, `resolvers "nope" is not defined`},
		{"unterminated quote", "resolvers dns\n    nameserver a \"127.0.0.1:53\n", 12, "unterminated \" quote"},
		{"bad count", "resolvers dns\n    nameserver a 127.0.0.1:53\nbackend b\n    server-template s many _a._tcp.x.local resolvers dns\n", 14, "count"},
		{"zero count", "resolvers dns\n    nameserver a 127.0.0.1:53\nbackend b\n    server-template s 0 _a._tcp.x.local resolvers dns\n", 14, "count"},
		{"template without address", "backend b\n    server-template s 2\n", 12, "server-template needs"},
		{"no line continuation", "resolvers dns\n    nameserver a 127.0.0.1:53\nbackend b\n    server-template s 2 \\\n        _a._tcp.x.local resolvers dns\n", 14, "no line continuation"},
		{"duplicate resolvers", "resolvers dns\n    nameserver a 127.0.0.1:53\nresolvers dns\n    nameserver a 127.0.0.1:53\n", 13, "defined twice"},
		{"bad port", "backend b\n    server s x.local:http\n", 12, "not a number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path, text := writeConfig(t, tt.body)
			if bin := probetest.OptionalHAProxy(t); bin != "" {
				if out, err := runHAProxyCheck(bin, path); err == nil {
					t.Fatalf("haproxy accepts the configuration the parser must refuse:\n%s", out)
				}
			}
			_, err := Parse(text)
			perr, ok := err.(*Error)
			if !ok {
				t.Fatalf("Parse error = %v (%T), want *Error", err, err)
			}
			if perr.Line != tt.line || !strings.Contains(perr.Msg, tt.msg) {
				t.Errorf("Parse error = %v, want line %d containing %q", perr, tt.line, tt.msg)
			}
		})
	}
}

func TestSplitLine(t *testing.T) {
	tests := []struct {
		line string
		want []string
	}{
		{`  server a b:1   # comment`, []string{"server", "a", "b:1"}},
		{`log-format "%{+Q}o %t"' %s'\ %{-Q}r`, []string{"log-format", "%{+Q}o %t %s %{-Q}r"}},
		{`a "x\"y" 'p\q' r\ s`, []string{"a", `x"y`, `p\q`, "r s"}},
		{`a "" b`, []string{"a", "", "b"}},
		{`#only a comment`, nil},
		{"\ttabbed\targs\r", []string{"tabbed", "args"}},
		{`a \q`, []string{"a", `\q`}},
	}
	for _, tt := range tests {
		got, err := splitLine(tt.line)
		if err != nil {
			t.Errorf("splitLine(%q): %v", tt.line, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("splitLine(%q) = %q, want %q", tt.line, got, tt.want)
		}
	}
}

func TestServiceName(t *testing.T) {
	for in, want := range map[string]string{
		"_core._tcp.core.prod.local.": "core.prod.local",
		"_http._tcp.API.example.com":  "api.example.com",
		"core.prod.local":             "core.prod.local",
		"_only":                       "_only",
	} {
		if got := ServiceName(in); got != want {
			t.Errorf("ServiceName(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add(defaults + "resolvers d\n nameserver a 1.2.3.4:53\nbackend b\n server-template s 1-3 _a._tcp.b:1 resolvers d\n")
	f.Add("backend b\n server s \"unterminated\n")
	f.Add("server-template s 3-1 [::1\n")
	f.Fuzz(func(t *testing.T, text string) {
		cfg, err := Parse(text)
		if err == nil {
			for _, n := range cfg.SRVNames() {
				for _, s := range n.Servers {
					if s.Count < 1 || s.Line < 1 {
						t.Fatalf("server %+v: count and line must be positive", s)
					}
				}
			}
		}
	})
}

// runHAProxyCheck runs haproxy -c and reports whether it accepted the file.
func runHAProxyCheck(bin, path string) (string, error) {
	out, err := exec.Command(bin, "-c", "-f", path).CombinedOutput()
	if err != nil && strings.Contains(string(out), "Configuration file has no error") {
		return string(out), nil
	}
	return string(out), err
}
