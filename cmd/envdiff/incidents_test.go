package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// incidentDir holds incidents built to checks.md: seed-502 with its incident fixed, then
// one thing broken in production that the passed environments get right.
var incidentDir = filepath.Join("..", "..", "collect", "awsfake", "testdata", "incidents")

// incident is what envdiff must say about one scenario.
type incident struct {
	file string // in incidentDir, or an embedded scenario's name
	// check must be reported for production; empty when the scenario only asserts absences.
	check      string
	severity   string
	regression bool
	first      bool     // check is the report's first finding
	mention    []string // the check's message names these (hosts, certificates)
	allow      []string // other checks that may appear at high or above
	absent     []string // checks that must hold (not reported for any environment)
	only       bool     // no other finding above info at all
	exit       int
}

var incidents = []incident{
	{file: "seed-502", check: "origin-cert-covers-host", severity: "critical", regression: true, first: true,
		mention: []string{"mydomain.com", "*.mydomain.com"}, exit: 1},
	{file: "origin-host-not-forwarded", check: "origin-cert-covers-host", severity: "critical", regression: true, first: true,
		mention: []string{"prod-core-1234567890.eu-west-1.elb.amazonaws.com", "*.mydomain.com"}, exit: 1},
	{file: "origin-host-not-forwarded-covered", absent: []string{"origin-cert-covers-host", "origin-target-exists"}, exit: 0},
	{file: "origin-sni-covers-apex", absent: []string{"origin-cert-covers-host", "listener-cert-covers-dns"}, exit: 0},
	{file: "origin-match-viewer", check: "origin-cert-covers-host", severity: "critical", regression: true, first: true,
		mention: []string{"mydomain.com", "*.mydomain.com"}, exit: 1},
	{file: "viewer-cert-new-alias", check: "viewer-cert-covers-aliases", severity: "critical", regression: true, first: true,
		mention: []string{"api.mydomain.com", "E3PRODEXAMPLE"}, absent: []string{"distribution-alias-dns", "origin-cert-covers-host"}, exit: 1},
	{file: "viewer-cert-region", check: "viewer-cert-region", severity: "critical", regression: true, first: true,
		mention: []string{"arn:aws:acm:eu-west-1:333333333333:certificate/prod-cf", "us-east-1"}, exit: 1},
	{file: "listener-cert-region", check: "listener-cert-region", severity: "critical", regression: true, first: true,
		mention: []string{"prod-core", "arn:aws:acm:us-east-1:333333333333:certificate/prod-wildcard"}, exit: 1},
	// The certificate of another account is not in the snapshot: whether it covers the
	// names is unknown, so only the account is reported.
	{file: "listener-cert-account", check: "listener-cert-region", severity: "critical", regression: true, first: true,
		mention: []string{"444444444444"}, absent: []string{"origin-cert-covers-host", "listener-cert-covers-dns"}, exit: 1},
	// app.mydomain.com exists in production only: a failure no passed environment could
	// have shown, so not a regression, at the default severity.
	{file: "listener-cert-covers-dns", check: "listener-cert-covers-dns", severity: "high", first: true,
		mention: []string{"app.mydomain.com", "prod-core"}, absent: []string{"origin-cert-covers-host"}, exit: 1},
	{file: "cert-pending-validation", check: "cert-status", severity: "critical", regression: true, first: true,
		mention: []string{"PENDING_VALIDATION", "mydomain.com"}, exit: 1},
	{file: "cert-expired", check: "cert-status", severity: "critical", regression: true,
		mention: []string{"EXPIRED", "*.mydomain.com"}, allow: []string{"cert-expiry"}, exit: 1},
	{file: "cert-expired", check: "cert-expiry", severity: "critical", regression: true, first: true,
		mention: []string{"*.mydomain.com", "expired"}, allow: []string{"cert-status"}, exit: 1},
	{file: "cert-expiring", check: "cert-expiry", severity: "high", regression: true, first: true,
		mention: []string{"*.mydomain.com", "expires in"}, absent: []string{"cert-status"}, exit: 1},
	{file: "alias-dangling-cloudfront", check: "alias-target-exists", severity: "critical", regression: true, first: true,
		mention: []string{"mydomain.com", "e9goneexample.cloudfront.net"}, allow: []string{"distribution-alias-dns"},
		absent: []string{"missing-in-target"}, exit: 1},
	{file: "alias-dangling-elb", check: "alias-target-exists", severity: "high", first: true,
		mention: []string{"app.mydomain.com", "prod-old-core-987654321.eu-west-1.elb.amazonaws.com"}, exit: 1},
	{file: "distribution-alias-no-record", check: "distribution-alias-dns", severity: "medium", first: true,
		mention: []string{"www.mydomain.com", "E3PRODEXAMPLE"}, exit: 0},
	{file: "distribution-alias-foreign-zone", absent: []string{"distribution-alias-dns", "viewer-cert-covers-aliases"}, exit: 0},
	{file: "origin-points-nowhere", check: "origin-target-exists", severity: "high", regression: true, first: true,
		mention: []string{"prod-core-old-55555.eu-west-1.elb.amazonaws.com"}, absent: []string{"origin-cert-covers-host"}, exit: 1},
	{file: "http-forwards", check: "http-redirects-https", severity: "medium", regression: true, first: true,
		mention: []string{"prod-core"}, absent: []string{"missing-in-target"}, exit: 0},
	{file: "viewer-allow-all", check: "viewer-https", severity: "medium", regression: true, first: true,
		mention: []string{"/app/*", "allow-all"}, exit: 0},
	{file: "target-group-unhealthy", check: "target-group-healthy", severity: "critical", regression: true, first: true,
		mention: []string{"prod-core-web"}, exit: 1},
	{file: "srv-no-healthy-instance", check: "srv-has-targets", severity: "critical", regression: true, first: true,
		mention: []string{"core.prod.local"}, exit: 1},
	{file: "srv-stale-record", check: "srv-records-match-instances", severity: "high", regression: true, first: true,
		mention: []string{"core.prod.local", "task-prod-b.core.prod.local", "32771"}, exit: 1},
	{file: "srv-stale-instance", check: "srv-records-match-instances", severity: "high", regression: true, first: true,
		mention: []string{"task-prod-d.core.prod.local"}, exit: 1},
	{file: "haproxy-srv-missing", check: "haproxy-srv-resolves", severity: "critical", regression: true, first: true,
		mention: []string{"_core._tcp.prod.local", "core.prod.local"}, absent: []string{"srv-records-match-instances"}, exit: 1},
	{file: "haproxy-template-capacity", check: "haproxy-template-capacity", severity: "high", regression: true, first: true,
		mention: []string{"_core._tcp.prod.local", "2 slots", "3 registered instances"}, absent: []string{"haproxy-srv-resolves"}, exit: 1},
	{file: "haproxy-srv-ok", absent: []string{"haproxy-srv-resolves", "haproxy-template-capacity"}, exit: 0},
	{file: "parity-missing-behaviour", check: "missing-in-target", severity: "medium", first: true,
		mention: []string{"/app/*"}, exit: 0},
	{file: "parity-tls-policy", check: "attribute-differs", severity: "medium", first: true,
		mention: []string{"ELBSecurityPolicy-2016-08"}, exit: 0},
	{file: "parity-origin-protocol", check: "attribute-differs", severity: "medium", first: true,
		mention: []string{"match-viewer", "https-only"}, absent: []string{"origin-cert-covers-host"}, exit: 0},
	{file: "distribution-alias-delegated-zone", absent: []string{"distribution-alias-dns", "viewer-cert-covers-aliases"}, exit: 0},
	{file: "alias-dangling-cname", check: "alias-target-exists", severity: "high", first: true,
		mention: []string{"status.mydomain.com", "d111111abcdef8.cloudfront.net"}, exit: 1},
	{file: "origin-name-without-record", check: "origin-target-exists", severity: "high", regression: true, first: true,
		mention: []string{"core.mydomain.com", "E3PRODEXAMPLE"}, absent: []string{"origin-cert-covers-host"}, exit: 1},
	{file: "origin-outside-aws", absent: []string{"origin-target-exists", "origin-cert-covers-host"}, exit: 0},
	{file: "listener-cert-other-region-uncollected", check: "listener-cert-region", severity: "critical", regression: true, first: true,
		mention: []string{"us-west-2"}, absent: []string{"origin-cert-covers-host", "listener-cert-covers-dns"}, exit: 1},
	{file: "target-group-empty", check: "target-group-healthy", severity: "critical", regression: true, first: true,
		mention: []string{"prod-core-web"}, exit: 1},
	{file: "viewer-cert-expired", check: "cert-expiry", severity: "critical", regression: true, first: true,
		mention: []string{"mydomain.com", "expired"}, allow: []string{"cert-status"}, exit: 1},
	{file: "srv-no-instance", check: "srv-has-targets", severity: "critical", regression: true, first: true,
		mention: []string{"core.prod.local"}, exit: 1},
	// The passed environments publish app.<domain> too (covered by an SNI certificate):
	// the same node holds there, so here it is a regression.
	{file: "listener-cert-covers-dns-parity", check: "listener-cert-covers-dns", severity: "critical", regression: true, first: true,
		mention: []string{"app.mydomain.com", "prod-core"}, absent: []string{"origin-cert-covers-host"}, exit: 1},
	{file: "origin-https-port", check: "origin-cert-covers-host", severity: "critical", regression: true, first: true,
		mention: []string{"8443", "prod-core"}, exit: 1},
	{file: "cert-unused-expired", absent: []string{"cert-status", "cert-expiry"}, exit: 0},
	{file: "cert-sni-pending", check: "cert-status", severity: "high", first: true,
		mention: []string{"extra.mydomain.com", "PENDING_VALIDATION"}, exit: 1},
	{file: "viewer-default-certificate", check: "viewer-cert-covers-aliases", severity: "critical", regression: true, first: true,
		mention: []string{"*.cloudfront.net", "mydomain.com", "www.mydomain.com"}, absent: []string{"viewer-cert-region"}, exit: 1},
	{file: "nlb-tls-name-not-covered", check: "listener-cert-covers-dns", severity: "high", first: true,
		mention: []string{"db.internal.mydomain.com", "prod-tcp", "TLS listener", "one label"}, exit: 1},
	{file: "fault-access-denied", check: "collection-incomplete", severity: "high", first: true, only: true,
		mention: []string{"elbv2", "eu-west-1", "access_denied"}, exit: 3},
	{file: "fault-acm-denied", check: "collection-incomplete", severity: "high", first: true, only: true,
		mention: []string{"acm", "eu-west-1"}, exit: 3},
	{file: "fault-cloudfront-server-error", check: "collection-incomplete", severity: "high", first: true, only: true,
		mention: []string{"cloudfront"}, exit: 3},
	{file: "fault-route53-server-error", check: "collection-incomplete", severity: "high", first: true, only: true,
		mention: []string{"route53"}, exit: 3},
	// One operation denied: what it would have returned is unknown, and must not read as
	// an empty target group, a listener without certificates or a service without instances.
	{file: "fault-op-describe-target-health", check: "collection-incomplete", severity: "high", first: true, only: true,
		mention: []string{"DescribeTargetHealth"}, absent: []string{"target-group-healthy"}, exit: 3},
	{file: "fault-op-describe-listener-certificates", check: "collection-incomplete", severity: "high", first: true, only: true,
		mention: []string{"DescribeListenerCertificates"}, absent: []string{"origin-cert-covers-host", "listener-cert-covers-dns"}, exit: 3},
	{file: "fault-op-describe-listeners", check: "collection-incomplete", severity: "high", first: true, only: true,
		mention: []string{"DescribeListeners"}, absent: []string{"origin-cert-covers-host", "http-redirects-https"}, exit: 3},
	{file: "fault-op-list-instances", check: "collection-incomplete", severity: "high", first: true, only: true,
		mention: []string{"ListInstances"}, absent: []string{"srv-has-targets", "srv-records-match-instances"}, exit: 3},
	{file: "fault-op-get-instances-health-status", check: "collection-incomplete", severity: "high", first: true, only: true,
		mention: []string{"GetInstancesHealthStatus"}, absent: []string{"srv-has-targets"}, exit: 3},
	// What was read still speaks: the seed's incident shows first despite the unread health.
	{file: "seed-502-unread-target-health", check: "origin-cert-covers-host", severity: "critical", regression: true, first: true,
		mention: []string{"mydomain.com", "*.mydomain.com"}, allow: []string{"collection-incomplete"}, absent: []string{"target-group-healthy"}, exit: 3},
	{file: "seed-502-baselines-unread-route53", check: "origin-cert-covers-host", severity: "critical", regression: true, first: true,
		mention: []string{"mydomain.com", "*.mydomain.com"}, allow: []string{"collection-incomplete"}, exit: 3},
	{file: "fault-servicediscovery-malformed", check: "collection-incomplete", severity: "high", first: true, only: true,
		mention: []string{"servicediscovery"}, exit: 3},
}

type incidentReport struct {
	Findings []struct {
		Check      string   `json:"check"`
		Severity   string   `json:"severity"`
		Regression bool     `json:"regression"`
		Env        string   `json:"env"`
		Node       string   `json:"node"`
		Message    string   `json:"message"`
		PassedIn   []string `json:"passed_in"`
	} `json:"findings"`
}

var severityRank = map[string]int{"info": 0, "low": 1, "medium": 2, "high": 3, "critical": 4}

func TestIncidents(t *testing.T) {
	for _, in := range incidents {
		name := in.file + "/" + in.check
		if in.check == "" {
			name = in.file + "/holds"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			arg := in.file
			if in.file != "seed-502" {
				arg = filepath.Join(incidentDir, in.file+".yaml")
			}
			stdout, stderr, code := runBinary(t, "", "report", "--scenario", arg, "--format", "json")
			if code != in.exit {
				t.Errorf("exit status %d, want %d; stderr: %s", code, in.exit, stderr)
			}
			var rep incidentReport
			if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
				t.Fatalf("report is not JSON: %v\n%s", err, stdout)
			}
			found := false
			for i, f := range rep.Findings {
				if slices.Contains(in.absent, f.Check) {
					t.Errorf("%s must hold, got %s in %s at %s: %s", f.Check, f.Severity, f.Env, f.Node, f.Message)
				}
				if f.Check == in.check && f.Env == "production" {
					found = true
					if f.Severity != in.severity || f.Regression != in.regression {
						t.Errorf("%s: severity %s regression %v, want %s %v (%s)", f.Check, f.Severity, f.Regression, in.severity, in.regression, f.Message)
					}
					if in.first && i != 0 {
						t.Errorf("%s is finding %d, want it first; first is %s %s: %s", f.Check, i+1, rep.Findings[0].Check, rep.Findings[0].Severity, rep.Findings[0].Message)
					}
					if in.regression && !slices.Equal(f.PassedIn, []string{"qa1", "qa2", "staging"}) {
						t.Errorf("%s passed_in %v, want every passed environment", f.Check, f.PassedIn)
					}
					for _, m := range in.mention {
						if !strings.Contains(f.Message, m) {
							t.Errorf("%s message %q does not name %q", f.Check, f.Message, m)
						}
					}
					continue
				}
				floor := severityRank["high"]
				if in.only {
					floor = severityRank["low"]
				}
				if severityRank[f.Severity] >= floor && !slices.Contains(in.allow, f.Check) {
					t.Errorf("unexpected %s %s in %s at %s: %s", f.Severity, f.Check, f.Env, f.Node, f.Message)
				}
			}
			if in.check != "" && !found {
				t.Errorf("no %s finding for production; findings:\n%s", in.check, stdout)
			}
		})
	}
}

// TestIncidentsAllTested keeps the table and the directory in step: a scenario nobody
// asserts on proves nothing.
func TestIncidentsAllTested(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(incidentDir, "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no incident scenarios in %s (%v)", incidentDir, err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".yaml")
		if !slices.ContainsFunc(incidents, func(in incident) bool { return in.file == name }) {
			t.Errorf("%s has no row in the incidents table", f)
		}
	}
	for _, in := range incidents {
		if in.file == "seed-502" {
			continue
		}
		if _, err := os.Stat(filepath.Join(incidentDir, in.file+".yaml")); err != nil {
			t.Errorf("row %s: %v", in.file, err)
		}
	}
}
