package collect_test

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/envdiff/envdiff/collect"
	"github.com/envdiff/envdiff/collect/awsfake"
)

// zeroBackoff keeps retries instant in tests.
var zeroBackoff = collect.BackoffFunc(func(int, error) (time.Duration, error) { return 0, nil })

// serve starts the local endpoint for s and returns it with the scenario's
// environments, as `envdiff --scenario` converts them.
func serve(t *testing.T, s *awsfake.Scenario, opts ...awsfake.Option) (*awsfake.Server, []collect.Environment) {
	t.Helper()
	srv, err := awsfake.Start(s, "", opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := srv.Close(); err != nil {
			t.Errorf("close endpoint: %v", err)
		}
	})
	var envs []collect.Environment
	for _, e := range s.Environments {
		key, secret := awsfake.Credentials(e.Account)
		envs = append(envs, collect.Environment{
			Name: e.Name, Role: e.Role, Account: e.Account, Regions: e.Regions, Domains: e.Domains, Tokens: e.Tokens,
			AccessKeyID: key, SecretAccessKey: secret,
		})
	}
	return srv, envs
}

// fastOptions collect without pacing or backoff: the scenario tests check what is read,
// the pacing test checks pacing.
func fastOptions(srv *awsfake.Server) collect.Options {
	return collect.Options{
		Endpoint: srv.URL, Limits: collect.NoLimits(), Backoff: zeroBackoff,
		MaxAttempts: 3, CallTimeout: 5 * time.Second,
	}
}

func seed(t *testing.T) *awsfake.Scenario {
	t.Helper()
	s, err := awsfake.Embedded("seed-502")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func byName(t *testing.T, snaps []*collect.Snapshot, name string) *collect.Snapshot {
	t.Helper()
	for _, s := range snaps {
		if s.Environment.Name == name {
			return s
		}
	}
	t.Fatalf("no snapshot of %s", name)
	return nil
}

func TestSeed502ProductionSnapshot(t *testing.T) {
	srv, envs := serve(t, seed(t), awsfake.WithoutLatency())
	snaps := collect.Collect(context.Background(), envs, fastOptions(srv))
	if len(snaps) != 4 {
		t.Fatalf("got %d snapshots, want 4", len(snaps))
	}
	for i, s := range snaps {
		if s.Environment.Name != envs[i].Name {
			t.Errorf("snapshot %d is %s, want %s (input order)", i, s.Environment.Name, envs[i].Name)
		}
		if !s.Complete() || s.Schema != collect.SchemaVersion {
			t.Errorf("%s: errors %+v, schema %q", s.Environment.Name, s.Errors, s.Schema)
		}
		if len(s.Timings) != 6 {
			t.Errorf("%s: %d timings, want 6 collectors (route53, cloudfront, acm ×2, elbv2, servicediscovery)", s.Environment.Name, len(s.Timings))
		}
		if s.Environment.AccessKeyID != "" || s.Environment.SecretAccessKey != "" {
			t.Errorf("%s: the snapshot keeps credentials", s.Environment.Name)
		}
	}
	prod := byName(t, snaps, "production")

	// Certificates: both regions, exact names.
	var certs []string
	for _, c := range prod.Certificates {
		certs = append(certs, c.Region+" "+c.DomainName+" "+strings.Join(c.SANs, ",")+" "+c.Status)
		if c.Account != "333333333333" {
			t.Errorf("certificate %s has account %s", c.ARN, c.Account)
		}
		if c.NotAfter.Before(time.Now()) || c.NotBefore.After(time.Now()) {
			t.Errorf("certificate %s validity %v..%v does not include now", c.ARN, c.NotBefore, c.NotAfter)
		}
	}
	wantCerts := []string{
		"eu-west-1 *.mydomain.com *.mydomain.com ISSUED",
		"us-east-1 mydomain.com mydomain.com,www.mydomain.com ISSUED",
	}
	if !slices.Equal(certs, wantCerts) {
		t.Errorf("certificates = %q\nwant %q", certs, wantCerts)
	}

	// Load balancer: listener 443's default certificate, its rule, the three healthy targets.
	if len(prod.LoadBalancers) != 1 {
		t.Fatalf("load balancers = %+v", prod.LoadBalancers)
	}
	lb := prod.LoadBalancers[0]
	if lb.Name != "prod-core" || lb.Region != "eu-west-1" || lb.Type != "application" || lb.DNSName != "prod-core-1234567890.eu-west-1.elb.amazonaws.com" {
		t.Errorf("load balancer = %s %s %s %s", lb.Name, lb.Region, lb.Type, lb.DNSName)
	}
	if len(lb.Listeners) != 2 || lb.Listeners[0].Port != 80 || lb.Listeners[1].Port != 443 {
		t.Fatalf("listeners = %+v", lb.Listeners)
	}
	l443 := lb.Listeners[1]
	wantCert := []collect.ListenerCertificate{{ARN: "arn:aws:acm:eu-west-1:333333333333:certificate/prod-wildcard", IsDefault: true}}
	if !slices.Equal(l443.Certificates, wantCert) || l443.Protocol != "HTTPS" || l443.SSLPolicy != "ELBSecurityPolicy-TLS13-1-2-2021-06" {
		t.Errorf("listener 443 = %s %s %+v", l443.Protocol, l443.SSLPolicy, l443.Certificates)
	}
	if len(lb.TargetGroups) != 1 {
		t.Fatalf("target groups = %+v", lb.TargetGroups)
	}
	tg := lb.TargetGroups[0]
	if len(l443.DefaultActions) != 1 || l443.DefaultActions[0].Type != "forward" || !slices.Equal(l443.DefaultActions[0].TargetGroupARNs, []string{tg.ARN}) {
		t.Errorf("listener 443 default actions = %+v, want forward to %s", l443.DefaultActions, tg.ARN)
	}
	if len(l443.Rules) != 1 {
		t.Fatalf("listener 443 rules = %+v, want the one non-default rule", l443.Rules)
	}
	rule := l443.Rules[0]
	if rule.Priority != "10" || len(rule.Conditions) != 1 || rule.Conditions[0].Field != "host-header" ||
		!slices.Equal(rule.Conditions[0].Values, []string{"app.mydomain.com"}) ||
		len(rule.Actions) != 1 || rule.Actions[0].Redirect == nil ||
		*rule.Actions[0].Redirect != (collect.Redirect{StatusCode: "HTTP_301", Protocol: "HTTPS", Host: "mydomain.com", Port: "443", Path: "/app/#{path}", Query: "#{query}"}) {
		t.Errorf("rule = %+v (redirect %+v)", rule, rule.Actions[0].Redirect)
	}
	l80 := lb.Listeners[0]
	if len(l80.Certificates) != 0 || len(l80.DefaultActions) != 1 || l80.DefaultActions[0].Redirect == nil ||
		l80.DefaultActions[0].Redirect.Protocol != "HTTPS" || l80.DefaultActions[0].Redirect.StatusCode != "HTTP_301" {
		t.Errorf("listener 80 = %+v", l80)
	}
	var targets []string
	for _, tt := range tg.Targets {
		targets = append(targets, tt.ID+":"+itoa(tt.Port)+" "+tt.Health)
	}
	slices.Sort(targets)
	wantTargets := []string{"10.3.1.10:32768 healthy", "10.3.1.11:32770 healthy", "10.3.2.10:32768 healthy"}
	if tg.Name != "prod-core-web" || tg.HealthCheckPath != "/core/health" || !slices.Equal(targets, wantTargets) {
		t.Errorf("target group %s %s targets %q, want %q", tg.Name, tg.HealthCheckPath, targets, wantTargets)
	}

	// CloudFront: the /core/* behaviour forwards Host through the managed AllViewer policy.
	if len(prod.Distributions) != 1 {
		t.Fatalf("distributions = %+v", prod.Distributions)
	}
	d := prod.Distributions[0]
	if d.ID != "E3PRODEXAMPLE" || !slices.Equal(d.Aliases, []string{"mydomain.com", "www.mydomain.com"}) ||
		d.ViewerCertificate.ACMCertificateARN != "arn:aws:acm:us-east-1:333333333333:certificate/prod-cf" ||
		d.ViewerCertificate.SSLSupportMethod != "sni-only" || d.DomainName != "e3prodexample.cloudfront.net" || !d.Enabled {
		t.Errorf("distribution = %+v", d)
	}
	behaviors := map[string]collect.Behavior{}
	for _, b := range d.Behaviors {
		behaviors[b.PathPattern] = b
	}
	core := behaviors["/core/*"]
	if !core.ForwardsHost || core.TargetOriginID != "core" || core.ViewerProtocolPolicy != "https-only" ||
		core.OriginRequestPolicyID != "216adef6-5c7f-47e4-b989-5492eafa07d3" || !strings.Contains(core.HostForwardingSource, "AllViewer") {
		t.Errorf("/core/* behaviour = %+v, want Host forwarded by AllViewer", core)
	}
	if app := behaviors["/app/*"]; app.ForwardsHost || app.TargetOriginID != "frontend" {
		t.Errorf("/app/* behaviour = %+v, want frontend without Host", app)
	}
	if d.DefaultBehavior.TargetOriginID != "frontend" || d.DefaultBehavior.PathPattern != "" {
		t.Errorf("default behaviour = %+v", d.DefaultBehavior)
	}
	origins := map[string]collect.Origin{}
	for _, o := range d.Origins {
		origins[o.ID] = o
	}
	if o := origins["core"]; o.S3 || o.ProtocolPolicy != "https-only" || o.HTTPSPort != 443 || o.DomainName != "prod-core-1234567890.eu-west-1.elb.amazonaws.com" {
		t.Errorf("core origin = %+v", o)
	}
	if o := origins["frontend"]; !o.S3 || o.DomainName != "prod-mydomain-frontend.s3.eu-west-1.amazonaws.com" {
		t.Errorf("frontend origin = %+v", o)
	}

	// Route53: names normalised, alias targets, the SRV values of core.prod.local.
	zones := map[string]collect.HostedZone{}
	for _, z := range prod.HostedZones {
		zones[z.Name] = z
	}
	pub, priv := zones["mydomain.com"], zones["prod.local"]
	if pub.Private || !priv.Private || pub.ID == "" || strings.Contains(pub.ID, "/") {
		t.Errorf("zones = %+v", prod.HostedZones)
	}
	records := map[string]collect.Record{}
	for _, z := range prod.HostedZones {
		for _, r := range z.Records {
			records[r.Name+" "+r.Type] = r
		}
	}
	if r := records["app.mydomain.com A"]; r.AliasTarget != "prod-core-1234567890.eu-west-1.elb.amazonaws.com" {
		t.Errorf("app.mydomain.com = %+v", r)
	}
	if r := records["mydomain.com A"]; r.AliasTarget != "e3prodexample.cloudfront.net" {
		t.Errorf("mydomain.com = %+v", r)
	}
	srv502 := records["core.prod.local SRV"]
	wantSRV := []string{"1 1 32768 task-prod-a.core.prod.local.", "1 1 32770 task-prod-b.core.prod.local.", "1 1 32768 task-prod-c.core.prod.local."}
	if !slices.Equal(srv502.Values, wantSRV) || srv502.TTL != 60 {
		t.Errorf("core.prod.local SRV = %+v, want %q", srv502, wantSRV)
	}

	// Cloud Map: namespace → service → instances with health.
	if len(prod.Namespaces) != 1 || prod.Namespaces[0].Name != "prod.local" || prod.Namespaces[0].Region != "eu-west-1" ||
		len(prod.Namespaces[0].Services) != 1 {
		t.Fatalf("namespaces = %+v", prod.Namespaces)
	}
	svc := prod.Namespaces[0].Services[0]
	var insts []string
	for _, in := range svc.Instances {
		insts = append(insts, in.ID+" "+in.IPv4+":"+itoa(in.Port)+" "+in.Health)
	}
	slices.Sort(insts)
	wantInsts := []string{"task-prod-a 10.3.1.10:32768 HEALTHY", "task-prod-b 10.3.1.11:32770 HEALTHY", "task-prod-c 10.3.2.10:32768 HEALTHY"}
	if svc.Name != "core" || svc.HealthCheck != "custom" || !slices.Equal(insts, wantInsts) {
		t.Errorf("service %s (%s) instances %q, want %q", svc.Name, svc.HealthCheck, insts, wantInsts)
	}

	// Environments sharing an account see the account's resources, and only those.
	qa1 := byName(t, snaps, "qa1")
	if len(qa1.Certificates) != 3 || len(qa1.LoadBalancers) != 2 || len(qa1.Distributions) != 2 {
		t.Errorf("qa1: %d certificates, %d load balancers, %d distributions; want the account's 3, 2, 2",
			len(qa1.Certificates), len(qa1.LoadBalancers), len(qa1.Distributions))
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestCollectorPollsAgain is the dashboard's use: one Collector, several polls.
func TestCollectorPollsAgain(t *testing.T) {
	srv, envs := serve(t, seed(t), awsfake.WithoutLatency())
	c := collect.NewCollector(fastOptions(srv))
	first := c.Collect(context.Background(), envs, nil)
	var events int
	second := c.Collect(context.Background(), envs, func(collect.Event) { events++ })
	// Without Close the endpoint's shutdown (in cleanup) would wait for the pool.
	c.Close()
	for i := range first {
		if comparable(t, first[i]) != comparable(t, second[i]) || !second[i].Complete() {
			t.Errorf("%s: the second poll differs from the first", first[i].Environment.Name)
		}
	}
	if events == 0 {
		t.Error("the second poll reported no progress")
	}
}

// TestSharedAccountIsReadOnce: qa1 and qa2 share account 111111111111 and its
// credentials, so each service and region of it is read once and both snapshots hold it.
func TestSharedAccountIsReadOnce(t *testing.T) {
	srv, envs := serve(t, seed(t), awsfake.WithoutLatency())
	snaps := collect.Collect(context.Background(), envs, fastOptions(srv))
	lists := map[string]int{}
	for _, c := range srv.Endpoint.Calls() {
		if c.Operation == "ListCertificates" || c.Operation == "ListHostedZones" || c.Operation == "DescribeLoadBalancers" {
			lists[c.Account+" "+c.Operation+" "+c.Region]++
		}
	}
	for k, n := range lists {
		if n != 1 {
			t.Errorf("%s called %d times, want once", k, n)
		}
	}
	qa1, qa2 := snaps[0], snaps[1]
	shared := 0
	for _, s := range []*collect.Snapshot{qa1, qa2} {
		for _, tm := range s.Timings {
			if tm.SharedWith != "" {
				shared++
				if tm.Calls != 0 || (tm.SharedWith != "qa1" && tm.SharedWith != "qa2") || tm.SharedWith == s.Environment.Name {
					t.Errorf("%s timing %+v", s.Environment.Name, tm)
				}
			}
		}
	}
	if shared != 6 {
		t.Errorf("%d shared collectors between qa1 and qa2, want 6", shared)
	}
	for _, s := range snaps[2:] {
		for _, tm := range s.Timings {
			if tm.SharedWith != "" {
				t.Errorf("%s shares %+v though no other environment uses its account", s.Environment.Name, tm)
			}
		}
	}
	a, b := *qa1, *qa2
	a.Environment, b.Environment = collect.Environment{}, collect.Environment{}
	if comparable(t, &a) == comparable(t, &b) {
		// equal content is what we want; now check they share no memory
		qa1.Certificates[0].SANs[0] = "changed"
		qa1.LoadBalancers[0].Listeners[0].Port = 1
		if qa2.Certificates[0].SANs[0] == "changed" || qa2.LoadBalancers[0].Listeners[0].Port == 1 {
			t.Error("qa1 and qa2 share memory: changing one changed the other")
		}
	} else {
		t.Error("qa1 and qa2 read the same account and differ")
	}
}

func TestSeparateReads(t *testing.T) {
	srv, envs := serve(t, seed(t), awsfake.WithoutLatency())
	opts := fastOptions(srv)
	opts.SeparateReads = true
	for _, s := range collect.Collect(context.Background(), envs, opts) {
		for _, tm := range s.Timings {
			if tm.SharedWith != "" || tm.Calls == 0 {
				t.Errorf("%s: %+v, want a read of its own", s.Environment.Name, tm)
			}
		}
	}
}
