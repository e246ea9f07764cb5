package collect

import (
	"context"
	"fmt"
	"slices"
	"sort"

	"github.com/aws/aws-sdk-go-v2/aws"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

// elbAPI is the read-only part of the ELBv2 client envdiff uses.
type elbAPI interface {
	elb.DescribeLoadBalancersAPIClient
	elb.DescribeListenersAPIClient
	elb.DescribeListenerCertificatesAPIClient
	elb.DescribeRulesAPIClient
	elb.DescribeTargetGroupsAPIClient
	DescribeTargetHealth(context.Context, *elb.DescribeTargetHealthInput, ...func(*elb.Options)) (*elb.DescribeTargetHealthOutput, error)
}

// collectELBv2 reads one region's load balancers with their listeners (certificates
// from DescribeListenerCertificates, which alone lists SNI certificates), rules, and
// target groups with target health.
func collectELBv2(ctx context.Context, c elbAPI, region string, pageSize int32, errs *errorSet) []LoadBalancer {
	var lbs []LoadBalancer
	p := elb.NewDescribeLoadBalancersPaginator(c, &elb.DescribeLoadBalancersInput{PageSize: aws.Int32(pageSize)},
		func(o *elb.DescribeLoadBalancersPaginatorOptions) { o.StopOnDuplicateToken = true })
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			errs.add(fmt.Errorf("elbv2 %s: describe load balancers: %w", region, err))
			return nil
		}
		for _, lb := range page.LoadBalancers {
			l := LoadBalancer{
				ARN:                   str(lb.LoadBalancerArn),
				Name:                  str(lb.LoadBalancerName),
				Region:                region,
				Type:                  string(lb.Type),
				Scheme:                string(lb.Scheme),
				DNSName:               normaliseDNSName(str(lb.DNSName)),
				CanonicalHostedZoneID: str(lb.CanonicalHostedZoneId),
				Listeners:             []Listener{},
				TargetGroups:          []TargetGroup{},
			}
			if lb.State != nil {
				l.State = string(lb.State.Code)
			}
			lbs = append(lbs, l)
		}
	}
	jobFrom(ctx).addItems(len(lbs))

	// One unfiltered DescribeTargetGroups serves every load balancer of the region.
	groups := describeTargetGroups(ctx, c, region, pageSize, errs)
	forEach(ctx, len(groups), func(i int) {
		tg := &groups[i]
		out, err := c.DescribeTargetHealth(ctx, &elb.DescribeTargetHealthInput{TargetGroupArn: aws.String(tg.ARN)})
		if err != nil {
			errs.add(fmt.Errorf("elbv2 %s: describe target health of %s: %w", region, tg.ARN, err))
			return
		}
		for _, d := range out.TargetHealthDescriptions {
			t := Target{}
			if d.Target != nil {
				t.ID, t.Port = str(d.Target.Id), int(aws.ToInt32(d.Target.Port))
			}
			if d.TargetHealth != nil {
				t.Health, t.Reason = string(d.TargetHealth.State), string(d.TargetHealth.Reason)
			}
			tg.Targets = append(tg.Targets, t)
		}
	})
	for i := range lbs {
		for _, tg := range groups {
			for _, a := range tg.LoadBalancerARNs {
				if a == lbs[i].ARN {
					lbs[i].TargetGroups = append(lbs[i].TargetGroups, tg)
				}
			}
		}
	}

	forEach(ctx, len(lbs), func(i int) {
		lbs[i].Listeners = describeListeners(ctx, c, region, &lbs[i], pageSize, errs)
	})
	return lbs
}

func describeTargetGroups(ctx context.Context, c elbAPI, region string, pageSize int32, errs *errorSet) []TargetGroup {
	var out []TargetGroup
	p := elb.NewDescribeTargetGroupsPaginator(c, &elb.DescribeTargetGroupsInput{PageSize: aws.Int32(pageSize)},
		func(o *elb.DescribeTargetGroupsPaginatorOptions) { o.StopOnDuplicateToken = true })
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			errs.add(fmt.Errorf("elbv2 %s: describe target groups: %w", region, err))
			return out
		}
		for _, g := range page.TargetGroups {
			out = append(out, TargetGroup{
				ARN:              str(g.TargetGroupArn),
				Name:             str(g.TargetGroupName),
				Protocol:         string(g.Protocol),
				Port:             int(aws.ToInt32(g.Port)),
				TargetType:       string(g.TargetType),
				HealthCheckPath:  str(g.HealthCheckPath),
				LoadBalancerARNs: g.LoadBalancerArns,
				Targets:          []Target{},
			})
		}
	}
	return out
}

func describeListeners(ctx context.Context, c elbAPI, region string, lb *LoadBalancer, pageSize int32, errs *errorSet) []Listener {
	out := []Listener{}
	p := elb.NewDescribeListenersPaginator(c, &elb.DescribeListenersInput{LoadBalancerArn: aws.String(lb.ARN), PageSize: aws.Int32(pageSize)},
		func(o *elb.DescribeListenersPaginatorOptions) { o.StopOnDuplicateToken = true })
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			errs.add(fmt.Errorf("elbv2 %s: describe listeners of %s: %w", region, lb.Name, err))
			return out
		}
		for _, l := range page.Listeners {
			out = append(out, Listener{
				ARN:            str(l.ListenerArn),
				Port:           int(aws.ToInt32(l.Port)),
				Protocol:       string(l.Protocol),
				SSLPolicy:      str(l.SslPolicy),
				Certificates:   []ListenerCertificate{},
				DefaultActions: actionsFrom(l.DefaultActions),
				Rules:          []Rule{},
			})
		}
	}
	for i := range out {
		l := &out[i]
		if l.Protocol == string(elbtypes.ProtocolEnumHttps) || l.Protocol == string(elbtypes.ProtocolEnumTls) {
			l.Certificates = listenerCertificates(ctx, c, region, l.ARN, pageSize, errs)
		}
		// Only application load balancers have rules beyond the default one.
		if lb.Type == string(elbtypes.LoadBalancerTypeEnumApplication) {
			l.Rules = listenerRules(ctx, c, region, l.ARN, pageSize, errs)
		}
	}
	return out
}

// listenerCertificates de-duplicates: a default certificate that is also in the
// certificate list comes back twice, and the default marking wins.
func listenerCertificates(ctx context.Context, c elbAPI, region, listenerARN string, pageSize int32, errs *errorSet) []ListenerCertificate {
	out := []ListenerCertificate{}
	index := map[string]int{}
	p := elb.NewDescribeListenerCertificatesPaginator(c, &elb.DescribeListenerCertificatesInput{ListenerArn: aws.String(listenerARN), PageSize: aws.Int32(pageSize)},
		func(o *elb.DescribeListenerCertificatesPaginatorOptions) { o.StopOnDuplicateToken = true })
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			errs.add(fmt.Errorf("elbv2 %s: describe listener certificates of %s: %w", region, listenerARN, err))
			return out
		}
		for _, lc := range page.Certificates {
			arn, def := str(lc.CertificateArn), aws.ToBool(lc.IsDefault)
			if i, seen := index[arn]; seen {
				out[i].IsDefault = out[i].IsDefault || def
				continue
			}
			index[arn] = len(out)
			out = append(out, ListenerCertificate{ARN: arn, IsDefault: def})
		}
	}
	// Default first, then the SNI list by ARN, so equal listeners compare equal.
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].IsDefault != out[j].IsDefault {
			return out[i].IsDefault
		}
		return out[i].ARN < out[j].ARN
	})
	return out
}

func listenerRules(ctx context.Context, c elbAPI, region, listenerARN string, pageSize int32, errs *errorSet) []Rule {
	out := []Rule{}
	p := elb.NewDescribeRulesPaginator(c, &elb.DescribeRulesInput{ListenerArn: aws.String(listenerARN), PageSize: aws.Int32(pageSize)},
		func(o *elb.DescribeRulesPaginatorOptions) { o.StopOnDuplicateToken = true })
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			errs.add(fmt.Errorf("elbv2 %s: describe rules of %s: %w", region, listenerARN, err))
			return out
		}
		for _, r := range page.Rules {
			if aws.ToBool(r.IsDefault) {
				continue
			}
			rule := Rule{ARN: str(r.RuleArn), Priority: str(r.Priority), Conditions: []Condition{}, Actions: actionsFrom(r.Actions)}
			for _, c := range r.Conditions {
				rule.Conditions = append(rule.Conditions, conditionFrom(c))
			}
			out = append(out, rule)
		}
	}
	return out
}

// conditionFrom reads a rule condition; AWS answers with the legacy Values or with
// the field's own config, depending on how the rule was written.
func conditionFrom(c elbtypes.RuleCondition) Condition {
	out := Condition{Field: str(c.Field), Values: append([]string{}, c.Values...)}
	switch {
	case c.HostHeaderConfig != nil && len(out.Values) == 0:
		out.Values = append(out.Values, c.HostHeaderConfig.Values...)
	case c.PathPatternConfig != nil && len(out.Values) == 0:
		out.Values = append(out.Values, c.PathPatternConfig.Values...)
	case c.HttpHeaderConfig != nil:
		out.HeaderName = str(c.HttpHeaderConfig.HttpHeaderName)
		if len(out.Values) == 0 {
			out.Values = append(out.Values, c.HttpHeaderConfig.Values...)
		}
	case c.HttpRequestMethodConfig != nil && len(out.Values) == 0:
		out.Values = append(out.Values, c.HttpRequestMethodConfig.Values...)
	case c.SourceIpConfig != nil && len(out.Values) == 0:
		out.Values = append(out.Values, c.SourceIpConfig.Values...)
	case c.QueryStringConfig != nil && len(out.Values) == 0:
		for _, kv := range c.QueryStringConfig.Values {
			out.Values = append(out.Values, str(kv.Key)+"="+str(kv.Value))
		}
	}
	if len(out.Values) == 0 {
		out.Values = append(out.Values, c.RegexValues...)
	}
	return out
}

func actionsFrom(in []elbtypes.Action) []Action {
	out := make([]Action, 0, len(in))
	for _, a := range in {
		act := Action{Type: string(a.Type), Order: int(aws.ToInt32(a.Order))}
		if tg := str(a.TargetGroupArn); tg != "" {
			act.TargetGroupARNs = append(act.TargetGroupARNs, tg)
		}
		if a.ForwardConfig != nil {
			for _, t := range a.ForwardConfig.TargetGroups {
				if arn := str(t.TargetGroupArn); arn != "" && !slices.Contains(act.TargetGroupARNs, arn) {
					act.TargetGroupARNs = append(act.TargetGroupARNs, arn)
				}
			}
		}
		if r := a.RedirectConfig; r != nil {
			act.Redirect = &Redirect{
				StatusCode: string(r.StatusCode), Protocol: str(r.Protocol), Host: str(r.Host),
				Port: str(r.Port), Path: str(r.Path), Query: str(r.Query),
			}
		}
		if f := a.FixedResponseConfig; f != nil {
			act.FixedResponse = &FixedResponse{StatusCode: str(f.StatusCode), ContentType: str(f.ContentType)}
		}
		out = append(out, act)
	}
	return out
}
