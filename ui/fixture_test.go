package ui

import (
	"fmt"
	"time"

	"github.com/envdiff/envdiff/collect"
	"github.com/envdiff/envdiff/diff"
)

// Literal data shaped like what the engine and the collectors produce for
// scenarios/seed-502.yaml: four environments, one regression (production's /core/*
// origin certificate does not cover the apex), two parity differences.

var fixedNow = time.Date(2026, 11, 23, 19, 42, 10, 0, time.UTC)

const coreNode = "mydomain.com / behaviour /core/* / origin core / listener 443"

func seedResult() *diff.Result {
	return &diff.Result{
		GeneratedAt: fixedNow,
		Target:      "production",
		Baselines:   []string{"qa1", "qa2", "staging"},
		Environments: []diff.EnvStatus{
			{Name: "qa1", Role: collect.RolePassed, Complete: true},
			{Name: "qa2", Role: collect.RolePassed, Complete: true},
			{Name: "staging", Role: collect.RolePassed, Complete: true},
			{Name: "production", Role: collect.RoleTarget, Complete: true},
		},
		Findings: []diff.Finding{
			{
				Check:      "origin-cert-covers-host",
				Severity:   diff.Critical,
				Regression: true,
				Env:        "production",
				Node:       coreNode,
				Resource:   "arn:aws:elasticloadbalancing:eu-west-1:333333333333:listener/app/prod-core/50dc6c495c0c9188/f2f7dc8efc522ab2",
				Message:    "CloudFront validates the origin certificate against mydomain.com; the listener serves *.mydomain.com, which does not cover the apex",
				PassedIn:   []string{"qa1", "qa2", "staging"},
				Values: map[string]string{
					"qa1": "*.mydomain.com", "qa2": "*.mydomain.com",
					"staging": "*.mydomain.com", "production": "*.mydomain.com",
				},
				Category: diff.CatRegression,
				Evidence: []diff.EvidenceRow{
					{Label: "host validated", Differs: true, Values: map[string]string{
						"qa1": "qa1.mydomain.com", "qa2": "qa2.mydomain.com",
						"staging": "staging.mydomain.com", "production": "mydomain.com",
					}},
					{Label: "Host forwarded", Values: map[string]string{
						"qa1": "yes (AllViewer)", "qa2": "yes (AllViewer)",
						"staging": "yes (AllViewer)", "production": "yes (AllViewer)",
					}},
					{Label: "certificate names", Values: map[string]string{
						"qa1": "*.mydomain.com", "qa2": "*.mydomain.com",
						"staging": "*.mydomain.com", "production": "*.mydomain.com",
					}},
					{Label: "covered", Differs: true, Values: map[string]string{
						"qa1": "yes", "qa2": "yes", "staging": "yes", "production": "no: a wildcard never covers the apex",
					}},
				},
			},
			{
				Check:    "attribute-differs",
				Severity: diff.Low,
				Env:      "production",
				Node:     "mydomain.com / distribution / aliases",
				Resource: "arn:aws:cloudfront::333333333333:distribution/E3PRODEXAMPLE",
				Message:  "the distribution has 2 aliases in production and 1 in every passed environment",
				Values:   map[string]string{"qa1": "1", "qa2": "1", "staging": "1", "production": "2"},
				Category: diff.CatParity,
			},
			{
				Check:    "extra-in-target",
				Severity: diff.Info,
				Env:      "production",
				Node:     coreNode + " / rule 10",
				Message:  "a host-header rule redirects app.mydomain.com to mydomain.com/app/; no passed environment has it",
				Category: diff.CatParity,
			},
		},
	}
}

func seedDoc(check string) (CheckDoc, bool) {
	if check != "origin-cert-covers-host" {
		return CheckDoc{}, false
	}
	return CheckDoc{
		Title:       "The origin's certificate covers the host CloudFront validates",
		Explanation: "When the Host header is forwarded, CloudFront checks the origin certificate against the viewer's host name; a mismatch is a 502 for every request on that path.",
		Fix:         "Add mydomain.com to the listener (an SNI certificate that covers the apex), or stop forwarding the Host header to this origin.",
	}, true
}

// seedSnapshots are the four environments' Cloud Map and private zones: what the paths
// view reads besides the request paths.
func seedSnapshots() []*collect.Snapshot {
	type inst struct {
		id, ip string
		port   int
	}
	mk := func(name, role, ns string, insts []inst) *collect.Snapshot {
		s := &collect.Snapshot{
			Schema:      collect.SchemaVersion,
			Environment: collect.Environment{Name: name, Role: role, Regions: []string{"eu-west-1"}},
			CollectedAt: fixedNow,
		}
		svc := collect.Service{
			Name:        "core",
			DNSRecords:  []collect.DNSRecord{{Type: "SRV", TTL: 60}, {Type: "A", TTL: 60}},
			HealthCheck: "custom",
		}
		zone := collect.HostedZone{Name: ns, Private: true}
		var srv []string
		for _, i := range insts {
			svc.Instances = append(svc.Instances, collect.Instance{ID: i.id, IPv4: i.ip, Port: i.port, Health: "HEALTHY"})
			host := i.id + ".core." + ns
			srv = append(srv, fmt.Sprintf("1 1 %d %s.", i.port, host))
			zone.Records = append(zone.Records, collect.Record{Name: host, Type: "A", TTL: 60, Values: []string{i.ip}})
		}
		zone.Records = append(zone.Records, collect.Record{Name: "core." + ns, Type: "SRV", TTL: 60, Values: srv})
		s.Namespaces = []collect.Namespace{{Name: ns, Type: "DNS_PRIVATE", Region: "eu-west-1", Services: []collect.Service{svc}}}
		s.HostedZones = []collect.HostedZone{zone}
		return s
	}
	return []*collect.Snapshot{
		mk("qa1", collect.RolePassed, "qa1.local", []inst{{"task-qa1-a", "10.1.1.10", 32768}}),
		mk("qa2", collect.RolePassed, "qa2.local", []inst{{"task-qa2-a", "10.1.2.10", 32768}}),
		mk("staging", collect.RolePassed, "staging.local", []inst{{"task-stg-a", "10.2.1.10", 32768}, {"task-stg-b", "10.2.1.11", 32769}}),
		mk("production", collect.RoleTarget, "prod.local", []inst{{"task-prod-a", "10.3.1.10", 32768}, {"task-prod-b", "10.3.1.11", 32770}, {"task-prod-c", "10.3.2.10", 32768}}),
	}
}

// seedPath is one environment's walk from its entry domain.
func seedPath(env, domain, dist, lb string, targets int, certOK bool) diff.RequestPath {
	cert := diff.Hop{Role: diff.HopCertificate, Name: "*.mydomain.com", Detail: "default · eu-west-1 · ISSUED", Status: diff.HopOK, Depth: 5}
	if !certOK {
		cert.Status = diff.HopFail
		cert.Note = "*.mydomain.com does not cover " + domain + " (the Host CloudFront validates)"
	}
	return diff.RequestPath{Env: env, Entry: domain, Hops: []diff.Hop{
		{Role: diff.HopRecord, Name: domain + " A", Detail: "alias " + lowerID(dist) + ".cloudfront.net", Status: diff.HopOK},
		{Role: diff.HopDistribution, Name: dist, Status: diff.HopOK},
		{Role: diff.HopBehaviour, Name: "/app/*", Detail: "redirect-to-https", Status: diff.HopOK, Depth: 1},
		{Role: diff.HopOrigin, Name: "frontend", Detail: "S3", Status: diff.HopOK, Depth: 2},
		{Role: diff.HopBehaviour, Name: "/core/*", Detail: "https-only · Host forwarded", Status: diff.HopOK, Depth: 1},
		{Role: diff.HopOrigin, Name: "core", Detail: "https-only", Status: diff.HopOK, Depth: 2},
		{Role: diff.HopLoadBalancer, Name: lb, Detail: "application · eu-west-1", Status: diff.HopOK, Depth: 3},
		{Role: diff.HopListener, Name: "listener 443", Detail: "HTTPS", Status: diff.HopOK, Depth: 4},
		cert,
		{Role: diff.HopTargetGroup, Name: lb + "-web", Detail: "HTTP 8000", Status: diff.HopOK, Depth: 5},
		{Role: diff.HopTargets, Name: fmt.Sprintf("%d healthy", targets), Status: diff.HopOK, Depth: 6},
	}}
}

func lowerID(id string) string {
	b := []byte(id)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func seedPaths(s *collect.Snapshot) []diff.RequestPath {
	switch s.Environment.Name {
	case "qa1":
		return []diff.RequestPath{seedPath("qa1", "qa1.mydomain.com", "E1QA1EXAMPLE", "qa1-core", 1, true)}
	case "qa2":
		return []diff.RequestPath{seedPath("qa2", "qa2.mydomain.com", "E1QA2EXAMPLE", "qa2-core", 1, true)}
	case "staging":
		return []diff.RequestPath{seedPath("staging", "staging.mydomain.com", "E2STAGINGEXAMPLE", "staging-core", 2, true)}
	case "production":
		return []diff.RequestPath{seedPath("production", "mydomain.com", "E3PRODEXAMPLE", "prod-core", 3, false)}
	}
	return nil
}

// seedPathsByEnv is what a finished refresh carries.
func seedPathsByEnv() map[string][]diff.RequestPath {
	out := map[string][]diff.RequestPath{}
	for _, s := range seedSnapshots() {
		out[s.Environment.Name] = seedPaths(s)
	}
	return out
}
