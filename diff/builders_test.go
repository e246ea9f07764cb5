package diff

import (
	"fmt"
	"strings"
	"time"

	"github.com/envdiff/envdiff/collect"
)

// testNow pins every test's clock.
var testNow = time.Date(2026, 11, 23, 19, 0, 0, 0, time.UTC)

func testOpts() Options { return Options{Now: testNow} }

func certARN(region, account, id string) string {
	return fmt.Sprintf("arn:aws:acm:%s:%s:certificate/%s", region, account, id)
}

// cert builds an issued certificate valid for 180 more days; sans default to domain.
func cert(arn, domain string, sans ...string) collect.Certificate {
	if len(sans) == 0 {
		sans = []string{domain}
	}
	return collect.Certificate{ARN: arn, Region: arnPart(arn, 3), Account: arnPart(arn, 4), DomainName: domain, SANs: sans,
		Status: "ISSUED", Type: "AMAZON_ISSUED", KeyAlgorithm: "RSA_2048",
		NotBefore: testNow.AddDate(0, 0, -180), NotAfter: testNow.AddDate(0, 0, 180)}
}

func lbARN(region, account, name string) string {
	return fmt.Sprintf("arn:aws:elasticloadbalancing:%s:%s:loadbalancer/app/%s/0123456789abcdef", region, account, name)
}

func tgARN(region, account, name string) string {
	return fmt.Sprintf("arn:aws:elasticloadbalancing:%s:%s:targetgroup/%s/0123456789abcdef", region, account, name)
}

func lbDNS(name, region string) string { return name + "-1234567890." + region + ".elb.amazonaws.com" }

func forward(tgARNs ...string) []collect.Action {
	return []collect.Action{{Type: "forward", TargetGroupARNs: tgARNs}}
}

func redirectHTTPS() []collect.Action {
	return []collect.Action{{Type: "redirect", Redirect: &collect.Redirect{StatusCode: "HTTP_301", Protocol: "HTTPS", Port: "443"}}}
}

// httpsListener serves certs: the first is the default, the rest SNI.
func httpsListener(port int, actions []collect.Action, certs ...string) collect.Listener {
	l := collect.Listener{ARN: fmt.Sprintf("listener-%d-%s", port, strings.Join(certs, ",")), Port: port, Protocol: "HTTPS",
		SSLPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06", DefaultActions: actions}
	for i, c := range certs {
		l.Certificates = append(l.Certificates, collect.ListenerCertificate{ARN: c, IsDefault: i == 0})
	}
	return l
}

func httpListener(port int, actions []collect.Action) collect.Listener {
	return collect.Listener{ARN: fmt.Sprintf("listener-%d-http", port), Port: port, Protocol: "HTTP", DefaultActions: actions}
}

func targets(health ...string) []collect.Target {
	var out []collect.Target
	for i, h := range health {
		out = append(out, collect.Target{ID: fmt.Sprintf("10.0.0.%d", i+10), Port: 32768, Health: h})
	}
	return out
}

// alb builds an ALB whose HTTPS listener on 443 serves certs and forwards to one
// target group NAME-web, with an HTTP listener redirecting to HTTPS.
func alb(name, region, account string, health []string, certs ...string) collect.LoadBalancer {
	tg := tgARN(region, account, name+"-web")
	return collect.LoadBalancer{ARN: lbARN(region, account, name), Name: name, Region: region, Type: "application",
		Scheme: "internet-facing", DNSName: lbDNS(name, region), State: "active",
		Listeners: []collect.Listener{httpsListener(443, forward(tg), certs...), httpListener(80, redirectHTTPS())},
		TargetGroups: []collect.TargetGroup{{ARN: tg, Name: name + "-web", Protocol: "HTTP", Port: 8000,
			HealthCheckPath: "/core/health", Targets: targets(health...)}}}
}

// dist builds a distribution with an S3 frontend (default and /app/*) and an HTTPS
// custom origin `core` at originDomain for /core/*, forwarding Host.
func dist(id, viewerCert, originDomain string, aliases ...string) collect.Distribution {
	return collect.Distribution{ID: id, ARN: "arn:aws:cloudfront::000000000000:distribution/" + id,
		DomainName: strings.ToLower(id) + ".cloudfront.net", Enabled: true, Status: "Deployed", Aliases: aliases,
		ViewerCertificate: collect.ViewerCertificate{ACMCertificateARN: viewerCert, SSLSupportMethod: "sni-only", MinimumProtocolVersion: "TLSv1.2_2021"},
		Origins: []collect.Origin{
			{ID: "frontend", DomainName: strings.ToLower(id) + "-frontend.s3.eu-west-1.amazonaws.com", S3: true},
			{ID: "core", DomainName: originDomain, ProtocolPolicy: "https-only", HTTPSPort: 443, HTTPPort: 80, SSLProtocols: []string{"TLSv1.2"}},
		},
		DefaultBehavior: collect.Behavior{TargetOriginID: "frontend", ViewerProtocolPolicy: "redirect-to-https"},
		Behaviors: []collect.Behavior{
			{PathPattern: "/app/*", TargetOriginID: "frontend", ViewerProtocolPolicy: "redirect-to-https"},
			{PathPattern: "/core/*", TargetOriginID: "core", ViewerProtocolPolicy: "https-only", ForwardsHost: true, HostForwardingSource: "origin request policy AllViewer"},
		}}
}

func aliasRec(name, target string) collect.Record {
	return collect.Record{Name: name, Type: "A", AliasTarget: target}
}

func zone(name string, private bool, recs ...collect.Record) collect.HostedZone {
	return collect.HostedZone{ID: "Z" + strings.ToUpper(strings.ReplaceAll(name, ".", "")), Name: name, Private: private, Records: recs}
}

// cloudMap builds namespace NS with service core, its instances (id=ip:port) and the
// private zone whose SRV and A records list them.
func cloudMap(ns, region string, inst ...string) (collect.Namespace, collect.HostedZone) {
	svc := collect.Service{ID: "srv-" + ns, Name: "core", HealthCheck: "custom",
		DNSRecords: []collect.DNSRecord{{Type: "SRV", TTL: 60}, {Type: "A", TTL: 60}}}
	z := zone(ns, true)
	srv := collect.Record{Name: "core." + ns, Type: "SRV", TTL: 60}
	for _, s := range inst {
		id, ep, _ := strings.Cut(s, "=")
		ip, port, _ := strings.Cut(ep, ":")
		var p int
		fmt.Sscanf(port, "%d", &p)
		svc.Instances = append(svc.Instances, collect.Instance{ID: id, IPv4: ip, Port: p, Health: "HEALTHY"})
		host := id + ".core." + ns
		srv.Values = append(srv.Values, fmt.Sprintf("1 1 %d %s.", p, host))
		z.Records = append(z.Records, collect.Record{Name: host, Type: "A", TTL: 60, Values: []string{ip}})
	}
	z.Records = append([]collect.Record{srv}, z.Records...)
	return collect.Namespace{ID: "ns-" + ns, Name: ns, Type: "DNS_PRIVATE", Region: region, Services: []collect.Service{svc}}, z
}

func snapshot(name, role, account string, domains, tokens []string) *collect.Snapshot {
	return &collect.Snapshot{Schema: collect.SchemaVersion, CollectedAt: testNow,
		Environment: collect.Environment{Name: name, Role: role, Account: account, Regions: []string{"eu-west-1"}, Domains: domains, Tokens: tokens}}
}

// seedAccount111 is the account qa1 and qa2 share: each sees the other's resources.
func seedAccount111(s *collect.Snapshot) {
	const a, r = "111111111111", "eu-west-1"
	wild := certARN(r, a, "qa-wildcard")
	s.Certificates = append(s.Certificates,
		cert(certARN("us-east-1", a, "qa1-cf"), "qa1.mydomain.com"),
		cert(certARN("us-east-1", a, "qa2-cf"), "qa2.mydomain.com"),
		cert(wild, "*.mydomain.com"))
	s.LoadBalancers = append(s.LoadBalancers, alb("qa1-core", r, a, []string{"healthy"}, wild), alb("qa2-core", r, a, []string{"healthy"}, wild))
	s.Distributions = append(s.Distributions,
		dist("E1QA1EXAMPLE", certARN("us-east-1", a, "qa1-cf"), lbDNS("qa1-core", r), "qa1.mydomain.com"),
		dist("E1QA2EXAMPLE", certARN("us-east-1", a, "qa2-cf"), lbDNS("qa2-core", r), "qa2.mydomain.com"))
	ns1, z1 := cloudMap("qa1.local", r, "task-qa1-a=10.1.1.10:32768")
	ns2, z2 := cloudMap("qa2.local", r, "task-qa2-a=10.1.2.10:32768")
	s.HostedZones = append(s.HostedZones,
		zone("qa1.mydomain.com", false, aliasRec("qa1.mydomain.com", "e1qa1example.cloudfront.net")),
		zone("qa2.mydomain.com", false, aliasRec("qa2.mydomain.com", "e1qa2example.cloudfront.net")), z1, z2)
	s.Namespaces = append(s.Namespaces, ns1, ns2)
}

// seed502 mirrors scenarios/seed-502.yaml: four environments, production on the apex
// behind an ALB that serves only *.mydomain.com while /core/* forwards Host.
func seed502() []*collect.Snapshot {
	qa1 := snapshot("qa1", collect.RolePassed, "111111111111", []string{"qa1.mydomain.com"}, []string{"qa1"})
	qa2 := snapshot("qa2", collect.RolePassed, "111111111111", []string{"qa2.mydomain.com"}, []string{"qa2"})
	seedAccount111(qa1)
	seedAccount111(qa2)

	const r = "eu-west-1"
	stg := snapshot("staging", collect.RolePassed, "222222222222", []string{"staging.mydomain.com"}, []string{"staging"})
	sw := certARN(r, "222222222222", "staging-wildcard")
	stg.Certificates = []collect.Certificate{cert(certARN("us-east-1", "222222222222", "staging-cf"), "staging.mydomain.com"), cert(sw, "*.mydomain.com")}
	stg.LoadBalancers = []collect.LoadBalancer{alb("staging-core", r, "222222222222", []string{"healthy", "healthy"}, sw)}
	stg.Distributions = []collect.Distribution{dist("E2STAGINGEXAMPLE", certARN("us-east-1", "222222222222", "staging-cf"), lbDNS("staging-core", r), "staging.mydomain.com")}
	nsS, zS := cloudMap("staging.local", r, "task-stg-a=10.2.1.10:32768", "task-stg-b=10.2.1.11:32769")
	stg.HostedZones = []collect.HostedZone{zone("staging.mydomain.com", false, aliasRec("staging.mydomain.com", "e2stagingexample.cloudfront.net")), zS}
	stg.Namespaces = []collect.Namespace{nsS}

	prod := snapshot("production", collect.RoleTarget, "333333333333", []string{"mydomain.com"}, []string{"prod"})
	pw := certARN(r, "333333333333", "prod-wildcard")
	pcf := certARN("us-east-1", "333333333333", "prod-cf")
	prod.Certificates = []collect.Certificate{cert(pcf, "mydomain.com", "mydomain.com", "www.mydomain.com"), cert(pw, "*.mydomain.com")}
	lb := alb("prod-core", r, "333333333333", []string{"healthy", "healthy", "healthy"}, pw)
	lb.Listeners[0].Rules = []collect.Rule{{ARN: "rule-10", Priority: "10",
		Conditions: []collect.Condition{{Field: "host-header", Values: []string{"app.mydomain.com"}}},
		Actions:    []collect.Action{{Type: "redirect", Redirect: &collect.Redirect{StatusCode: "HTTP_301", Protocol: "HTTPS", Host: "mydomain.com", Port: "443", Path: "/app/#{path}"}}}}}
	prod.LoadBalancers = []collect.LoadBalancer{lb}
	prod.Distributions = []collect.Distribution{dist("E3PRODEXAMPLE", pcf, lbDNS("prod-core", r), "mydomain.com", "www.mydomain.com")}
	nsP, zP := cloudMap("prod.local", r, "task-prod-a=10.3.1.10:32768", "task-prod-b=10.3.1.11:32770", "task-prod-c=10.3.2.10:32768")
	prod.HostedZones = []collect.HostedZone{zone("mydomain.com", false,
		aliasRec("mydomain.com", "e3prodexample.cloudfront.net"),
		aliasRec("www.mydomain.com", "e3prodexample.cloudfront.net"),
		aliasRec("app.mydomain.com", "dualstack."+lbDNS("prod-core", r)+".")), zP}
	prod.Namespaces = []collect.Namespace{nsP}
	return []*collect.Snapshot{qa1, qa2, stg, prod}
}
