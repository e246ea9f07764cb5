package awsfake

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
)

// fakeClock is a clock tests move by hand.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func TestRateLimits(t *testing.T) {
	tests := []struct {
		name      string
		call      serviceCall
		region    string
		calls     int
		pace      time.Duration // clock advance before each call; 0 is a burst
		throttled int
	}{
		{"route53 burst past 50", serviceCalls[3], "eu-west-1", 60, 0, 10},
		{"route53 paced at 10/s", serviceCalls[3], "eu-west-1", 120, 100 * time.Millisecond, 0},
		// Route53's bucket is per account, whatever region the client signs with.
		{"route53 burst across regions", serviceCalls[3], "us-west-2", 60, 0, 10},
		{"acm ListCertificates burst past 1", serviceCalls[0], "eu-west-1", 3, 0, 2},
		{"acm ListCertificates paced at 1/s", serviceCalls[0], "eu-west-1", 5, time.Second, 0},
		{"elbv2 burst past 40", serviceCalls[1], "eu-west-1", 45, 0, 5},
		{"elbv2 paced at 10/s", serviceCalls[1], "eu-west-1", 60, 100 * time.Millisecond, 0},
		{"cloudfront burst past 10", serviceCalls[2], "eu-west-1", 12, 0, 2},
		{"servicediscovery burst past 100", serviceCalls[4], "eu-west-1", 110, 0, 10},
		{"servicediscovery paced at 50/s", serviceCalls[4], "eu-west-1", 150, 20 * time.Millisecond, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Embedded("seed-502")
			if err != nil {
				t.Fatal(err)
			}
			s.RateLimits = "aws"
			clock := &fakeClock{now: fixedNow}
			e, url := serveScenario(t, s, WithLimiterClock(clock.Now))
			cfg := sdkConfig(url, "111111111111", tt.region)
			cfg.Retryer = func() aws.Retryer { return aws.NopRetryer{} }
			throttled := 0
			for i := 0; i < tt.calls; i++ {
				clock.Advance(tt.pace)
				err := tt.call.call(context.Background(), cfg)
				switch code := errorCode(err); code {
				case "":
				case tt.call.throttle:
					throttled++
				default:
					t.Fatalf("call %d: %v", i, err)
				}
			}
			if throttled != tt.throttled {
				t.Errorf("%d of %d calls throttled, want %d", throttled, tt.calls, tt.throttled)
			}
			recorded := 0
			for _, c := range e.Calls() {
				if c.Outcome == OutcomeThrottled {
					recorded++
				}
			}
			if recorded != tt.throttled {
				t.Errorf("recorded %d throttled calls, want %d", recorded, tt.throttled)
			}
		})
	}
}

// ACM's buckets are per operation: listing fast does not slow describing.
func TestRateLimitsPerOperation(t *testing.T) {
	s, err := Embedded("seed-502")
	if err != nil {
		t.Fatal(err)
	}
	s.RateLimits = "aws"
	clock := &fakeClock{now: fixedNow}
	_, url := serveScenario(t, s, WithLimiterClock(clock.Now))
	cfg := sdkConfig(url, "111111111111", "us-east-1")
	cfg.Retryer = func() aws.Retryer { return aws.NopRetryer{} }
	c := acm.NewFromConfig(cfg)
	ctx := context.Background()
	if _, err := c.ListCertificates(ctx, &acm.ListCertificatesInput{}); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 10; i++ {
		if _, err := c.DescribeCertificate(ctx, &acm.DescribeCertificateInput{CertificateArn: aws.String("arn:aws:acm:us-east-1:111111111111:certificate/qa1-cf")}); err != nil {
			t.Fatalf("describe %d: %v", i, err)
		}
	}
	if _, err := c.DescribeCertificate(ctx, &acm.DescribeCertificateInput{CertificateArn: aws.String("arn:aws:acm:us-east-1:111111111111:certificate/qa1-cf")}); errorCode(err) != "ThrottlingException" {
		t.Errorf("11th describe: %v, want ThrottlingException", err)
	}
}
