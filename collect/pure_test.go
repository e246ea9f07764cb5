package collect

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	cftypes "github.com/aws/aws-sdk-go-v2/service/cloudfront/types"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

func TestNormaliseDNSName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"MyDomain.COM.", "mydomain.com"},
		{`\052.mydomain.com.`, "*.mydomain.com"},
		{`a\100b.example.`, "a@b.example"},
		{`bad\9escape.`, `bad\9escape`},   // not octal: kept as written
		{`trailing\05`, `trailing\05`},    // too short to be an escape
		{`\777.example.`, `\777.example`}, // beyond a byte: kept
		{"", ""},
	}
	for _, tt := range tests {
		if got := normaliseDNSName(tt.in); got != tt.want {
			t.Errorf("normaliseDNSName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := normaliseAliasTarget("dualstack.Prod-Core-1.eu-west-1.elb.amazonaws.com."); got != "prod-core-1.eu-west-1.elb.amazonaws.com" {
		t.Errorf("alias target = %q", got)
	}
}

func opErr(op string, err error) error {
	return &smithy.OperationError{ServiceID: "ACM", OperationName: op, Err: err}
}

func httpErr(status int) error {
	return &awshttp.ResponseError{ResponseError: &smithyhttp.ResponseError{
		Response: &smithyhttp.Response{Response: &http.Response{StatusCode: status}},
		Err:      errors.New("boom"),
	}}
}

func TestClassify(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"ELBv2 generic access denied", opErr("DescribeLoadBalancers", &smithy.GenericAPIError{Code: "AccessDenied"}), ErrAccessDenied},
		{"ACM access denied exception", opErr("ListCertificates", &smithy.GenericAPIError{Code: "AccessDeniedException"}), ErrAccessDenied},
		{"route53 throttling", opErr("ListHostedZones", &smithy.GenericAPIError{Code: "Throttling"}), ErrThrottled},
		{"cloud map throttling", opErr("ListNamespaces", &smithy.GenericAPIError{Code: "RequestLimitExceeded"}), ErrThrottled},
		{"truncated body", opErr("DescribeCertificate", &smithy.DeserializationError{Err: io.ErrUnexpectedEOF}), ErrMalformed},
		{"HTTP 500", opErr("ListDistributions", httpErr(500)), ErrServerError},
		{"server fault code", &smithy.GenericAPIError{Code: "InternalFailure", Fault: smithy.FaultServer}, ErrServerError},
		{"per-call timeout", opErr("ListInstances", &callTimeoutError{timeout: "1s", err: context.DeadlineExceeded}), ErrTimeout},
		{"deadline", fmt.Errorf("x: %w", context.DeadlineExceeded), ErrTimeout},
		{"anything else", errors.New("no route to host"), ErrOther},
		{"validation error", &smithy.GenericAPIError{Code: "ValidationError"}, ErrOther},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := classify(tt.err); got != tt.want {
				t.Errorf("classify = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestErrorSetKeepsOnePerOperationAndKind(t *testing.T) {
	s := newErrorSet(ServiceACM, "eu-west-1")
	for i := range 3 {
		s.add(fmt.Errorf("acm eu-west-1: describe cert-%d: %w", i, opErr("DescribeCertificate", &smithy.GenericAPIError{Code: "AccessDeniedException"})))
	}
	s.add(opErr("ListCertificates", &smithy.GenericAPIError{Code: "ThrottlingException"}))
	if len(s.list) != 2 {
		t.Fatalf("errors = %+v, want one per (operation, kind)", s.list)
	}
	got := s.list[0]
	if got.Service != ServiceACM || got.Region != "eu-west-1" || got.Operation != "DescribeCertificate" || got.Kind != ErrAccessDenied {
		t.Errorf("first error = %+v", got)
	}
}

func TestHeadersForwardHost(t *testing.T) {
	hdrs := func(b cftypes.OriginRequestPolicyHeaderBehavior, names ...string) *cftypes.OriginRequestPolicyHeadersConfig {
		return &cftypes.OriginRequestPolicyHeadersConfig{HeaderBehavior: b, Headers: &cftypes.Headers{Items: names}}
	}
	tests := []struct {
		name string
		cfg  *cftypes.OriginRequestPolicyHeadersConfig
		want bool
	}{
		{"none", hdrs(cftypes.OriginRequestPolicyHeaderBehaviorNone), false},
		{"all viewer", hdrs(cftypes.OriginRequestPolicyHeaderBehaviorAllViewer), true},
		{"all viewer and CloudFront headers", hdrs(cftypes.OriginRequestPolicyHeaderBehaviorAllViewerAndWhitelistCloudFront, "CloudFront-Viewer-Country"), true},
		{"whitelist with host, any case", hdrs(cftypes.OriginRequestPolicyHeaderBehaviorWhitelist, "origin", "host"), true},
		{"whitelist without host", hdrs(cftypes.OriginRequestPolicyHeaderBehaviorWhitelist, "Origin"), false},
		{"all except host", hdrs(cftypes.OriginRequestPolicyHeaderBehaviorAllExcept, "Host"), false},
		{"all except another", hdrs(cftypes.OriginRequestPolicyHeaderBehaviorAllExcept, "Origin"), true},
	}
	for _, tt := range tests {
		if got := headersForwardHost(tt.cfg); got != tt.want {
			t.Errorf("%s: forwards host = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestLegacyForwardedValues(t *testing.T) {
	tests := []struct {
		headers []string
		want    bool
	}{
		{[]string{"Host"}, true},
		{[]string{"*"}, true},
		{[]string{"Origin"}, false},
		{nil, false},
	}
	for _, tt := range tests {
		fv := &cftypes.ForwardedValues{Headers: &cftypes.Headers{Items: tt.headers}}
		b := behaviorFrom(context.Background(), nil, "/x/*", "o", "https-only", "", fv, map[string]*hostDecision{}, newErrorSet(ServiceCloudFront, GlobalRegion))
		if b.ForwardsHost != tt.want || b.HostForwardingSource != "legacy ForwardedValues.Headers" {
			t.Errorf("headers %v: %+v, want forwards=%v", tt.headers, b, tt.want)
		}
	}
}

func TestConditionFromConfigForms(t *testing.T) {
	field := func(s string) *string { return &s }
	tests := []struct {
		in   elbtypes.RuleCondition
		want Condition
	}{
		{elbtypes.RuleCondition{Field: field("host-header"), HostHeaderConfig: &elbtypes.HostHeaderConditionConfig{Values: []string{"app.mydomain.com"}}},
			Condition{Field: "host-header", Values: []string{"app.mydomain.com"}}},
		{elbtypes.RuleCondition{Field: field("path-pattern"), Values: []string{"/core/*"}},
			Condition{Field: "path-pattern", Values: []string{"/core/*"}}},
		{elbtypes.RuleCondition{Field: field("http-header"), HttpHeaderConfig: &elbtypes.HttpHeaderConditionConfig{HttpHeaderName: field("X-Env"), Values: []string{"prod"}}},
			Condition{Field: "http-header", HeaderName: "X-Env", Values: []string{"prod"}}},
		{elbtypes.RuleCondition{Field: field("query-string"), QueryStringConfig: &elbtypes.QueryStringConditionConfig{Values: []elbtypes.QueryStringKeyValuePair{{Key: field("v"), Value: field("2")}}}},
			Condition{Field: "query-string", Values: []string{"v=2"}}},
	}
	for _, tt := range tests {
		got := conditionFrom(tt.in)
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("conditionFrom = %+v, want %+v", got, tt.want)
		}
	}
}

func TestPlan(t *testing.T) {
	r := &runner{Collector: NewCollector(Options{})}
	got := r.plan(Environment{Name: "p", Regions: []string{"eu-west-1", "eu-west-1", "us-east-1"}})
	want := []task{
		{ServiceRoute53, GlobalRegion}, {ServiceCloudFront, GlobalRegion},
		{ServiceACM, "eu-west-1"}, {ServiceACM, "us-east-1"},
		{ServiceELBv2, "eu-west-1"}, {ServiceELBv2, "us-east-1"},
		{ServiceServiceDiscovery, "eu-west-1"}, {ServiceServiceDiscovery, "us-east-1"},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("plan = %v\nwant %v", got, want)
	}
	got = r.plan(Environment{Name: "q", Regions: []string{"eu-west-1"}})
	acm := 0
	for _, tk := range got {
		if tk.service == ServiceACM {
			acm++
		}
	}
	if acm != 2 || len(got) != 6 {
		t.Errorf("plan with one region = %v: want ACM in eu-west-1 and us-east-1, 6 collectors", got)
	}
}

func TestPacerSharesBucketsPerAccount(t *testing.T) {
	p := newPacer(DefaultLimits())
	a := p.bucket("111", "eu-west-1", ServiceELBv2, "DescribeRules")
	if a != p.bucket("111", "eu-west-1", ServiceELBv2, "DescribeListeners") {
		t.Error("ELBv2 describe calls of one account and region must share a bucket")
	}
	if a == p.bucket("111", "us-east-1", ServiceELBv2, "DescribeRules") || a == p.bucket("222", "eu-west-1", ServiceELBv2, "DescribeRules") {
		t.Error("ELBv2 buckets must be per account and region")
	}
	if p.bucket("111", "eu-west-1", ServiceRoute53, "ListHostedZones") != p.bucket("111", "us-east-1", ServiceRoute53, "ListResourceRecordSets") {
		t.Error("Route53 is paced per account, whatever the region")
	}
	list, desc := p.bucket("111", "eu-west-1", ServiceACM, "ListCertificates"), p.bucket("111", "eu-west-1", ServiceACM, "DescribeCertificate")
	list.prime()
	desc.prime()
	if list == desc || list.lim.Limit() != 1 || list.lim.Burst() != 1 || desc.lim.Burst() != 9 {
		t.Errorf("ACM buckets: list %v/%d, describe %v/%d", list.lim.Limit(), list.lim.Burst(), desc.lim.Limit(), desc.lim.Burst())
	}
	if p.bucket("111", "eu-west-1", ServiceACM, "GetCertificate") != nil {
		t.Error("an ACM operation without a quota must not be paced")
	}
	if newPacer(NoLimits()).bucket("111", "eu-west-1", ServiceRoute53, "ListHostedZones") != nil {
		t.Error("NoLimits must turn pacing off")
	}
}

// A bucket's clock starts when its first call is answered: the other calls wait for
// that answer, then share what is left of the burst (one token of headroom kept).
func TestBucketClockStartsAtTheFirstAnswer(t *testing.T) {
	g := &callGate{pacer: newPacer(Limits{"svc": {Rate: 10, Burst: 4}}), sem: make(chan struct{}, 8)}
	b := g.pacer.bucket("111", "eu-west-1", "svc", "Op")
	ctx := context.Background()
	call := func(ctx context.Context) (bool, error) {
		first, err := g.acquire(ctx, b)
		if err == nil {
			<-g.sem
		}
		return first, err
	}
	if first, err := call(ctx); !first || err != nil {
		t.Fatalf("the first call must go at once: first=%v err=%v", first, err)
	}
	done := make(chan bool, 1)
	go func() {
		first, err := call(ctx)
		done <- !first && err == nil
	}()
	select {
	case <-done:
		t.Fatal("a second call went before the first was answered")
	case <-time.After(30 * time.Millisecond):
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := call(cctx); err == nil {
		t.Error("a cancelled call waiting for the first answer must give up")
	}
	start := time.Now()
	b.prime()
	if ok := <-done; !ok {
		t.Fatal("the second call failed")
	}
	// Burst 4 keeps 3 tokens; the first call spent one and the second another.
	if _, err := call(ctx); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 50*time.Millisecond {
		t.Errorf("the third call waited %v with a token left", took)
	}
	if _, err := call(ctx); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took < 80*time.Millisecond {
		t.Errorf("the fourth call went after %v; the burst was spent, it must wait for the refill (100ms)", took)
	}
}

// A call waiting for a concurrency slot holds no token: it is counted when it is
// sent, as AWS counts it when it arrives.
func TestTokensAreTakenOnlyWithASlot(t *testing.T) {
	g := &callGate{pacer: newPacer(Limits{"svc": {Rate: 10, Burst: 6}}), sem: make(chan struct{}, 1)}
	b := g.pacer.bucket("111", "eu-west-1", "svc", "Op")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if _, err := g.acquire(ctx, b); err != nil { // the first call, holding the only slot
		t.Fatal(err)
	}
	b.prime()
	before := b.lim.Tokens()
	got := make(chan error, 3)
	for range 3 {
		go func() {
			_, err := g.acquire(ctx, b)
			if err == nil {
				<-g.sem
			}
			got <- err
		}()
	}
	time.Sleep(50 * time.Millisecond)
	if after := b.lim.Tokens(); after < before {
		t.Errorf("calls waiting for a slot took tokens: %.2f before, %.2f after", before, after)
	}
	<-g.sem // the first call is answered
	for range 3 {
		if err := <-got; err != nil {
			t.Fatal(err)
		}
	}
	if after := b.lim.Tokens(); after > before-2 {
		t.Errorf("three calls sent, tokens %.2f → %.2f", before, after)
	}
}

// A first call cancelled before it was sent must not leave the bucket closed to the
// next poll's calls.
func TestCancelledFirstCallOpensTheBucket(t *testing.T) {
	g := &callGate{pacer: newPacer(Limits{"svc": {Rate: 10, Burst: 4}}), sem: make(chan struct{}, 1)}
	b := g.pacer.bucket("111", "eu-west-1", "svc", "Op")
	g.sem <- struct{}{} // every slot taken
	cctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := g.acquire(cctx, b); err == nil {
		t.Fatal("a cancelled call must fail")
	}
	<-g.sem
	ctx, stop := context.WithTimeout(context.Background(), time.Second)
	defer stop()
	if first, err := g.acquire(ctx, b); err != nil || first {
		t.Fatalf("the next call: first=%v err=%v; want a paced call that goes", first, err)
	}
}
