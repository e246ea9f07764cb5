package awsfake

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

func TestELBv2Seed(t *testing.T) {
	for _, ps := range pageSizes {
		t.Run(fmt.Sprintf("page_size=%d", ps), func(t *testing.T) {
			_, url := seed(t, ps)
			ctx := context.Background()
			c := elb.NewFromConfig(sdkConfig(url, "333333333333", "eu-west-1"))

			var lbs []elbtypes.LoadBalancer
			p := elb.NewDescribeLoadBalancersPaginator(c, &elb.DescribeLoadBalancersInput{})
			for p.HasMorePages() {
				page, err := p.NextPage(ctx)
				if err != nil {
					t.Fatal(err)
				}
				lbs = append(lbs, page.LoadBalancers...)
			}
			if len(lbs) != 1 {
				t.Fatalf("%d load balancers, want 1", len(lbs))
			}
			lb := lbs[0]
			arn := aws.ToString(lb.LoadBalancerArn)
			if !strings.HasPrefix(arn, "arn:aws:elasticloadbalancing:eu-west-1:333333333333:loadbalancer/app/prod-core/") {
				t.Errorf("ARN %s", arn)
			}
			if got := aws.ToString(lb.DNSName); got != "prod-core-1234567890.eu-west-1.elb.amazonaws.com" {
				t.Errorf("DNSName %s", got)
			}

			var listeners []elbtypes.Listener
			lp := elb.NewDescribeListenersPaginator(c, &elb.DescribeListenersInput{LoadBalancerArn: &arn})
			for lp.HasMorePages() {
				page, err := lp.NextPage(ctx)
				if err != nil {
					t.Fatal(err)
				}
				listeners = append(listeners, page.Listeners...)
			}
			if len(listeners) != 2 {
				t.Fatalf("%d listeners", len(listeners))
			}
			https := listeners[0]
			if aws.ToInt32(https.Port) != 443 || https.Protocol != elbtypes.ProtocolEnumHttps {
				t.Fatalf("first listener %d %s", aws.ToInt32(https.Port), https.Protocol)
			}
			if len(https.Certificates) != 1 || aws.ToString(https.Certificates[0].CertificateArn) != "arn:aws:acm:eu-west-1:333333333333:certificate/prod-wildcard" {
				t.Errorf("listener certificates %+v", https.Certificates)
			}
			http := listeners[1]
			rc := http.DefaultActions[0].RedirectConfig
			if rc == nil || rc.StatusCode != elbtypes.RedirectActionStatusCodeEnumHttp301 || aws.ToString(rc.Protocol) != "HTTPS" || aws.ToString(rc.Port) != "443" {
				t.Errorf("HTTP default action %+v", http.DefaultActions[0])
			}

			certs, err := c.DescribeListenerCertificates(ctx, &elb.DescribeListenerCertificatesInput{ListenerArn: https.ListenerArn})
			if err != nil {
				t.Fatal(err)
			}
			if len(certs.Certificates) != 1 || !aws.ToBool(certs.Certificates[0].IsDefault) {
				t.Errorf("listener certificates %+v", certs.Certificates)
			}

			var rules []elbtypes.Rule
			rp := elb.NewDescribeRulesPaginator(c, &elb.DescribeRulesInput{ListenerArn: https.ListenerArn})
			for rp.HasMorePages() {
				page, err := rp.NextPage(ctx)
				if err != nil {
					t.Fatal(err)
				}
				rules = append(rules, page.Rules...)
			}
			if len(rules) != 2 || aws.ToString(rules[0].Priority) != "10" || !aws.ToBool(rules[1].IsDefault) {
				t.Fatalf("rules %+v", rules)
			}
			cond := rules[0].Conditions[0]
			if aws.ToString(cond.Field) != "host-header" || !slices.Equal(cond.HostHeaderConfig.Values, []string{"app.mydomain.com"}) {
				t.Errorf("condition %+v", cond)
			}
			red := rules[0].Actions[0].RedirectConfig
			if aws.ToString(red.Host) != "mydomain.com" || aws.ToString(red.Path) != "/app/#{path}" || aws.ToString(red.Query) != "#{query}" {
				t.Errorf("redirect %+v", red)
			}

			var tgs []elbtypes.TargetGroup
			tp := elb.NewDescribeTargetGroupsPaginator(c, &elb.DescribeTargetGroupsInput{LoadBalancerArn: &arn})
			for tp.HasMorePages() {
				page, err := tp.NextPage(ctx)
				if err != nil {
					t.Fatal(err)
				}
				tgs = append(tgs, page.TargetGroups...)
			}
			if len(tgs) != 1 || aws.ToString(tgs[0].HealthCheckPath) != "/core/health" || !slices.Equal(tgs[0].LoadBalancerArns, []string{arn}) {
				t.Fatalf("target groups %+v", tgs)
			}
			if aws.ToString(https.DefaultActions[0].TargetGroupArn) != aws.ToString(tgs[0].TargetGroupArn) {
				t.Errorf("listener forwards to %s, target group is %s", aws.ToString(https.DefaultActions[0].TargetGroupArn), aws.ToString(tgs[0].TargetGroupArn))
			}
			th, err := c.DescribeTargetHealth(ctx, &elb.DescribeTargetHealthInput{TargetGroupArn: tgs[0].TargetGroupArn})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, d := range th.TargetHealthDescriptions {
				got = append(got, fmt.Sprintf("%s:%d %s", aws.ToString(d.Target.Id), aws.ToInt32(d.Target.Port), d.TargetHealth.State))
			}
			want := []string{"10.3.1.10:32768 healthy", "10.3.1.11:32770 healthy", "10.3.2.10:32768 healthy"}
			if !slices.Equal(got, want) {
				t.Errorf("target health %v, want %v", got, want)
			}
		})
	}
}

func describeLBs(t *testing.T, c *elb.Client, in *elb.DescribeLoadBalancersInput) []elbtypes.LoadBalancer {
	t.Helper()
	var out []elbtypes.LoadBalancer
	p := elb.NewDescribeLoadBalancersPaginator(c, in)
	for p.HasMorePages() {
		page, err := p.NextPage(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, page.LoadBalancers...)
	}
	return out
}

func TestELBv2Rich(t *testing.T) {
	for _, ps := range pageSizes {
		t.Run(fmt.Sprintf("page_size=%d", ps), func(t *testing.T) {
			_, url := rich(t, ps)
			ctx := context.Background()
			c := elb.NewFromConfig(sdkConfig(url, "444444444444", "eu-west-1"))
			lbs := describeLBs(t, c, &elb.DescribeLoadBalancersInput{})
			if len(lbs) != 2 {
				t.Fatalf("%d load balancers", len(lbs))
			}
			nlb := lbs[1]
			if nlb.Type != elbtypes.LoadBalancerTypeEnumNetwork || nlb.Scheme != elbtypes.LoadBalancerSchemeEnumInternal ||
				aws.ToString(nlb.DNSName) != "tcp-1234567890.eu-west-1.elb.amazonaws.com" ||
				!strings.Contains(aws.ToString(nlb.LoadBalancerArn), ":loadbalancer/net/tcp/") {
				t.Errorf("network load balancer %+v", nlb)
			}
			listeners, err := c.DescribeListeners(ctx, &elb.DescribeListenersInput{LoadBalancerArn: lbs[0].LoadBalancerArn})
			if err != nil {
				t.Fatal(err)
			}
			l := listeners.Listeners[0]
			if !strings.HasPrefix(aws.ToString(l.ListenerArn), "arn:aws:elasticloadbalancing:eu-west-1:444444444444:listener/app/web/") {
				t.Errorf("listener ARN %s", aws.ToString(l.ListenerArn))
			}
			if fr := l.DefaultActions[0].FixedResponseConfig; fr == nil || aws.ToString(fr.StatusCode) != "404" || aws.ToString(fr.ContentType) != "text/plain" {
				t.Errorf("default action %+v", l.DefaultActions[0])
			}

			// The default certificate comes first, and again in the list when listed there.
			var certs []string
			cp := elb.NewDescribeListenerCertificatesPaginator(c, &elb.DescribeListenerCertificatesInput{ListenerArn: l.ListenerArn})
			for cp.HasMorePages() {
				page, err := cp.NextPage(ctx)
				if err != nil {
					t.Fatal(err)
				}
				for _, c := range page.Certificates {
					arn := aws.ToString(c.CertificateArn)
					certs = append(certs, fmt.Sprintf("%s default=%v", arn[strings.LastIndex(arn, "/")+1:], aws.ToBool(c.IsDefault)))
				}
			}
			if want := []string{"rsa default=true", "ecdsa default=false", "rsa default=false"}; !slices.Equal(certs, want) {
				t.Errorf("listener certificates %v, want %v", certs, want)
			}

			var rules []elbtypes.Rule
			rp := elb.NewDescribeRulesPaginator(c, &elb.DescribeRulesInput{ListenerArn: l.ListenerArn})
			for rp.HasMorePages() {
				page, err := rp.NextPage(ctx)
				if err != nil {
					t.Fatal(err)
				}
				rules = append(rules, page.Rules...)
			}
			var prios []string
			for _, r := range rules {
				prios = append(prios, aws.ToString(r.Priority))
			}
			if !slices.Equal(prios, []string{"5", "20", "default"}) {
				t.Fatalf("rule priorities %v", prios)
			}
			hh := rules[0].Conditions[0].HttpHeaderConfig
			if hh == nil || aws.ToString(hh.HttpHeaderName) != "X-Canary" || !slices.Equal(hh.Values, []string{"1"}) {
				t.Errorf("http-header condition %+v", rules[0].Conditions[0])
			}
			red := rules[0].Actions[0].RedirectConfig
			if red.StatusCode != elbtypes.RedirectActionStatusCodeEnumHttp302 || aws.ToString(red.Host) != "canary.example.com" || aws.ToString(red.Protocol) != "#{protocol}" {
				t.Errorf("redirect %+v", red)
			}
			if pp := rules[1].Conditions[0].PathPatternConfig; pp == nil || !slices.Equal(pp.Values, []string{"/api/*"}) {
				t.Errorf("path-pattern condition %+v", rules[1].Conditions[0])
			}

			tgs, err := c.DescribeTargetGroups(ctx, &elb.DescribeTargetGroupsInput{Names: []string{"api"}})
			if err != nil {
				t.Fatal(err)
			}
			tg := tgs.TargetGroups[0]
			if tg.TargetType != elbtypes.TargetTypeEnumInstance || aws.ToString(tg.HealthCheckPath) != "/" || aws.ToInt32(tg.Port) != 8080 {
				t.Errorf("target group %+v", tg)
			}
			th, err := c.DescribeTargetHealth(ctx, &elb.DescribeTargetHealthInput{TargetGroupArn: tg.TargetGroupArn})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, d := range th.TargetHealthDescriptions {
				got = append(got, fmt.Sprintf("%s:%d %s %s", aws.ToString(d.Target.Id), aws.ToInt32(d.Target.Port), d.TargetHealth.State, d.TargetHealth.Reason))
			}
			want := []string{"i-0abc:8080 unhealthy Target.FailedHealthChecks", "i-0def:8081 draining Target.DeregistrationInProgress"}
			if !slices.Equal(got, want) {
				t.Errorf("target health %v, want %v", got, want)
			}
		})
	}
}

func TestELBv2NotFound(t *testing.T) {
	_, url := rich(t, 0)
	ctx := context.Background()
	c := elb.NewFromConfig(sdkConfig(url, "444444444444", "eu-west-1"))
	tests := []struct {
		name string
		call func() error
		code string
	}{
		{"load balancer name", func() error {
			_, err := c.DescribeLoadBalancers(ctx, &elb.DescribeLoadBalancersInput{Names: []string{"nope"}})
			return err
		}, "LoadBalancerNotFound"},
		{"listener", func() error {
			_, err := c.DescribeListenerCertificates(ctx, &elb.DescribeListenerCertificatesInput{ListenerArn: aws.String("arn:aws:elasticloadbalancing:eu-west-1:444444444444:listener/app/web/0/0")})
			return err
		}, "ListenerNotFound"},
		{"target group", func() error {
			_, err := c.DescribeTargetHealth(ctx, &elb.DescribeTargetHealthInput{TargetGroupArn: aws.String("arn:aws:elasticloadbalancing:eu-west-1:444444444444:targetgroup/x/0")})
			return err
		}, "TargetGroupNotFound"},
		{"neither listener nor load balancer", func() error {
			_, err := c.DescribeListeners(ctx, &elb.DescribeListenersInput{})
			return err
		}, "ValidationError"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if code := errorCode(tt.call()); code != tt.code {
				t.Errorf("code %q, want %q", code, tt.code)
			}
		})
	}
}
