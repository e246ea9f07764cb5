package awsfake

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

const elbv2NS = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"

func elbv2Service() *service {
	return &service{
		contentType: "text/xml",
		operation: func(_ *http.Request, body []byte) string {
			form, err := url.ParseQuery(string(body))
			if err != nil {
				return ""
			}
			return form.Get("Action")
		},
		handlers: map[string]handlerFunc{
			"DescribeLoadBalancers":        (*Endpoint).elbDescribeLoadBalancers,
			"DescribeListeners":            (*Endpoint).elbDescribeListeners,
			"DescribeListenerCertificates": (*Endpoint).elbDescribeListenerCertificates,
			"DescribeRules":                (*Endpoint).elbDescribeRules,
			"DescribeTargetGroups":         (*Endpoint).elbDescribeTargetGroups,
			"DescribeTargetHealth":         (*Endpoint).elbDescribeTargetHealth,
		},
		writeError:  func(w http.ResponseWriter, err *apiError) { writeXMLError(w, elbv2NS, err) },
		throttle:    func() *apiError { return &apiError{status: 400, code: "Throttling", message: "Rate exceeded"} },
		serverError: func() *apiError { return &apiError{status: 500, code: "InternalFailure", message: "Internal failure"} },
		accessDenied: func(req *request) *apiError {
			return &apiError{status: 403, code: "AccessDenied", message: "User: arn:aws:iam::" + req.accountID + ":user/envdiff is not authorized to perform: elasticloadbalancing:" + req.operation}
		},
		unknown: func(op string) *apiError {
			return &apiError{status: 400, code: "InvalidAction", message: "Could not find operation " + op + " for version 2015-12-01", outcome: OutcomeUnknownOperation}
		},
	}
}

// queryList reads an awsQuery list parameter: Name.member.1, Name.member.2, ...
func queryList(form url.Values, name string) []string {
	var out []string
	for i := 1; ; i++ {
		v, ok := form[name+".member."+strconv.Itoa(i)]
		if !ok {
			return out
		}
		out = append(out, v...)
	}
}

func elbForm(req *request) (url.Values, *apiError) {
	form, err := url.ParseQuery(string(req.body))
	if err != nil {
		return nil, &apiError{status: 400, code: "MalformedQueryString", message: err.Error(), outcome: OutcomeBadRequest}
	}
	return form, nil
}

func validationErr(msg string) *apiError {
	return &apiError{status: 400, code: "ValidationError", message: msg}
}

// elbPage applies Marker and PageSize (max 400, the default).
func (e *Endpoint) elbPage(form url.Values, total int) (lo, hi int, next string, aerr *apiError) {
	off, err := decodeToken(form.Get("Marker"))
	if err != nil {
		return 0, 0, "", validationErr("Invalid marker")
	}
	size := 0
	if ps := form.Get("PageSize"); ps != "" {
		size, err = strconv.Atoi(ps)
		if err != nil || size < 1 || size > 400 {
			return 0, 0, "", validationErr("1 validation error detected: Value at 'pageSize' failed to satisfy constraint: Member must have value between 1 and 400")
		}
	}
	lo, hi, n := window(total, off, e.pageSize(size, 400, 400))
	if n >= 0 {
		next = encodeToken(n)
	}
	return lo, hi, next, nil
}

func (e *Endpoint) loadBalancers(req *request) []*LoadBalancer {
	if req.account == nil {
		return nil
	}
	var out []*LoadBalancer
	for i := range req.account.LoadBalancers {
		if lb := &req.account.LoadBalancers[i]; lb.Region == req.region {
			out = append(out, lb)
		}
	}
	return out
}

func queryResponse(op string, result func(x *xmlb)) (*reply, *apiError) {
	var x xmlb
	x.raw(`<?xml version="1.0" encoding="UTF-8"?>`)
	x.openNS(op+"Response", elbv2NS).o(op + "Result")
	result(&x)
	x.c(op+"Result").o("ResponseMetadata").t("RequestId", requestID()).c("ResponseMetadata").c(op + "Response")
	return xmlReply(&x, nil)
}

func (e *Endpoint) elbDescribeLoadBalancers(req *request) (*reply, *apiError) {
	form, aerr := elbForm(req)
	if aerr != nil {
		return nil, aerr
	}
	all := e.loadBalancers(req)
	arns, names := queryList(form, "LoadBalancerArns"), queryList(form, "Names")
	if len(arns) > 0 && len(names) > 0 {
		return nil, validationErr("Load balancer names and load balancer ARNs cannot be specified at the same time")
	}
	lbs := all
	if len(arns) > 0 || len(names) > 0 {
		lbs = nil
		for _, want := range append(arns, names...) {
			i := slices.IndexFunc(all, func(lb *LoadBalancer) bool { return lb.ARN == want || lb.Name == want })
			if i < 0 {
				return nil, &apiError{status: 400, code: "LoadBalancerNotFound", message: "One or more load balancers not found"}
			}
			lbs = append(lbs, all[i])
		}
	}
	lo, hi, next, aerr := e.elbPage(form, len(lbs))
	if aerr != nil {
		return nil, aerr
	}
	created := e.clock().Add(-365 * 24 * time.Hour).UTC().Format("2006-01-02T15:04:05.000Z")
	return queryResponse("DescribeLoadBalancers", func(x *xmlb) {
		x.o("LoadBalancers")
		for _, lb := range lbs[lo:hi] {
			vpc := "vpc-" + hexID(17, lb.Account, lb.Region)
			x.o("member").t("LoadBalancerArn", lb.ARN).t("DNSName", lb.DNSName).
				t("CanonicalHostedZoneId", lb.CanonicalHostedZoneID).t("CreatedTime", created).
				t("LoadBalancerName", lb.Name).t("Scheme", lb.Scheme).t("VpcId", vpc).
				o("State").t("Code", "active").c("State").t("Type", lb.Type)
			x.o("AvailabilityZones")
			for _, az := range []string{"a", "b"} {
				x.o("member").t("ZoneName", lb.Region+az).t("SubnetId", "subnet-"+hexID(17, vpc, az)).c("member")
			}
			x.c("AvailabilityZones")
			if lb.Type == "application" {
				x.members("SecurityGroups", []string{"sg-" + hexID(17, lb.ARN)})
			}
			x.t("IpAddressType", "ipv4").c("member")
		}
		x.c("LoadBalancers")
		if next != "" {
			x.t("NextMarker", next)
		}
	})
}

// listenerOf finds a listener by ARN among the account's load balancers in the region.
func (e *Endpoint) listenerOf(req *request, arn string) (*LoadBalancer, *Listener) {
	ref, ok := e.idx.listeners[arn]
	if !ok || !visible(req, ref.lb.Account, ref.lb.Region) {
		return nil, nil
	}
	return ref.lb, ref.l
}

func listenerNotFound() *apiError {
	return &apiError{status: 400, code: "ListenerNotFound", message: "One or more listeners not found"}
}

func (e *Endpoint) elbDescribeListeners(req *request) (*reply, *apiError) {
	form, aerr := elbForm(req)
	if aerr != nil {
		return nil, aerr
	}
	lbARN, arns := form.Get("LoadBalancerArn"), queryList(form, "ListenerArns")
	type owned struct {
		lb *LoadBalancer
		l  *Listener
	}
	var ls []owned
	switch {
	case lbARN != "" && len(arns) > 0:
		return nil, validationErr("Listener ARNs and a load balancer ARN cannot be specified at the same time")
	case lbARN != "":
		lb := e.idx.lbs[lbARN]
		if lb == nil || !visible(req, lb.Account, lb.Region) {
			return nil, &apiError{status: 400, code: "LoadBalancerNotFound", message: "Load balancer '" + lbARN + "' not found"}
		}
		for j := range lb.Listeners {
			ls = append(ls, owned{lb, &lb.Listeners[j]})
		}
	case len(arns) > 0:
		for _, arn := range arns {
			lb, l := e.listenerOf(req, arn)
			if l == nil {
				return nil, listenerNotFound()
			}
			ls = append(ls, owned{lb, l})
		}
	default:
		return nil, validationErr("You must specify either listener ARNs or a load balancer ARN")
	}
	lo, hi, next, aerr := e.elbPage(form, len(ls))
	if aerr != nil {
		return nil, aerr
	}
	return queryResponse("DescribeListeners", func(x *xmlb) {
		x.o("Listeners")
		for _, o := range ls[lo:hi] {
			l := o.l
			x.o("member").t("ListenerArn", l.ARN).t("LoadBalancerArn", o.lb.ARN).i("Port", l.Port).t("Protocol", l.Protocol)
			if l.Certificate != "" {
				// DescribeListeners shows only the default certificate.
				x.o("Certificates").o("member").t("CertificateArn", l.Certificate).c("member").c("Certificates")
			}
			if l.SSLPolicy != "" {
				x.t("SslPolicy", l.SSLPolicy)
			}
			x.o("DefaultActions")
			writeAction(x, &l.DefaultAction)
			x.c("DefaultActions").c("member")
		}
		x.c("Listeners")
		if next != "" {
			x.t("NextMarker", next)
		}
	})
}

func writeAction(x *xmlb, a *Action) {
	x.o("member").t("Type", a.Type)
	switch a.Type {
	case "forward":
		x.t("TargetGroupArn", a.TargetGroupARN).
			o("ForwardConfig").o("TargetGroups").o("member").t("TargetGroupArn", a.TargetGroupARN).i("Weight", 1).c("member").c("TargetGroups").
			o("TargetGroupStickinessConfig").b("Enabled", false).c("TargetGroupStickinessConfig").c("ForwardConfig")
	case "redirect":
		x.o("RedirectConfig").t("Protocol", a.Protocol).t("Port", a.Port).t("Host", a.Host).t("Path", a.Path).
			t("Query", a.Query).t("StatusCode", a.Status).c("RedirectConfig")
	case "fixed-response":
		x.o("FixedResponseConfig").t("StatusCode", a.StatusCode)
		if a.ContentType != "" {
			x.t("ContentType", a.ContentType)
		}
		x.c("FixedResponseConfig")
	}
	x.i("Order", 1).c("member")
}

func (e *Endpoint) elbDescribeListenerCertificates(req *request) (*reply, *apiError) {
	form, aerr := elbForm(req)
	if aerr != nil {
		return nil, aerr
	}
	arn := form.Get("ListenerArn")
	if arn == "" {
		return nil, validationErr("1 validation error detected: Value null at 'listenerArn' failed to satisfy constraint: Member must not be null")
	}
	_, l := e.listenerOf(req, arn)
	if l == nil {
		return nil, listenerNotFound()
	}
	type cert struct {
		arn       string
		isDefault bool
	}
	var certs []cert
	if l.Certificate != "" {
		certs = append(certs, cert{l.Certificate, true})
	}
	// A default certificate that is also in the list appears twice, as on AWS.
	for _, c := range l.SNICertificates {
		certs = append(certs, cert{c, false})
	}
	lo, hi, next, aerr := e.elbPage(form, len(certs))
	if aerr != nil {
		return nil, aerr
	}
	return queryResponse("DescribeListenerCertificates", func(x *xmlb) {
		x.o("Certificates")
		for _, c := range certs[lo:hi] {
			x.o("member").t("CertificateArn", c.arn).b("IsDefault", c.isDefault).c("member")
		}
		x.c("Certificates")
		if next != "" {
			x.t("NextMarker", next)
		}
	})
}

// ruleView is a rule as DescribeRules lists it, the default rule included.
type ruleView struct {
	arn, priority string
	conditions    []Condition
	action        *Action
	isDefault     bool
}

func listenerRules(l *Listener) []ruleView {
	rules := make([]*Rule, 0, len(l.Rules))
	for i := range l.Rules {
		rules = append(rules, &l.Rules[i])
	}
	slices.SortStableFunc(rules, func(a, b *Rule) int { return a.Priority - b.Priority })
	var out []ruleView
	for _, r := range rules {
		out = append(out, ruleView{arn: r.ARN, priority: strconv.Itoa(r.Priority), conditions: r.Conditions, action: &r.Action})
	}
	defARN := strings.Replace(l.ARN, ":listener/", ":listener-rule/", 1) + "/" + hexID(16, l.ARN, "default")
	return append(out, ruleView{arn: defARN, priority: "default", action: &l.DefaultAction, isDefault: true})
}

func (e *Endpoint) elbDescribeRules(req *request) (*reply, *apiError) {
	form, aerr := elbForm(req)
	if aerr != nil {
		return nil, aerr
	}
	lARN, arns := form.Get("ListenerArn"), queryList(form, "RuleArns")
	var rules []ruleView
	switch {
	case lARN != "" && len(arns) > 0:
		return nil, validationErr("Rule ARNs and a listener ARN cannot be specified at the same time")
	case lARN != "":
		_, l := e.listenerOf(req, lARN)
		if l == nil {
			return nil, listenerNotFound()
		}
		rules = listenerRules(l)
	case len(arns) > 0:
		for _, arn := range arns {
			found := false
			for _, lb := range e.loadBalancers(req) {
				for i := range lb.Listeners {
					for _, r := range listenerRules(&lb.Listeners[i]) {
						if r.arn == arn {
							rules, found = append(rules, r), true
						}
					}
				}
			}
			if !found {
				return nil, &apiError{status: 400, code: "RuleNotFound", message: "One or more rules not found"}
			}
		}
	default:
		return nil, validationErr("You must specify either listener ARN or rule ARNs")
	}
	lo, hi, next, aerr := e.elbPage(form, len(rules))
	if aerr != nil {
		return nil, aerr
	}
	return queryResponse("DescribeRules", func(x *xmlb) {
		x.o("Rules")
		for _, r := range rules[lo:hi] {
			x.o("member").t("RuleArn", r.arn).t("Priority", r.priority).o("Conditions")
			for _, c := range r.conditions {
				writeCondition(x, &c)
			}
			x.c("Conditions").o("Actions")
			writeAction(x, r.action)
			x.c("Actions").b("IsDefault", r.isDefault).c("member")
		}
		x.c("Rules")
		if next != "" {
			x.t("NextMarker", next)
		}
	})
}

func writeCondition(x *xmlb, c *Condition) {
	x.o("member").t("Field", c.Field)
	switch c.Field {
	case "host-header":
		x.members("Values", c.Values).o("HostHeaderConfig").members("Values", c.Values).c("HostHeaderConfig")
	case "path-pattern":
		x.members("Values", c.Values).o("PathPatternConfig").members("Values", c.Values).c("PathPatternConfig")
	case "http-header":
		x.o("HttpHeaderConfig").t("HttpHeaderName", c.HeaderName).members("Values", c.Values).c("HttpHeaderConfig")
	case "http-request-method":
		x.o("HttpRequestMethodConfig").members("Values", c.Values).c("HttpRequestMethodConfig")
	case "source-ip":
		x.o("SourceIpConfig").members("Values", c.Values).c("SourceIpConfig")
	case "query-string":
		x.o("QueryStringConfig").o("Values")
		for _, v := range c.Values {
			k, val, ok := strings.Cut(v, "=")
			if !ok {
				k, val = "", v
			}
			x.o("member")
			if k != "" {
				x.t("Key", k)
			}
			x.t("Value", val).c("member")
		}
		x.c("Values").c("QueryStringConfig")
	}
	x.c("member")
}

type ownedTG struct {
	lb *LoadBalancer
	tg *TargetGroup
}

// lbTargetGroups lists the target groups a load balancer forwards to: its own in
// scenario order, then any of another load balancer's.
func (e *Endpoint) lbTargetGroups(lb *LoadBalancer) []ownedTG {
	var out []ownedTG
	seen := map[string]bool{}
	for i := range lb.TargetGroups {
		tg := &lb.TargetGroups[i]
		if slices.Contains(e.idx.tgLBs[tg.ARN], lb.ARN) {
			seen[tg.ARN] = true
			out = append(out, ownedTG{lb, tg})
		}
	}
	add := func(a Action) {
		if o, ok := e.idx.tgs[a.TargetGroupARN]; ok && !seen[a.TargetGroupARN] {
			seen[a.TargetGroupARN] = true
			out = append(out, o)
		}
	}
	for _, l := range lb.Listeners {
		add(l.DefaultAction)
		for _, r := range l.Rules {
			add(r.Action)
		}
	}
	return out
}

func (e *Endpoint) targetGroups(req *request) []ownedTG {
	var out []ownedTG
	for _, lb := range e.loadBalancers(req) {
		for i := range lb.TargetGroups {
			out = append(out, ownedTG{lb, &lb.TargetGroups[i]})
		}
	}
	return out
}

// tgLoadBalancers lists the load balancers whose listeners or rules forward to tg.
func (e *Endpoint) tgLoadBalancers(tg *TargetGroup) []string {
	return e.idx.tgLBs[tg.ARN]
}

func (e *Endpoint) elbDescribeTargetGroups(req *request) (*reply, *apiError) {
	form, aerr := elbForm(req)
	if aerr != nil {
		return nil, aerr
	}
	all := e.targetGroups(req)
	lbARN, arns, names := form.Get("LoadBalancerArn"), queryList(form, "TargetGroupArns"), queryList(form, "Names")
	tgs := all
	switch {
	case lbARN != "":
		lb := e.idx.lbs[lbARN]
		if lb == nil || !visible(req, lb.Account, lb.Region) {
			return nil, &apiError{status: 400, code: "LoadBalancerNotFound", message: "Load balancer '" + lbARN + "' not found"}
		}
		tgs = e.lbTargetGroups(lb)
	case len(arns) > 0 || len(names) > 0:
		tgs = nil
		for _, want := range append(arns, names...) {
			i := slices.IndexFunc(all, func(o ownedTG) bool { return o.tg.ARN == want || o.tg.Name == want })
			if i < 0 {
				return nil, &apiError{status: 400, code: "TargetGroupNotFound", message: "One or more target groups not found"}
			}
			tgs = append(tgs, all[i])
		}
	}
	lo, hi, next, aerr := e.elbPage(form, len(tgs))
	if aerr != nil {
		return nil, aerr
	}
	return queryResponse("DescribeTargetGroups", func(x *xmlb) {
		x.o("TargetGroups")
		for _, o := range tgs[lo:hi] {
			tg := o.tg
			x.o("member").t("TargetGroupArn", tg.ARN).t("TargetGroupName", tg.Name).t("Protocol", tg.Protocol).
				i("Port", tg.Port).t("VpcId", "vpc-"+hexID(17, o.lb.Account, o.lb.Region)).
				t("HealthCheckProtocol", healthCheckProtocol(tg.Protocol)).t("HealthCheckPort", "traffic-port").
				b("HealthCheckEnabled", true).i("HealthCheckIntervalSeconds", 30).i("HealthCheckTimeoutSeconds", 5).
				i("HealthyThresholdCount", 5).i("UnhealthyThresholdCount", 2)
			if tg.HealthCheckPath != "" {
				x.t("HealthCheckPath", tg.HealthCheckPath).o("Matcher").t("HttpCode", "200").c("Matcher")
			}
			x.members("LoadBalancerArns", e.tgLoadBalancers(tg)).t("TargetType", tg.TargetType)
			if tg.Protocol == "HTTP" || tg.Protocol == "HTTPS" {
				x.t("ProtocolVersion", "HTTP1")
			}
			x.t("IpAddressType", "ipv4").c("member")
		}
		x.c("TargetGroups")
		if next != "" {
			x.t("NextMarker", next)
		}
	})
}

func healthCheckProtocol(p string) string {
	switch p {
	case "HTTPS":
		return "HTTPS"
	case "HTTP":
		return "HTTP"
	}
	return "TCP"
}

var healthReasons = map[string][2]string{
	"unhealthy":   {"Target.FailedHealthChecks", "Health checks failed"},
	"draining":    {"Target.DeregistrationInProgress", "Target deregistration is in progress"},
	"unused":      {"Target.NotInUse", "Target group is not configured to receive traffic from the load balancer"},
	"initial":     {"Elb.RegistrationInProgress", "Target registration is in progress"},
	"unavailable": {"Target.HealthCheckDisabled", "Health checks are disabled"},
}

func (e *Endpoint) elbDescribeTargetHealth(req *request) (*reply, *apiError) {
	form, aerr := elbForm(req)
	if aerr != nil {
		return nil, aerr
	}
	arn := form.Get("TargetGroupArn")
	if arn == "" {
		return nil, validationErr("1 validation error detected: Value null at 'targetGroupArn' failed to satisfy constraint: Member must not be null")
	}
	o, ok := e.idx.tgs[arn]
	tg := o.tg
	if !ok || !visible(req, o.lb.Account, o.lb.Region) {
		return nil, &apiError{status: 400, code: "TargetGroupNotFound", message: "Target groups '" + arn + "' not found"}
	}
	var only []string
	for i := 1; ; i++ {
		id := form.Get("Targets.member." + strconv.Itoa(i) + ".Id")
		if id == "" {
			break
		}
		only = append(only, id)
	}
	return queryResponse("DescribeTargetHealth", func(x *xmlb) {
		x.o("TargetHealthDescriptions")
		for _, t := range tg.Targets {
			if len(only) > 0 && !slices.Contains(only, t.ID) {
				continue
			}
			x.o("member").o("Target").t("Id", t.ID).i("Port", t.Port).c("Target").
				t("HealthCheckPort", strconv.Itoa(t.Port)).o("TargetHealth").t("State", t.Health)
			if r, ok := healthReasons[t.Health]; ok {
				x.t("Reason", r[0]).t("Description", r[1])
			}
			x.c("TargetHealth").c("member")
		}
		x.c("TargetHealthDescriptions")
	})
}
