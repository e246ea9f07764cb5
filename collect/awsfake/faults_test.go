package awsfake

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	sd "github.com/aws/aws-sdk-go-v2/service/servicediscovery"
)

// serviceCall makes one call of a service as a collector would, and reports the
// operation it is.
type serviceCall struct {
	service, operation string
	throttle, denied   string // error codes AWS answers
	call               func(ctx context.Context, cfg aws.Config) error
}

var serviceCalls = []serviceCall{
	{ServiceACM, "ListCertificates", "ThrottlingException", "AccessDeniedException", func(ctx context.Context, cfg aws.Config) error {
		_, err := acm.NewFromConfig(cfg).ListCertificates(ctx, &acm.ListCertificatesInput{})
		return err
	}},
	{ServiceELBv2, "DescribeLoadBalancers", "Throttling", "AccessDenied", func(ctx context.Context, cfg aws.Config) error {
		_, err := elb.NewFromConfig(cfg).DescribeLoadBalancers(ctx, &elb.DescribeLoadBalancersInput{})
		return err
	}},
	{ServiceCloudFront, "ListDistributions", "Throttling", "AccessDenied", func(ctx context.Context, cfg aws.Config) error {
		_, err := cloudfront.NewFromConfig(cfg).ListDistributions(ctx, &cloudfront.ListDistributionsInput{})
		return err
	}},
	{ServiceRoute53, "ListHostedZones", "Throttling", "AccessDenied", func(ctx context.Context, cfg aws.Config) error {
		_, err := route53.NewFromConfig(cfg).ListHostedZones(ctx, &route53.ListHostedZonesInput{})
		return err
	}},
	{ServiceServiceDiscovery, "ListNamespaces", "RequestLimitExceeded", "AccessDeniedException", func(ctx context.Context, cfg aws.Config) error {
		_, err := sd.NewFromConfig(cfg).ListNamespaces(ctx, &sd.ListNamespacesInput{})
		return err
	}},
}

func faultScenario(t *testing.T, f Fault) *Scenario {
	t.Helper()
	s, err := Embedded("seed-502")
	if err != nil {
		t.Fatal(err)
	}
	s.Faults = []Fault{f}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	return s
}

func outcomes(e *Endpoint) []string {
	var out []string
	for _, c := range e.Calls() {
		out = append(out, c.Outcome)
	}
	return out
}

func TestFaults(t *testing.T) {
	for _, sc := range serviceCalls {
		tests := []struct {
			kind     string
			times    int
			code     string   // error code the caller sees; "" for success
			outcomes []string // what the endpoint recorded, retries included
		}{
			// The standard retryer retries throttling and server errors, and succeeds
			// once the fault's times run out.
			{FaultThrottle, 2, "", []string{"fault:throttle", "fault:throttle", "ok"}},
			{FaultThrottle, 0, sc.throttle, []string{"fault:throttle", "fault:throttle", "fault:throttle"}},
			{FaultServerError, 1, "", []string{"fault:server_error", "ok"}},
			// Access denied is final: one call, no retry.
			{FaultAccessDenied, 0, sc.denied, []string{"fault:access_denied"}},
		}
		for _, tt := range tests {
			t.Run(fmt.Sprintf("%s/%s/times=%d", sc.service, tt.kind, tt.times), func(t *testing.T) {
				s := faultScenario(t, Fault{Env: "staging", Service: sc.service, Kind: tt.kind, Times: tt.times})
				e, url := serveScenario(t, s)
				err := sc.call(context.Background(), sdkConfig(url, "222222222222", "eu-west-1"))
				if code := errorCode(err); code != tt.code {
					t.Errorf("error code %q (%v), want %q", code, err, tt.code)
				}
				if got := outcomes(e); !slices.Equal(got, tt.outcomes) {
					t.Errorf("calls %v, want %v", got, tt.outcomes)
				}
				// Another account is untouched.
				e.ResetCalls()
				if err := sc.call(context.Background(), sdkConfig(url, "333333333333", "eu-west-1")); err != nil {
					t.Errorf("other account: %v", err)
				}
			})
		}
		t.Run(sc.service+"/malformed", func(t *testing.T) {
			s := faultScenario(t, Fault{Account: "222222222222", Service: sc.service, Kind: FaultMalformed, Times: 1})
			e, url := serveScenario(t, s)
			err := sc.call(context.Background(), sdkConfig(url, "222222222222", "eu-west-1"))
			var ae interface{ ErrorCode() string }
			if err == nil || errors.As(err, &ae) {
				t.Errorf("a truncated body gave %v, want a deserialization error", err)
			}
			if got := outcomes(e); len(got) == 0 || got[0] != "fault:malformed" {
				t.Errorf("calls %v", got)
			}
		})
		t.Run(sc.service+"/timeout", func(t *testing.T) {
			s := faultScenario(t, Fault{Env: "staging", Service: sc.service, Operation: sc.operation, Kind: FaultTimeout})
			_, url := serveScenario(t, s)
			ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
			defer cancel()
			start := time.Now()
			err := sc.call(ctx, sdkConfig(url, "222222222222", "eu-west-1"))
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("error %v, want the context's deadline", err)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("took %v, the client's deadline is 100ms", d)
			}
		})
	}
}

// A fault narrowed to an operation and a region leaves the rest alone.
func TestFaultMatching(t *testing.T) {
	s := faultScenario(t, Fault{Env: "production", Service: ServiceACM, Operation: "DescribeCertificate", Region: "eu-west-1", Kind: FaultAccessDenied})
	_, url := serveScenario(t, s)
	ctx := context.Background()
	arn := func(region string) *string {
		return aws.String("arn:aws:acm:" + region + ":333333333333:certificate/prod-" + map[string]string{"us-east-1": "cf", "eu-west-1": "wildcard"}[region])
	}
	tests := []struct {
		region, op string
		denied     bool
	}{
		{"eu-west-1", "DescribeCertificate", true},
		{"eu-west-1", "ListCertificates", false},
		{"us-east-1", "DescribeCertificate", false},
	}
	for _, tt := range tests {
		c := acm.NewFromConfig(sdkConfig(url, "333333333333", tt.region))
		var err error
		if tt.op == "DescribeCertificate" {
			_, err = c.DescribeCertificate(ctx, &acm.DescribeCertificateInput{CertificateArn: arn(tt.region)})
		} else {
			_, err = c.ListCertificates(ctx, &acm.ListCertificatesInput{})
		}
		if denied := errorCode(err) == "AccessDeniedException"; denied != tt.denied {
			t.Errorf("%s %s: error %v, want denied %v", tt.region, tt.op, err, tt.denied)
		}
	}
}

func TestLatency(t *testing.T) {
	s, err := Embedded("seed-502")
	if err != nil {
		t.Fatal(err)
	}
	s.LatencyMS = 40
	e, url := serveScenario(t, s)
	cfg := sdkConfig(url, "111111111111", "eu-west-1")
	start := time.Now()
	if err := serviceCalls[0].call(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 40*time.Millisecond {
		t.Errorf("call took %v, want at least latency_ms 40", d)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Millisecond)
	defer cancel()
	if err := serviceCalls[0].call(ctx, cfg); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("error %v, want the context's deadline", err)
	}
	_ = e
	_, url = serveScenario(t, s, WithoutLatency())
	start = time.Now()
	if err := serviceCalls[0].call(context.Background(), sdkConfig(url, "111111111111", "eu-west-1")); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d >= 40*time.Millisecond {
		t.Errorf("WithoutLatency: call took %v", d)
	}
}
