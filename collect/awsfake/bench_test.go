package awsfake

import (
	"context"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	sd "github.com/aws/aws-sdk-go-v2/service/servicediscovery"
)

// bigScenario builds, in code, an account with n of everything: what the benchmark
// of issue 7 does at larger sizes.
func bigScenario(n int) *Scenario {
	const acct, region = "111111111111", "eu-west-1"
	a := &Account{}
	zone := HostedZone{Name: "big.example.com."}
	ns := Namespace{Name: "big.local", Region: region}
	for i := 0; i < n; i++ {
		cert := fmt.Sprintf("arn:aws:acm:%s:%s:certificate/c%d", region, acct, i)
		a.Certificates = append(a.Certificates, Certificate{ARN: cert, Domain: fmt.Sprintf("s%d.big.example.com", i)})
		tg := fmt.Sprintf("tg%d", i)
		a.LoadBalancers = append(a.LoadBalancers, LoadBalancer{
			Name: fmt.Sprintf("lb%d", i), Region: region,
			Listeners: []Listener{
				{Port: 443, Protocol: "HTTPS", Certificate: cert, DefaultAction: Action{Type: "forward", TargetGroup: tg},
					Rules: []Rule{{Priority: 1, Conditions: []Condition{{Field: "path-pattern", Values: []string{"/x/*"}}}, Action: Action{Type: "forward", TargetGroup: tg}}}},
				{Port: 80, Protocol: "HTTP", DefaultAction: Action{Type: "redirect", Status: "HTTP_301", Protocol: "HTTPS"}},
			},
			TargetGroups: []TargetGroup{{Name: tg, Targets: []Target{{ID: "10.0.0.1"}, {ID: "10.0.0.2"}, {ID: "10.0.0.3"}}}},
		})
		a.Distributions = append(a.Distributions, Distribution{
			ID: fmt.Sprintf("EBIG%d", i), Enabled: true, Aliases: []string{fmt.Sprintf("s%d.big.example.com", i)},
			Origins:         []Origin{{ID: "o", DomainName: fmt.Sprintf("lb%d-1234567890.%s.elb.amazonaws.com", i, region)}},
			DefaultBehavior: Behavior{Origin: "o", ForwardHostHeader: true},
		})
		for j := 0; j < 10; j++ {
			zone.Records = append(zone.Records, Record{Name: fmt.Sprintf("r%d-%d.big.example.com.", i, j), Type: "A", Values: []string{"192.0.2.1"}})
		}
		if i%10 == 0 {
			svc := Service{Name: fmt.Sprintf("svc%d", i)}
			for j := 0; j < 5; j++ {
				svc.Instances = append(svc.Instances, Instance{ID: fmt.Sprintf("t%d-%d", i, j), IPv4: "10.1.0.1", Port: 8080})
			}
			ns.Services = append(ns.Services, svc)
		}
	}
	a.HostedZones = []HostedZone{zone}
	a.Namespaces = []Namespace{ns}
	return &Scenario{
		Name: "big",
		Environments: []Environment{
			{Name: "a", Role: "passed", Account: acct, Regions: []string{region}},
			{Name: "b", Role: "target", Account: acct, Regions: []string{region}},
		},
		Accounts: map[string]*Account{acct: a},
	}
}

// walk reads everything a collector reads, through the SDK, and counts the calls.
func walk(ctx context.Context, cfg aws.Config) error {
	ac := acm.NewFromConfig(cfg)
	p := acm.NewListCertificatesPaginator(ac, &acm.ListCertificatesInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, c := range page.CertificateSummaryList {
			if _, err := ac.DescribeCertificate(ctx, &acm.DescribeCertificateInput{CertificateArn: c.CertificateArn}); err != nil {
				return err
			}
		}
	}
	ec := elb.NewFromConfig(cfg)
	lp := elb.NewDescribeLoadBalancersPaginator(ec, &elb.DescribeLoadBalancersInput{})
	for lp.HasMorePages() {
		page, err := lp.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, lb := range page.LoadBalancers {
			ls, err := ec.DescribeListeners(ctx, &elb.DescribeListenersInput{LoadBalancerArn: lb.LoadBalancerArn})
			if err != nil {
				return err
			}
			for _, l := range ls.Listeners {
				if _, err := ec.DescribeListenerCertificates(ctx, &elb.DescribeListenerCertificatesInput{ListenerArn: l.ListenerArn}); err != nil {
					return err
				}
				if _, err := ec.DescribeRules(ctx, &elb.DescribeRulesInput{ListenerArn: l.ListenerArn}); err != nil {
					return err
				}
			}
			tgs, err := ec.DescribeTargetGroups(ctx, &elb.DescribeTargetGroupsInput{LoadBalancerArn: lb.LoadBalancerArn})
			if err != nil {
				return err
			}
			for _, tg := range tgs.TargetGroups {
				if _, err := ec.DescribeTargetHealth(ctx, &elb.DescribeTargetHealthInput{TargetGroupArn: tg.TargetGroupArn}); err != nil {
					return err
				}
			}
		}
	}
	cp := cloudfront.NewListDistributionsPaginator(cloudfront.NewFromConfig(cfg), &cloudfront.ListDistributionsInput{})
	for cp.HasMorePages() {
		if _, err := cp.NextPage(ctx); err != nil {
			return err
		}
	}
	rc := route53.NewFromConfig(cfg)
	zones, err := rc.ListHostedZones(ctx, &route53.ListHostedZonesInput{})
	if err != nil {
		return err
	}
	for _, z := range zones.HostedZones {
		rp := route53.NewListResourceRecordSetsPaginator(rc, &route53.ListResourceRecordSetsInput{HostedZoneId: z.Id})
		for rp.HasMorePages() {
			if _, err := rp.NextPage(ctx); err != nil {
				return err
			}
		}
	}
	sc := sd.NewFromConfig(cfg)
	sp := sd.NewListServicesPaginator(sc, &sd.ListServicesInput{})
	for sp.HasMorePages() {
		page, err := sp.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, s := range page.Services {
			ip := sd.NewListInstancesPaginator(sc, &sd.ListInstancesInput{ServiceId: s.Id})
			for ip.HasMorePages() {
				if _, err := ip.NextPage(ctx); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func BenchmarkWalk(b *testing.B) {
	for _, n := range []int{10, 100, 1000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			s := bigScenario(n)
			if err := s.Validate(); err != nil {
				b.Fatal(err)
			}
			srv, err := Start(s, "")
			if err != nil {
				b.Fatal(err)
			}
			defer srv.Close()
			cfg := sdkConfig(srv.URL, "111111111111", "eu-west-1")
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				srv.Endpoint.ResetCalls()
				if err := walk(context.Background(), cfg); err != nil {
					b.Fatal(err)
				}
			}
			calls := srv.Endpoint.Calls()
			for _, c := range calls {
				if c.Outcome != OutcomeOK {
					b.Errorf("call %+v", c)
				}
			}
			b.ReportMetric(float64(len(calls)), "calls/walk")
		})
	}
}

func TestBigScenarioWalk(t *testing.T) {
	s := bigScenario(20)
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	e, url := serveScenario(t, s)
	if err := walk(context.Background(), sdkConfig(url, "111111111111", "eu-west-1")); err != nil {
		t.Fatal(err)
	}
	for _, c := range e.Calls() {
		if c.Outcome != OutcomeOK {
			t.Errorf("call %+v", c)
		}
	}
}
