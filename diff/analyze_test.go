package diff

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/envdiff/envdiff/collect"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func analyze(t *testing.T, snaps []*collect.Snapshot, opts Options) *Result {
	t.Helper()
	res, err := Analyze(snaps, opts)
	if err != nil {
		t.Fatalf("Analyze: %v", err)
	}
	return res
}

func TestAnalyzeSeed502(t *testing.T) {
	res := analyze(t, seed502(), testOpts())
	if len(res.Findings) == 0 {
		t.Fatal("no findings")
	}
	f := res.Findings[0]
	want := Finding{Check: CheckOriginCertCoversHost, Severity: Critical, Regression: true, Env: "production",
		Node:     "mydomain.com / behaviour /core/* / origin core / listener 443",
		Message:  "CloudFront validates the origin certificate against mydomain.com; the listener serves *.mydomain.com, which does not cover the apex",
		PassedIn: []string{"qa1", "qa2", "staging"}, Category: CatRegression}
	if f.Check != want.Check || f.Severity != want.Severity || f.Regression != want.Regression || f.Env != want.Env ||
		f.Node != want.Node || f.Message != want.Message || !reflect.DeepEqual(f.PassedIn, want.PassedIn) || f.Category != want.Category {
		t.Errorf("first finding:\n got %+v\nwant %+v", f, want)
	}
	if !strings.Contains(f.Resource, "listener") {
		t.Errorf("resource %q, want the listener's ARN", f.Resource)
	}
	if len(f.Values) != 4 || !strings.Contains(f.Values["production"], "not covered") || !strings.Contains(f.Values["qa1"], "covered by") {
		t.Errorf("values %v, want all four environments, production not covered", f.Values)
	}
	rows := map[string]EvidenceRow{}
	for _, r := range f.Evidence {
		rows[r.Label] = r
	}
	if got := rows["validated host"].Values; got["production"] != "mydomain.com, www.mydomain.com" || got["qa1"] != "qa1.mydomain.com" {
		t.Errorf("validated host row %v", got)
	}
	if got := rows["certificate default"].Values["production"]; got != "*.mydomain.com" {
		t.Errorf("certificate row for production %q", got)
	}
	if _, ok := rows["forwards Host"]; !ok {
		t.Error("no forwards Host evidence row")
	}
	for _, g := range res.Findings[1:] {
		if g.Severity >= High {
			t.Errorf("another finding of high or above: %s %s %s: %s", g.Check, g.Severity, g.Node, g.Message)
		}
		if g.Regression {
			t.Errorf("another regression: %s %s", g.Check, g.Node)
		}
	}
	if res.Target != "production" || !reflect.DeepEqual(res.Baselines, []string{"qa1", "qa2", "staging"}) || !res.GeneratedAt.Equal(testNow) {
		t.Errorf("header: target %q baselines %v generated %v", res.Target, res.Baselines, res.GeneratedAt)
	}
	if len(res.Environments) != 4 || !res.Complete() {
		t.Errorf("environments %+v", res.Environments)
	}
}

// TestAnalyzeSeed502Golden pins the whole result (findings with values and evidence)
// so a change in keys, messages or noise shows up in review. -update rewrites it.
func TestAnalyzeSeed502Golden(t *testing.T) {
	res := analyze(t, seed502(), testOpts())
	type row struct {
		Finding
		Category string
		Evidence []EvidenceRow
	}
	var rows []row
	for _, f := range res.Findings {
		rows = append(rows, row{f, f.Category.String(), f.Evidence})
	}
	got, err := json.MarshalIndent(rows, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "seed502.golden.json")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, append(got, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./diff -run Golden -update)", err)
	}
	if strings.TrimSpace(string(want)) != strings.TrimSpace(string(got)) {
		t.Errorf("result differs from %s (run with -update after review):\n%s", path, got)
	}
}

func TestAnalyzeRejects(t *testing.T) {
	two := seed502()
	two[0].Environment.Role = collect.RoleTarget
	none := seed502()[:3]
	dup := seed502()
	dup[1].Environment.Name = "qa1"
	bad := seed502()
	bad[0].Environment.Role = "baseline"
	tests := []struct {
		name  string
		snaps []*collect.Snapshot
		opts  Options
		want  string
	}{
		{"no snapshots", nil, Options{}, "no snapshots"},
		{"no target", none, Options{}, "no environment has role target"},
		{"two targets", two, Options{}, "2 environments have role target (qa1, production)"},
		{"a nil snapshot", []*collect.Snapshot{nil}, Options{}, "snapshot 1 is empty"},
		{"duplicate names", dup, Options{}, `environment "qa1" appears twice`},
		{"unknown role", bad, Options{}, `role "baseline"`},
		{"bad ignore glob", seed502(), Options{Ignore: []IgnoreRule{{Node: "a[b"}}}, "ignore rule 1: node pattern"},
		{"unknown ignore check", seed502(), Options{Ignore: []IgnoreRule{{Check: "nope"}}}, `ignore rule 1: unknown check "nope"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Analyze(tt.snaps, tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

// pair is qa (passed, staging's shape) and prod (target, seed-502's production with
// the fix: an SNI certificate for the apex), aligned so that only a mutation differs.
func pair(mutQA, mutProd func(*collect.Snapshot)) []*collect.Snapshot {
	qa := seed502()[2]
	qa.Environment.Name, qa.Environment.Role = "qa", collect.RolePassed
	host := certARN("eu-west-1", "222222222222", "staging-host")
	qa.Certificates = append(qa.Certificates, cert(host, "staging.mydomain.com"))
	l := &qa.LoadBalancers[0].Listeners[0]
	l.Certificates = append(l.Certificates, collect.ListenerCertificate{ARN: host})

	prod := goodProd()
	prod.LoadBalancers[0].Listeners[0].Rules = nil
	prod.Distributions[0].Aliases = []string{"mydomain.com"}
	prod.Certificates[0].SANs = []string{"mydomain.com"}
	prod.HostedZones[0].Records = prod.HostedZones[0].Records[:1]
	if mutQA != nil {
		mutQA(qa)
	}
	if mutProd != nil {
		mutProd(prod)
	}
	return []*collect.Snapshot{qa, prod}
}

func unhealthy(s *collect.Snapshot) {
	s.LoadBalancers[0].TargetGroups[0].Targets = targets("unhealthy")
}

func findingsFor(res *Result, check string) []Finding {
	var out []Finding
	for _, f := range res.Findings {
		if f.Check == check {
			out = append(out, f)
		}
	}
	return out
}

func TestPairHasNoFindings(t *testing.T) {
	res := analyze(t, pair(nil, nil), testOpts())
	for _, f := range res.Findings {
		t.Errorf("unexpected finding %s %s %s: %s", f.Check, f.Env, f.Node, f.Message)
	}
}

func TestCategories(t *testing.T) {
	extraLB := func(s *collect.Snapshot) {
		lb := alb("prod-batch", "eu-west-1", "333333333333", []string{"unhealthy"}, certARN("eu-west-1", "333333333333", "prod-wildcard"))
		s.LoadBalancers = append(s.LoadBalancers, lb)
	}
	tests := []struct {
		name      string
		qa, prod  func(*collect.Snapshot)
		env       string
		category  Category
		severity  Severity
		regressed bool
		passedIn  []string
	}{
		{"fails in the target only: regression, raised", nil, unhealthy, "production", CatRegression, Critical, true, []string{"qa"}},
		{"fails everywhere: not raised", unhealthy, unhealthy, "production", CatEverywhere, High, false, nil},
		{"fails in the passed environment only: baseline", unhealthy, nil, "qa", CatBaseline, High, false, nil},
		{"fails on a node no passed environment has", nil, extraLB, "production", CatTargetOnly, High, false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := findingsFor(analyze(t, pair(tt.qa, tt.prod), testOpts()), CheckTargetGroupHealthy)
			if len(fs) != 1 {
				t.Fatalf("want one target-group-healthy finding, got %+v", fs)
			}
			f := fs[0]
			if f.Env != tt.env || f.Category != tt.category || f.Severity != tt.severity || f.Regression != tt.regressed || !reflect.DeepEqual(f.PassedIn, tt.passedIn) {
				t.Errorf("got env %s category %s severity %s regression %v passed_in %v", f.Env, f.Category, f.Severity, f.Regression, f.PassedIn)
			}
		})
	}
}

func TestUnknownIsNotMissing(t *testing.T) {
	noLB := func(s *collect.Snapshot) { s.LoadBalancers = nil }
	failed := func(s *collect.Snapshot) {
		noLB(s)
		s.Errors = []collect.CollectError{{Service: collect.ServiceELBv2, Region: "eu-west-1", Operation: "DescribeLoadBalancers",
			Kind: collect.ErrAccessDenied, Message: "not authorized"}}
	}
	// Without the error, the load balancer is missing: the test can tell the two apart.
	res := analyze(t, pair(nil, noLB), testOpts())
	if len(findingsFor(res, CheckMissingInTarget)) == 0 {
		t.Fatal("a load balancer that is really absent is not reported missing")
	}
	res = analyze(t, pair(nil, failed), testOpts())
	for _, f := range res.Findings {
		if f.Check != CheckCollectionIncomplete {
			t.Errorf("finding over unknown nodes: %s %s: %s", f.Check, f.Node, f.Message)
		}
	}
	inc := findingsFor(res, CheckCollectionIncomplete)
	if len(inc) != 1 {
		t.Fatalf("want one collection-incomplete finding, got %d", len(inc))
	}
	if f := inc[0]; f.Severity != High || f.Category != CatUnknown || f.Env != "production" || f.Node != "elbv2 / eu-west-1" ||
		!strings.Contains(f.Message, "access_denied") || !strings.Contains(f.Message, "not authorized") {
		t.Errorf("collection-incomplete finding %+v", f)
	}
	if res.Complete() {
		t.Error("result says complete")
	}
	if e := res.Environments[1]; e.Complete || len(e.Errors) != 1 || e.Errors[0].Kind != collect.ErrAccessDenied {
		t.Errorf("environment status %+v", e)
	}
}

// An operation that failed leaves what it returns empty in the snapshot: the checks over
// it must say nothing, and the checks over what was read must still speak.
func TestFailedOperationIsUnknown(t *testing.T) {
	denied := func(svc, region, op string) collect.CollectError {
		return collect.CollectError{Service: svc, Region: region, Operation: op, Kind: collect.ErrAccessDenied, Message: "not authorized"}
	}
	tests := []struct {
		name   string
		prod   func(*collect.Snapshot)
		silent string // check that must report nothing
		still  string // check that must still fail ("" when none)
	}{
		{"target health unread", func(s *collect.Snapshot) {
			s.LoadBalancers[0].TargetGroups[0].Targets = nil
			s.Errors = append(s.Errors, denied(collect.ServiceELBv2, "eu-west-1", "DescribeTargetHealth"))
		}, CheckTargetGroupHealthy, CheckOriginCertCoversHost},
		{"listener certificates unread", func(s *collect.Snapshot) {
			s.LoadBalancers[0].Listeners[0].Certificates = nil
			s.Errors = append(s.Errors, denied(collect.ServiceELBv2, "eu-west-1", "DescribeListenerCertificates"))
		}, CheckOriginCertCoversHost, ""},
		{"listeners unread", func(s *collect.Snapshot) {
			s.LoadBalancers[0].Listeners = nil
			s.Errors = append(s.Errors, denied(collect.ServiceELBv2, "eu-west-1", "DescribeListeners"))
		}, CheckOriginCertCoversHost, ""},
		{"instances unread", func(s *collect.Snapshot) {
			s.Namespaces[0].Services[0].Instances = nil
			s.Errors = append(s.Errors, denied(collect.ServiceServiceDiscovery, "eu-west-1", "ListInstances"))
		}, CheckSRVHasTargets, CheckOriginCertCoversHost},
		{"instances unread: their SRV records are not stale", func(s *collect.Snapshot) {
			s.Namespaces[0].Services[0].Instances = nil
			s.Errors = append(s.Errors, denied(collect.ServiceServiceDiscovery, "eu-west-1", "ListInstances"))
		}, CheckSRVRecordsMatch, ""},
		{"instance health unread", func(s *collect.Snapshot) {
			for i := range s.Namespaces[0].Services[0].Instances {
				s.Namespaces[0].Services[0].Instances[i].Health = ""
			}
			s.Errors = append(s.Errors, denied(collect.ServiceServiceDiscovery, "eu-west-1", "GetInstancesHealthStatus"))
		}, CheckSRVHasTargets, ""},
		{"target health unread in another region", func(s *collect.Snapshot) {
			s.LoadBalancers[0].TargetGroups[0].Targets = nil
			s.Errors = append(s.Errors, denied(collect.ServiceELBv2, "us-west-2", "DescribeTargetHealth"))
		}, "", CheckTargetGroupHealthy},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// seed-502 as it is: its origin-cert-covers-host failure shows where checks
			// over what was read still speak, and where an unread listener silences it.
			snaps := seed502()
			tt.prod(snaps[3])
			res := analyze(t, snaps, testOpts())
			if tt.silent != "" {
				if fs := findingsFor(res, tt.silent); len(fs) != 0 {
					t.Errorf("%s over what was not read: %+v", tt.silent, fs)
				}
			}
			if tt.still != "" {
				fs := findingsFor(res, tt.still)
				if len(fs) != 1 || fs[0].Env != "production" {
					t.Errorf("want %s still reported for production, got %+v", tt.still, fs)
				}
			}
		})
	}
}

func TestParity(t *testing.T) {
	tests := []struct {
		name  string
		prod  func(*collect.Snapshot)
		check string
		sev   Severity
		node  string
		msg   string
	}{
		{"a TLS policy differs", func(s *collect.Snapshot) {
			s.LoadBalancers[0].Listeners[0].SSLPolicy = "ELBSecurityPolicy-2016-08"
		}, CheckAttributeDiffers, Medium, "mydomain.com / behaviour /core/* / origin core / listener 443",
			`TLS policy is "ELBSecurityPolicy-2016-08" in production but "ELBSecurityPolicy-TLS13-1-2-2021-06" in qa`},
		{"a health check path differs", func(s *collect.Snapshot) {
			s.LoadBalancers[0].TargetGroups[0].HealthCheckPath = "/health"
		}, CheckAttributeDiffers, Low, "mydomain.com / behaviour /core/* / origin core / listener 443 / target group prod-core-web",
			`health check path is "/health"`},
		{"a behaviour is missing: reported once, not its origin", func(s *collect.Snapshot) {
			d := &s.Distributions[0]
			d.Behaviors = d.Behaviors[:1]
		}, CheckMissingInTarget, Medium, "mydomain.com / behaviour /core/*", "is in every environment that passed (qa) and absent from production"},
		{"an HTTP listener forwards where the passed ones redirect: a redirect difference", func(s *collect.Snapshot) {
			l := &s.LoadBalancers[0].Listeners[1]
			l.DefaultActions = forward(s.LoadBalancers[0].TargetGroups[0].ARN)
		}, CheckAttributeDiffers, Medium, "mydomain.com / behaviour /core/* / origin core / listener 80",
			`default action is "forward to 1 target group(s)" in production but "redirect HTTP_301 to HTTPS:443`},
		{"an extra alias", func(s *collect.Snapshot) {
			s.Distributions[0].Aliases = append(s.Distributions[0].Aliases, "www.mydomain.com")
		}, CheckExtraInTarget, Info, "mydomain.com / distribution E3PRODEXAMPLE / alias www.mydomain.com", "exists only in production"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := findingsFor(analyze(t, pair(nil, tt.prod), testOpts()), tt.check)
			if len(fs) != 1 {
				t.Fatalf("want one %s finding, got %+v", tt.check, fs)
			}
			f := fs[0]
			if f.Severity != tt.sev || f.Node != tt.node || !strings.Contains(f.Message, tt.msg) || f.Category != CatParity {
				t.Errorf("got %s %s %q: %s", f.Severity, f.Category, f.Node, f.Message)
			}
		})
	}
}

// A target group that an HTTP listener also forwards to keeps the key of the HTTPS
// listener, whatever order the listeners come in: otherwise it reads as missing.
func TestTargetGroupKeyIgnoresListenerOrder(t *testing.T) {
	for _, httpFirst := range []bool{false, true} {
		res := analyze(t, pair(nil, func(s *collect.Snapshot) {
			lb := &s.LoadBalancers[0]
			lb.Listeners[1].DefaultActions = forward(lb.TargetGroups[0].ARN)
			if httpFirst {
				lb.Listeners[0], lb.Listeners[1] = lb.Listeners[1], lb.Listeners[0]
			}
		}), testOpts())
		if fs := findingsFor(res, CheckMissingInTarget); len(fs) != 0 {
			t.Errorf("HTTP listener first %v: want no missing-in-target, got %+v", httpFirst, fs)
		}
		if fs := findingsFor(res, CheckHTTPRedirectsHTTPS); len(fs) != 1 || !fs[0].Regression {
			t.Errorf("HTTP listener first %v: want one regression of %s, got %+v", httpFirst, CheckHTTPRedirectsHTTPS, fs)
		}
	}
}

// An entry record that dangles leaves the distribution carrying the entry domain in
// the entry's role: its checks compare as regressions, nothing of it reads as missing.
func TestEntryRecordDanglingKeepsDistributionRole(t *testing.T) {
	res := analyze(t, pair(nil, func(s *collect.Snapshot) {
		zoneNamed(s, "mydomain.com").Records[0].AliasTarget = "e9goneexample.cloudfront.net"
	}), testOpts())
	if fs := findingsFor(res, CheckMissingInTarget); len(fs) != 0 {
		t.Errorf("want nothing missing, got %+v", fs)
	}
	fs := findingsFor(res, CheckDistributionAliasDNS)
	if len(fs) != 1 || !fs[0].Regression || fs[0].Severity != High || !strings.Contains(fs[0].Message, "e9goneexample.cloudfront.net") {
		t.Errorf("want one distribution-alias-dns regression naming the gone distribution, got %+v", fs)
	}
	if fs := findingsFor(res, CheckAliasTargetExists); len(fs) != 1 || !fs[0].Regression {
		t.Errorf("want one alias-target-exists regression, got %+v", fs)
	}
}

func TestParityNeedsAgreementAmongPassed(t *testing.T) {
	snaps := seed502()
	snaps[0].LoadBalancers[0].Listeners[0].SSLPolicy = "ELBSecurityPolicy-2016-08"
	snaps[3].LoadBalancers[0].Listeners[0].SSLPolicy = "ELBSecurityPolicy-FS-1-2-2019-08"
	res := analyze(t, snaps, testOpts())
	if fs := findingsFor(res, CheckAttributeDiffers); len(fs) != 0 {
		t.Errorf("passed environments disagree, yet: %+v", fs)
	}
	snaps = seed502()
	snaps[3].LoadBalancers[0].Listeners[0].SSLPolicy = "ELBSecurityPolicy-FS-1-2-2019-08"
	if fs := findingsFor(analyze(t, snaps, testOpts()), CheckAttributeDiffers); len(fs) != 1 {
		t.Errorf("passed environments agree and the target differs: want one finding, got %+v", fs)
	}
}

func TestSortFindings(t *testing.T) {
	fs := []Finding{
		{Check: "b", Severity: Low, Node: "a"},
		{Check: "a", Severity: High, Node: "z"},
		{Check: "c", Severity: Medium, Node: "m", Regression: true},
		{Check: "a", Severity: High, Node: "b"},
		{Check: "d", Severity: Critical, Node: "x"},
	}
	SortFindings(fs)
	var got []string
	for _, f := range fs {
		got = append(got, f.Check+":"+f.Node)
	}
	want := []string{"c:m", "d:x", "a:b", "a:z", "b:a"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
}

func TestIgnore(t *testing.T) {
	const node = "mydomain.com / behaviour /core/* / origin core / listener 443"
	past, future := testNow.Add(-time.Hour), testNow.Add(24*time.Hour)
	tests := []struct {
		name    string
		rule    IgnoreRule
		hidden  bool
		expired bool
	}{
		{"glob over the node, * crossing /", IgnoreRule{Check: CheckOriginCertCoversHost, Node: "mydomain.com / behaviour *", Reason: "known"}, true, false},
		{"exact, until the future", IgnoreRule{Check: CheckOriginCertCoversHost, Env: "production", Node: escapeGlob(node), Until: future}, true, false},
		{"another environment", IgnoreRule{Check: CheckOriginCertCoversHost, Env: "staging"}, false, false},
		{"another check", IgnoreRule{Check: CheckViewerHTTPS}, false, false},
		{"expired: hides nothing and says so", IgnoreRule{Check: CheckOriginCertCoversHost, Until: past, Reason: "old"}, false, true},
		{"a ? glob", IgnoreRule{Node: "mydomain.com / behaviour /core/? / origin core / listener 4[0-9]3"}, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := testOpts()
			opts.Ignore = []IgnoreRule{tt.rule}
			res := analyze(t, seed502(), opts)
			hidden := len(findingsFor(res, CheckOriginCertCoversHost)) == 0
			if hidden != tt.hidden {
				t.Errorf("hidden = %v, want %v", hidden, tt.hidden)
			}
			if tt.hidden && (len(res.Ignored) == 0 || res.Ignored[0].Finding.Check != CheckOriginCertCoversHost || res.Ignored[0].Reason != tt.rule.Reason) {
				t.Errorf("ignored %+v", res.Ignored)
			}
			if got := len(res.ExpiredIgnores) == 1; got != tt.expired {
				t.Errorf("expired list %v", res.ExpiredIgnores)
			} else if tt.expired && !strings.Contains(res.ExpiredIgnores[0], "reason=old") {
				t.Errorf("expired rule described as %q", res.ExpiredIgnores[0])
			}
		})
	}
}

func TestBaselineIgnoresRoundTrip(t *testing.T) {
	snaps := seed502()
	snaps[3].Errors = []collect.CollectError{{Service: collect.ServiceServiceDiscovery, Region: "eu-west-1", Kind: collect.ErrTimeout}}
	res := analyze(t, snaps, testOpts())
	until := testNow.Add(30 * 24 * time.Hour)
	rules := BaselineIgnores(res, "adopted", until)
	if len(rules) != len(res.Findings)-1 {
		t.Fatalf("%d rules for %d findings (one collection-incomplete)", len(rules), len(res.Findings))
	}
	for _, r := range rules {
		if r.Check == CheckCollectionIncomplete || r.Reason != "adopted" || !r.Until.Equal(until) {
			t.Errorf("rule %+v", r)
		}
	}
	if rules[0].Node != `mydomain.com / behaviour /core/\* / origin core / listener 443` {
		t.Errorf("node glob not escaped: %q", rules[0].Node)
	}
	opts := testOpts()
	opts.Ignore = rules
	again := analyze(t, seed502(), opts)
	if len(again.Findings) != 0 || len(again.Ignored) != len(rules) {
		t.Errorf("after baseline: %d findings, %d ignored", len(again.Findings), len(again.Ignored))
	}
}

func TestPathsSeed502(t *testing.T) {
	snaps := seed502()
	prod := Paths(snaps[3], testOpts())
	if len(prod) != 1 || prod[0].Entry != "mydomain.com" || prod[0].Env != "production" {
		t.Fatalf("paths %+v", prod)
	}
	var roles []string
	var failed []Hop
	for _, h := range prod[0].Hops {
		roles = append(roles, h.Role)
		if h.Status != HopOK {
			failed = append(failed, h)
		}
	}
	wantStart := []string{HopDomain, HopRecord, HopDistribution, HopBehaviour, HopOrigin, HopBehaviour, HopOrigin, HopLoadBalancer, HopListener, HopCertificate, HopRule, HopTargetGroup, HopTargets}
	if !reflect.DeepEqual(roles[:len(wantStart)], wantStart) {
		t.Errorf("roles %v", roles)
	}
	if len(failed) != 1 || failed[0].Role != HopListener || failed[0].Name != "listener 443" || failed[0].Status != HopFail ||
		!strings.Contains(failed[0].Note, "which does not cover the apex") || failed[0].Depth != 4 {
		t.Errorf("failing hops %+v", failed)
	}
	for _, p := range Paths(snaps[0], testOpts()) {
		for _, h := range p.Hops {
			if h.Status != HopOK {
				t.Errorf("qa1 hop %s %s is %s: %s", h.Role, h.Name, h.Status, h.Note)
			}
		}
	}
}

func TestPathsMarksMissingAndUnknown(t *testing.T) {
	s := goodProd()
	coreOrigin(s).DomainName = lbDNS("gone", "eu-west-1")
	s.HostedZones[0].Records[0].AliasTarget = "d999.cloudfront.net"
	s.Distributions[0].Aliases = []string{"www.mydomain.com"}
	p := Paths(s, testOpts())
	if last := p[0].Hops[len(p[0].Hops)-1]; last.Status != HopMissing || !strings.Contains(last.Note, "d999.cloudfront.net") {
		t.Errorf("dangling entry: last hop %+v", last)
	}
	s = goodProd()
	s.LoadBalancers = nil
	s.Errors = []collect.CollectError{{Service: collect.ServiceELBv2, Region: "eu-west-1", Kind: collect.ErrThrottled}}
	var unknown int
	for _, h := range Paths(s, testOpts())[0].Hops {
		if h.Status == HopUnknown && h.Role == HopLoadBalancer {
			unknown++
		}
	}
	if unknown != 1 {
		t.Errorf("want the load balancer hop unknown, got %d", unknown)
	}
}

func TestChecksTable(t *testing.T) {
	ids := []string{"origin-cert-covers-host", "viewer-cert-covers-aliases", "viewer-cert-region", "listener-cert-region",
		"listener-cert-covers-dns", "cert-status", "cert-expiry", "alias-target-exists", "distribution-alias-dns",
		"origin-target-exists", "http-redirects-https", "viewer-https", "target-group-healthy", "srv-has-targets",
		"srv-records-match-instances", "haproxy-srv-resolves", "missing-in-target", "attribute-differs", "extra-in-target",
		"collection-incomplete"}
	// checks.md's ids, in its order; newer checks may sit between them.
	next := 0
	for _, c := range Checks() {
		if next < len(ids) && c.ID == ids[next] {
			next++
		}
		if c.Title == "" || c.Explanation == "" || c.Fix == "" {
			t.Errorf("%s lacks title, explanation or fix", c.ID)
		}
	}
	if next != len(ids) {
		t.Errorf("Checks() lacks %q (or has it out of checks.md's order)", ids[next])
	}
	if c, ok := LookupCheck("cert-expiry"); !ok || c.Severity != Medium {
		t.Errorf("LookupCheck(cert-expiry) = %+v, %v", c, ok)
	}
	if _, ok := LookupCheck("nope"); ok {
		t.Error("LookupCheck found an unknown id")
	}
}

// qa1 and qa2 share an account, so each snapshot holds the other's resources; a
// failure in qa2's target group belongs to qa2 alone.
func TestSharedAccountAttribution(t *testing.T) {
	snaps := seed502()
	for _, s := range snaps[:2] {
		for i := range s.LoadBalancers {
			if s.LoadBalancers[i].Name == "qa2-core" {
				s.LoadBalancers[i].TargetGroups[0].Targets = targets("unhealthy")
			}
		}
	}
	fs := findingsFor(analyze(t, snaps, testOpts()), CheckTargetGroupHealthy)
	if len(fs) != 1 || fs[0].Env != "qa2" || fs[0].Category != CatBaseline {
		t.Errorf("want one baseline finding for qa2, got %+v", fs)
	}
}

// A passed environment whose collector failed does not know the node: it neither
// confirms nor vetoes that the target lacks what the others have.
func TestMissingWithAnUnknownBaseline(t *testing.T) {
	snaps := pair(nil, func(s *collect.Snapshot) { s.LoadBalancers = nil })
	qb := seed502()[2]
	qb.Environment.Name, qb.Environment.Tokens = "qb", []string{"staging"}
	qb.LoadBalancers = nil
	qb.Errors = []collect.CollectError{{Service: collect.ServiceELBv2, Region: "eu-west-1", Kind: collect.ErrTimeout}}
	snaps = append([]*collect.Snapshot{qb}, snaps...)
	fs := findingsFor(analyze(t, snaps, testOpts()), CheckMissingInTarget)
	if len(fs) != 1 || !strings.HasSuffix(fs[0].Node, "origin core / load balancer") || len(fs[0].Values) != 1 || fs[0].Values["qa"] == "" {
		t.Errorf("want the load balancer missing, confirmed by qa alone; got %+v", fs)
	}
}

func TestCertWarningWindow(t *testing.T) {
	s := goodProd()
	certNamed(s, "prod-wildcard").NotAfter = testNow.AddDate(0, 0, 45)
	for _, tt := range []struct {
		window time.Duration
		fail   bool
	}{{0, false}, {60 * 24 * time.Hour, true}} {
		opts := testOpts()
		opts.CertWarning = tt.window
		failed := false
		for _, o := range checkCertExpiry(buildGraph(s, opts)) {
			failed = failed || o.fail
		}
		if failed != tt.fail {
			t.Errorf("window %v: failed = %v, want %v", tt.window, failed, tt.fail)
		}
	}
}
