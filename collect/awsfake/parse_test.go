package awsfake

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// base is a valid scenario; each bad-file case edits one line of it.
const base = `scenario: t
environments:
  - {name: qa, role: passed, account: "111111111111"}
  - {name: prod, role: target, account: "222222222222"}
accounts:
  "111111111111":
    certificates:
      - arn: arn:aws:acm:us-east-1:111111111111:certificate/a
        domain: a.example.com
        not_after: +10d
    load_balancers:
      - name: web
        region: eu-west-1
        listeners:
          - {port: 80, protocol: HTTP, default_action: {type: forward, target_group: tg}}
        target_groups:
          - {name: tg, port: 80}
    distributions:
      - id: E1
        origins: [{id: o, domain_name: o.example.com}]
        default_behavior: {origin: o}
    hosted_zones:
      - name: example.com.
        records:
          - {name: a.example.com., type: A, values: [192.0.2.1]}
    namespaces:
      - {name: x.local, region: eu-west-1, services: [{name: s, instances: [{id: i, ipv4: 10.0.0.1, port: 80}]}]}
faults:
  - {env: qa, service: acm, kind: throttle, times: 1}
`

func TestParseBase(t *testing.T) {
	s, err := ParseScenario("base.yaml", []byte(base))
	if err != nil {
		t.Fatal(err)
	}
	a := s.Accounts["111111111111"]
	c := a.Certificates[0]
	if c.Status != "ISSUED" || c.Type != "AMAZON_ISSUED" || c.KeyAlgorithm != "RSA_2048" || c.Region != "us-east-1" ||
		len(c.SANs) != 1 || c.SANs[0] != "a.example.com" {
		t.Errorf("certificate defaults %+v", c)
	}
	if got := c.NotAfter.Resolve(fixedNow); !got.Equal(fixedNow.Add(240 * time.Hour)) {
		t.Errorf("not_after +10d = %v", got)
	}
	if got := c.NotBefore.Resolve(fixedNow); !got.Equal(fixedNow.Add(-180 * 24 * time.Hour)) {
		t.Errorf("not_before default = %v", got)
	}
	if s.Environments[0].Regions[0] != "us-east-1" || s.RateLimits != "none" {
		t.Errorf("defaults: regions %v rate_limits %q", s.Environments[0].Regions, s.RateLimits)
	}
	lb := a.LoadBalancers[0]
	if lb.DNSName != "web-1234567890.eu-west-1.elb.amazonaws.com" || lb.Type != "application" || lb.Scheme != "internet-facing" {
		t.Errorf("load balancer defaults %+v", lb)
	}
	d := a.Distributions[0]
	if !d.Enabled || d.DomainName != "e1.cloudfront.net" || d.Status != "Deployed" || !d.ViewerCertificate.CloudFrontDefault ||
		d.Origins[0].ProtocolPolicy != "https-only" || d.Origins[0].HTTPSPort != 443 || d.DefaultBehavior.OriginRequestPolicyID != PolicyAllViewerExceptHostHeader {
		t.Errorf("distribution defaults %+v", d)
	}
	if r := a.HostedZones[0].Records[0]; r.TTL != 300 {
		t.Errorf("record TTL default %d", r.TTL)
	}
	svc := a.Namespaces[0].Services[0]
	if a.Namespaces[0].Type != "DNS_PRIVATE" || len(svc.DNSRecords) != 1 || svc.DNSRecords[0].Type != "SRV" || svc.DNSRecords[0].TTL != 60 ||
		svc.HealthCheck != "none" || svc.Instances[0].Health != "HEALTHY" {
		t.Errorf("namespace defaults %+v", a.Namespaces[0])
	}
	if f := s.Faults[0]; f.Account != "111111111111" {
		t.Errorf("fault env not resolved: %+v", f)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name     string
		old, new string // edit of base
		want     string // the message starts with this
		wantAlso string
	}{
		{"unknown key", "        domain: a.example.com", "        domian: a.example.com",
			"bad.yaml:9: accounts.111111111111.certificates[0].domian: unknown key", ""},
		{"unknown top-level key", "scenario: t", "scenario: t\npage_sise: 1", "bad.yaml:2: page_sise: unknown key", ""},
		{"missing target", "role: target", "role: passed", "bad.yaml:2: environments: no environment has role: target", ""},
		{"two targets", "role: passed", "role: target", "bad.yaml:4: environments[1].role: a second target", ""},
		{"bad role", "role: passed", "role: pased", `bad.yaml:3: environments[0].role: "pased" is not one of passed, target`, ""},
		{"bad ARN", "arn:aws:acm:us-east-1:111111111111:certificate/a", "arn:aws:acm:us-east-1:111111111111:cert/a",
			"bad.yaml:8: accounts.111111111111.certificates[0].arn:", "not an ACM certificate ARN"},
		{"ARN of another account", "arn:aws:acm:us-east-1:111111111111:certificate/a", "arn:aws:acm:us-east-1:999999999999:certificate/a",
			"bad.yaml:8: accounts.111111111111.certificates[0].arn: ARN names account 999999999999", ""},
		{"bad time", "not_after: +10d", "not_after: next tuesday", "bad.yaml:10: accounts.111111111111.certificates[0].not_after: bad time", ""},
		{"bad relative time", "not_after: +10d", "not_after: +10w", "bad.yaml:10: accounts.111111111111.certificates[0].not_after: bad relative time", ""},
		{"one environment", `  - {name: prod, role: target, account: "222222222222"}`, "", "bad.yaml:2: environments: need at least two environments", ""},
		{"duplicate environment", "name: prod", "name: qa", `bad.yaml:4: environments[1].name: duplicate environment name "qa"`, ""},
		{"bad account id", `account: "222222222222"`, `account: "2222"`, "bad.yaml:4: environments[1].account: want a 12-digit account id", ""},
		{"unknown target group", "target_group: tg}", "target_group: nope}",
			`bad.yaml:15: accounts.111111111111.load_balancers[0].listeners[0].default_action.target_group: no target group "nope"`, ""},
		{"unknown origin", "default_behavior: {origin: o}", "default_behavior: {origin: p}",
			`bad.yaml:21: accounts.111111111111.distributions[0].default_behavior.origin: no origin with id "p"`, ""},
		{"record outside zone", "name: a.example.com., type: A", "name: a.example.org., type: A",
			"bad.yaml:25: accounts.111111111111.hosted_zones[0].records[0].name: a.example.org. is not in zone example.com.", ""},
		{"bad A value", "values: [192.0.2.1]", "values: [192.0.2]", "bad.yaml:25: accounts.111111111111.hosted_zones[0].records[0].values:", "not an IPv4 address"},
		{"fault names unknown env", "env: qa, service", "env: qa9, service", `bad.yaml:29: faults[0].env: no environment named "qa9"`, ""},
		{"fault without whom", "env: qa, service", "service", "bad.yaml:29: faults[0]: env or account is required", ""},
		{"fault bad kind", "kind: throttle", "kind: slow", `bad.yaml:29: faults[0].kind: "slow" is not one of`, ""},
		{"fault bad operation", "service: acm,", "service: acm, operation: GetCertificate,", `bad.yaml:29: faults[0].operation: acm has no operation "GetCertificate"`, ""},
		{"fault region on a global service", "service: acm,", "service: route53, region: eu-west-1,", "bad.yaml:29: faults[0].region: route53 is global (us-east-1); leave region out", ""},
		{"bad rate_limits", "scenario: t", "scenario: t\nrate_limits: strict", `bad.yaml:2: rate_limits: "strict" is not one of none, aws`, ""},
		{"wrong type", "port: 80, protocol", "port: eighty, protocol", `bad.yaml:15: accounts.111111111111.load_balancers[0].listeners[0].port: want a whole number, got "eighty"`, ""},
		{"duplicate key", "        domain: a.example.com", "        domain: a.example.com\n        domain: b.example.com",
			"bad.yaml:10: accounts.111111111111.certificates[0].domain: duplicate key", ""},
		{"HTTPS without certificate", "port: 80, protocol: HTTP,", "port: 443, protocol: HTTPS,",
			"bad.yaml:15: accounts.111111111111.load_balancers[0].listeners[0].certificate: an HTTPS listener needs a default certificate", ""},
		{"not YAML", "scenario: t", "scenario: [t", "bad.yaml: not YAML", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(base, tt.old) {
				t.Fatalf("base has no %q", tt.old)
			}
			data := strings.Replace(base, tt.old, tt.new, 1)
			_, err := ParseScenario("bad.yaml", []byte(data))
			if err == nil {
				t.Fatal("no error")
			}
			var perr *Error
			if !errors.As(err, &perr) {
				t.Errorf("error %T is not an *Error", err)
			}
			if !strings.HasPrefix(err.Error(), tt.want) || !strings.Contains(err.Error(), tt.wantAlso) {
				t.Errorf("error\n%s\nwant prefix\n%s", err, tt.want)
			}
		})
	}
}

// A scenario built in code goes through the same rules; its errors name the key.
func TestValidateInCode(t *testing.T) {
	s := &Scenario{
		Name: "gen",
		Environments: []Environment{
			{Name: "a", Role: "passed", Account: "111111111111"},
			{Name: "b", Role: "target", Account: "111111111111"},
		},
		Accounts: map[string]*Account{"111111111111": {Certificates: []Certificate{{ARN: "nope", Domain: "x"}}}},
	}
	err := s.Validate()
	if err == nil || err.Error() != `scenario: accounts.111111111111.certificates[0].arn: "nope" is not an ACM certificate ARN (arn:aws:acm:REGION:ACCOUNT:certificate/ID)` {
		t.Errorf("error %v", err)
	}
	s.Accounts["111111111111"].Certificates[0].ARN = "arn:aws:acm:eu-west-1:111111111111:certificate/x"
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	if c := s.Accounts["111111111111"].Certificates[0]; c.Region != "eu-west-1" || c.Status != "ISSUED" {
		t.Errorf("defaults not applied: %+v", c)
	}
}

func TestEmbedded(t *testing.T) {
	if names := EmbeddedNames(); len(names) == 0 || names[0] != "seed-502" {
		t.Errorf("EmbeddedNames() = %v", names)
	}
	if _, err := Embedded("nope"); err == nil || !strings.Contains(err.Error(), "seed-502") {
		t.Errorf("Embedded(nope) error %v should list the embedded names", err)
	}
	s, err := Embedded("seed-502")
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Environments) != 4 || s.Environments[3].Role != "target" {
		t.Errorf("seed environments %+v", s.Environments)
	}
}
