package probe

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/envdiff/envdiff/collect"
	"github.com/envdiff/envdiff/collect/probe/probetest"
)

// prodSnapshot is seed-502's production as the collectors record it, plus the corner
// cases the target list must handle.
func prodSnapshot() *collect.Snapshot {
	const lbARN = "arn:aws:elasticloadbalancing:eu-west-1:333333333333:loadbalancer/app/prod-core/1"
	const l443 = "arn:aws:elasticloadbalancing:eu-west-1:333333333333:listener/app/prod-core/1/443"
	return &collect.Snapshot{
		Environment: collect.Environment{Name: "production", Role: collect.RoleTarget, Domains: []string{"mydomain.com"}},
		LoadBalancers: []collect.LoadBalancer{{
			ARN: lbARN, Name: "prod-core", Region: "eu-west-1", Type: "application",
			DNSName: "prod-core-1234567890.eu-west-1.elb.amazonaws.com",
			Listeners: []collect.Listener{
				{ARN: l443, Port: 443, Protocol: "HTTPS", Certificates: []collect.ListenerCertificate{{ARN: "arn:aws:acm:eu-west-1:333333333333:certificate/prod-wildcard", IsDefault: true}}},
				{ARN: l443 + "-80", Port: 80, Protocol: "HTTP"},
			},
		}},
		Distributions: []collect.Distribution{
			{
				ID: "E3PRODEXAMPLE", DomainName: "e3prodexample.cloudfront.net", Enabled: true,
				Aliases: []string{"mydomain.com", "www.mydomain.com", "*.cdn.mydomain.com"},
				Origins: []collect.Origin{
					{ID: "frontend", DomainName: "prod-mydomain-frontend.s3.eu-west-1.amazonaws.com", S3: true},
					{ID: "core", DomainName: "prod-core-1234567890.eu-west-1.elb.amazonaws.com", ProtocolPolicy: "https-only"},
					{ID: "legacy", DomainName: "legacy.mydomain.com", ProtocolPolicy: "match-viewer", HTTPSPort: 8443},
					{ID: "plain", DomainName: "plain.mydomain.com", ProtocolPolicy: "http-only"},
				},
				DefaultBehavior: collect.Behavior{TargetOriginID: "frontend"},
				Behaviors: []collect.Behavior{
					{PathPattern: "/core/*", TargetOriginID: "core", ForwardsHost: true},
					{PathPattern: "/legacy/*", TargetOriginID: "legacy"},
					{PathPattern: "/plain/*", TargetOriginID: "plain", ForwardsHost: true},
				},
			},
			{ID: "EOFF", DomainName: "eoff.cloudfront.net", Enabled: false, Aliases: []string{"old.mydomain.com"}},
		},
		HostedZones: []collect.HostedZone{{
			Name: "mydomain.com",
			Records: []collect.Record{
				{Name: "mydomain.com", Type: "A", AliasTarget: "e3prodexample.cloudfront.net"},
				{Name: "app.mydomain.com", Type: "A", AliasTarget: "dualstack.prod-core-1234567890.eu-west-1.elb.amazonaws.com"},
				{Name: "legacy.mydomain.com", Type: "CNAME", Values: []string{"app.mydomain.com."}},
				{Name: "*.wild.mydomain.com", Type: "A", AliasTarget: "prod-core-1234567890.eu-west-1.elb.amazonaws.com"},
			},
		}},
		Namespaces: []collect.Namespace{
			{Name: "prod.local", Type: "DNS_PRIVATE", Services: []collect.Service{
				{Name: "core", DNSRecords: []collect.DNSRecord{{Type: "SRV"}, {Type: "A"}}},
				{Name: "aonly", DNSRecords: []collect.DNSRecord{{Type: "A"}}},
			}},
			{Name: "api.http", Type: "HTTP", Services: []collect.Service{{Name: "x", DNSRecords: []collect.DNSRecord{{Type: "SRV"}}}}},
		},
	}
}

func TestTLSTargets(t *testing.T) {
	const lbARN = "arn:aws:elasticloadbalancing:eu-west-1:333333333333:loadbalancer/app/prod-core/1"
	const l443 = "arn:aws:elasticloadbalancing:eu-west-1:333333333333:listener/app/prod-core/1/443"
	const lbDNS = "prod-core-1234567890.eu-west-1.elb.amazonaws.com"
	core := collect.ProbeUse{Kind: collect.ProbeUseOrigin, DistributionID: "E3PRODEXAMPLE", OriginID: "core", Behaviour: "/core/*", LoadBalancerARN: lbARN, ListenerARN: l443}
	want := []tlsTarget{
		// app.mydomain.com aliases the load balancer (through dualstack.)...
		{host: "app.mydomain.com", dialName: lbDNS, port: 443, uses: []collect.ProbeUse{{Kind: collect.ProbeUseRecord, Record: "app.mydomain.com", LoadBalancerARN: lbARN, ListenerARN: l443}}},
		// ...and legacy.mydomain.com CNAMEs to it; as an origin without Host forwarding,
		// CloudFront validates the origin's own name, on its HTTPS port (no listener there).
		{host: "legacy.mydomain.com", dialName: "legacy.mydomain.com", port: 8443, uses: []collect.ProbeUse{{Kind: collect.ProbeUseOrigin, DistributionID: "E3PRODEXAMPLE", OriginID: "legacy", Behaviour: "/legacy/*", LoadBalancerARN: lbARN}}},
		{host: "legacy.mydomain.com", dialName: lbDNS, port: 443, uses: []collect.ProbeUse{{Kind: collect.ProbeUseRecord, Record: "legacy.mydomain.com", LoadBalancerARN: lbARN, ListenerARN: l443}}},
		// The seed-502 origin: Host is forwarded, so CloudFront validates the apex.
		{host: "mydomain.com", dialName: "e3prodexample.cloudfront.net", port: 443, uses: []collect.ProbeUse{{Kind: collect.ProbeUseViewer, DistributionID: "E3PRODEXAMPLE"}}},
		{host: "mydomain.com", dialName: lbDNS, port: 443, uses: []collect.ProbeUse{core}},
		{host: "www.mydomain.com", dialName: "e3prodexample.cloudfront.net", port: 443, uses: []collect.ProbeUse{{Kind: collect.ProbeUseViewer, DistributionID: "E3PRODEXAMPLE"}}},
		{host: "www.mydomain.com", dialName: lbDNS, port: 443, uses: []collect.ProbeUse{core}},
	}
	got := tlsTargets(prodSnapshot())
	if !reflect.DeepEqual(got, want) {
		t.Errorf("tlsTargets:\n got %+v\nwant %+v", got, want)
	}
}

func TestSRVTargets(t *testing.T) {
	snap := prodSnapshot()
	snap.Environment.HAProxyConfig = `defaults
    mode tcp
    timeout connect 1s
    timeout client 1s
    timeout server 1s
    default-server init-addr none
resolvers vpc
    nameserver a 10.3.0.2:53
backend core
    server-template core 3 _core._tcp.core.prod.local resolvers vpc
    server-template cm 3 core.prod.local resolvers vpc
backend misc
    server-template m 2 _Misc._tcp.misc.prod.local. resolvers vpc
`
	validate(t, snap.Environment.HAProxyConfig, true)
	want := []srvTarget{
		{name: "_core._tcp.core.prod.local", sources: []string{collect.SRVSourceHAProxy}, privateZone: "prod.local"},
		{name: "_misc._tcp.misc.prod.local", sources: []string{collect.SRVSourceHAProxy}, privateZone: "prod.local"},
		{name: "core.prod.local", sources: []string{collect.SRVSourceCloudMap}, namespace: "prod.local", service: "core", privateZone: "prod.local"},
	}
	if got := srvTargets(snap); !reflect.DeepEqual(got, want) {
		t.Errorf("srvTargets:\n got %+v\nwant %+v", got, want)
	}

	snap.Environment.HAProxyConfig = "backend b\n    server-template s 2 _x._tcp.y resolvers missing\n"
	validate(t, snap.Environment.HAProxyConfig, false)
	if got := srvTargets(snap); len(got) != 1 || got[0].name != "core.prod.local" {
		t.Errorf("an unparsable HAProxy configuration must add no names, got %+v", got)
	}
}

func TestOptionsFromConfig(t *testing.T) {
	tests := []struct {
		name    string
		cfg     Config
		wantErr string
		check   func(t *testing.T, o Options)
	}{
		{name: "full", cfg: Config{
			Overrides: map[string]string{"Prod-Core.example.": "127.0.0.1:8443"},
			Resolver:  "127.0.0.1:5353", Timeout: "250ms", Concurrency: 4, OnlyOverrides: true,
		}, check: func(t *testing.T, o Options) {
			if addr, ok := o.override("prod-core.example", "mydomain.com", 443); !ok || addr != "127.0.0.1:8443" {
				t.Errorf("override = %q %v", addr, ok)
			}
			if o.Resolver != "127.0.0.1:5353" || o.Timeout.Milliseconds() != 250 || o.Concurrency != 4 || !o.OnlyOverrides {
				t.Errorf("options = %+v", o)
			}
		}},
		{name: "resolver without port", cfg: Config{Resolver: "10.0.0.2"}, check: func(t *testing.T, o Options) {
			if o.Resolver != "10.0.0.2:53" {
				t.Errorf("resolver = %q", o.Resolver)
			}
		}},
		{name: "bad override", cfg: Config{Overrides: map[string]string{"a": "127.0.0.1"}}, wantErr: `probe.overrides["a"]`},
		{name: "bad override port", cfg: Config{Overrides: map[string]string{"a": "127.0.0.1:http"}}, wantErr: `probe.overrides["a"]: port`},
		{name: "bad timeout", cfg: Config{Timeout: "3"}, wantErr: "probe.timeout"},
		{name: "negative timeout", cfg: Config{Timeout: "-1s"}, wantErr: "probe.timeout"},
		{name: "bad concurrency", cfg: Config{Concurrency: -1}, wantErr: "probe.concurrency"},
		{name: "bad resolver", cfg: Config{Resolver: "127.0.0.1:99999"}, wantErr: "probe.resolver"},
		{name: "missing ca file", cfg: Config{CAFile: "nope.pem"}, wantErr: "probe.ca_file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, err := OptionsFromConfig(tt.cfg, t.TempDir())
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want one naming %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, o)
		})
	}
}

// validate has the real HAProxy check a configuration the test uses: valid says whether
// it must accept it.
func validate(t *testing.T, text string, valid bool) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "haproxy.cfg")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	if valid {
		probetest.CheckConfig(t, path)
		return
	}
	if bin := probetest.OptionalHAProxy(t); bin != "" {
		if out, err := exec.Command(bin, "-c", "-f", path).CombinedOutput(); err == nil || strings.Contains(string(out), "has no error") {
			t.Fatalf("haproxy accepts a configuration the test takes as invalid:\n%s", out)
		}
	}
}
