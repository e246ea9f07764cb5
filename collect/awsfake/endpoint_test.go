package awsfake

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	sd "github.com/aws/aws-sdk-go-v2/service/servicediscovery"
)

func TestUnknownOperation(t *testing.T) {
	e, url := seed(t, 0)
	ctx := context.Background()
	cfg := sdkConfig(url, "111111111111", "eu-west-1")
	tests := []struct {
		service, code string
		call          func() error
	}{
		{ServiceACM, "UnknownOperationException", func() error {
			_, err := acm.NewFromConfig(cfg).GetCertificate(ctx, &acm.GetCertificateInput{CertificateArn: aws.String("arn:aws:acm:eu-west-1:111111111111:certificate/qa-wildcard")})
			return err
		}},
		{ServiceELBv2, "InvalidAction", func() error {
			_, err := elb.NewFromConfig(cfg).DescribeSSLPolicies(ctx, &elb.DescribeSSLPoliciesInput{})
			return err
		}},
		{ServiceCloudFront, "UnknownOperationException", func() error {
			_, err := cloudfront.NewFromConfig(cfg).GetDistribution(ctx, &cloudfront.GetDistributionInput{Id: aws.String("E1QA1EXAMPLE")})
			return err
		}},
		{ServiceRoute53, "UnknownOperationException", func() error {
			_, err := route53.NewFromConfig(cfg).GetHostedZone(ctx, &route53.GetHostedZoneInput{Id: aws.String("Z1")})
			return err
		}},
		{ServiceServiceDiscovery, "UnknownOperationException", func() error {
			_, err := sd.NewFromConfig(cfg).ListOperations(ctx, &sd.ListOperationsInput{})
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.service, func(t *testing.T) {
			e.ResetCalls()
			if code := errorCode(tt.call()); code != tt.code {
				t.Errorf("code %q, want %q", code, tt.code)
			}
			calls := e.Calls()
			if len(calls) != 1 || calls[0].Outcome != OutcomeUnknownOperation || calls[0].Service != tt.service {
				t.Errorf("calls %+v", calls)
			}
		})
	}
}

// An account or region the scenario lacks answers as an unused AWS region does: empty.
func TestEmptyAnswers(t *testing.T) {
	e, url := seed(t, 0)
	ctx := context.Background()
	tests := []struct{ account, region string }{
		{"999999999999", "eu-west-1"},
		{"111111111111", "ap-south-1"},
	}
	for _, tt := range tests {
		cfg := sdkConfig(url, tt.account, tt.region)
		certs, err := acm.NewFromConfig(cfg).ListCertificates(ctx, &acm.ListCertificatesInput{})
		if err != nil || len(certs.CertificateSummaryList) != 0 {
			t.Errorf("%s %s certificates: %v %v", tt.account, tt.region, err, certs)
		}
		lbs, err := elb.NewFromConfig(cfg).DescribeLoadBalancers(ctx, &elb.DescribeLoadBalancersInput{})
		if err != nil || len(lbs.LoadBalancers) != 0 {
			t.Errorf("%s %s load balancers: %v", tt.account, tt.region, err)
		}
		nss, err := sd.NewFromConfig(cfg).ListNamespaces(ctx, &sd.ListNamespacesInput{})
		if err != nil || len(nss.Namespaces) != 0 {
			t.Errorf("%s %s namespaces: %v", tt.account, tt.region, err)
		}
	}
	cfg := sdkConfig(url, "999999999999", "eu-west-1")
	ds, err := cloudfront.NewFromConfig(cfg).ListDistributions(ctx, &cloudfront.ListDistributionsInput{})
	if err != nil || len(ds.DistributionList.Items) != 0 {
		t.Errorf("distributions: %v", err)
	}
	zs, err := route53.NewFromConfig(cfg).ListHostedZones(ctx, &route53.ListHostedZonesInput{})
	if err != nil || len(zs.HostedZones) != 0 {
		t.Errorf("zones: %v", err)
	}
	for _, c := range e.Calls() {
		if c.Outcome != OutcomeOK {
			t.Errorf("call %+v", c)
		}
	}
}

// Every call is recorded with who made it; global services are recorded as us-east-1
// whatever region signed the request.
func TestCallRecord(t *testing.T) {
	e, url := seed(t, 0)
	ctx := context.Background()
	cfg := sdkConfig(url, "222222222222", "eu-west-1")
	if _, err := route53.NewFromConfig(cfg).ListHostedZones(ctx, &route53.ListHostedZonesInput{}); err != nil {
		t.Fatal(err)
	}
	if _, err := elb.NewFromConfig(cfg).DescribeLoadBalancers(ctx, &elb.DescribeLoadBalancersInput{}); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range e.Calls() {
		if c.At.IsZero() {
			t.Errorf("call without time: %+v", c)
		}
		got = append(got, strings.Join([]string{c.Service, c.Operation, c.Account, c.Region, c.Outcome}, " "))
	}
	want := []string{
		"route53 ListHostedZones 222222222222 us-east-1 ok",
		"elbv2 DescribeLoadBalancers 222222222222 eu-west-1 ok",
	}
	if !slices.Equal(got, want) {
		t.Errorf("calls %q, want %q", got, want)
	}
}

func TestUnsignedRequest(t *testing.T) {
	e, url := seed(t, 0)
	resp, err := http.Post(url, "application/x-amz-json-1.1", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("status %d, want 403", resp.StatusCode)
	}
	if calls := e.Calls(); len(calls) != 1 || calls[0].Outcome != OutcomeBadRequest {
		t.Errorf("calls %+v", calls)
	}
}

func TestStartLoopbackOnly(t *testing.T) {
	s, err := Embedded("seed-502")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Start(s, "0.0.0.0:0"); err == nil {
		t.Error("Start on 0.0.0.0 succeeded; only loopback is allowed")
	}
	srv, err := Start(s, "")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(srv.URL, "http://127.0.0.1:") {
		t.Errorf("URL %s", srv.URL)
	}
	cfg := sdkConfig(srv.URL, "111111111111", "eu-west-1")
	if _, err := acm.NewFromConfig(cfg).ListCertificates(context.Background(), &acm.ListCertificatesInput{}); err != nil {
		t.Error(err)
	}
	if err := srv.Close(); err != nil {
		t.Error(err)
	}
}

func TestServerCloseTwice(t *testing.T) {
	s, err := Embedded("seed-502")
	if err != nil {
		t.Fatal(err)
	}
	srv, err := Start(s, "")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 2)
	go func() { done <- srv.Close(); done <- srv.Close() }()
	for i := 0; i < 2; i++ {
		select {
		case err := <-done:
			if err != nil {
				t.Error(err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("Close blocked")
		}
	}
}
