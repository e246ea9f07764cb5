package awsfake

import (
	"errors"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/smithy-go"
)

// fixedNow is the clock relative scenario times resolve against in tests.
var fixedNow = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

type noBackoff struct{}

func (noBackoff) BackoffDelay(int, error) (time.Duration, error) { return 0, nil }

// sdkConfig is what a collector would build for one account, pointed at url, with the
// standard retryer minus its delays so tests stay fast.
func sdkConfig(url, account, region string) aws.Config {
	key, secret := Credentials(account)
	return aws.Config{
		Region:       region,
		Credentials:  credentials.NewStaticCredentialsProvider(key, secret, ""),
		BaseEndpoint: aws.String(url),
		Retryer: func() aws.Retryer {
			return retry.NewStandard(func(o *retry.StandardOptions) {
				o.Backoff = noBackoff{}
				o.RateLimiter = ratelimit.None
			})
		},
	}
}

func serveScenario(t *testing.T, s *Scenario, opts ...Option) (*Endpoint, string) {
	t.Helper()
	e := New(s, append([]Option{WithClock(func() time.Time { return fixedNow })}, opts...)...)
	srv := httptest.NewServer(e)
	t.Cleanup(func() {
		e.Close()
		srv.Close()
	})
	return e, srv.URL
}

// seed serves the embedded seed-502 scenario with the given page size.
func seed(t *testing.T, pageSize int) (*Endpoint, string) {
	t.Helper()
	s, err := Embedded("seed-502")
	if err != nil {
		t.Fatal(err)
	}
	s.PageSize = pageSize
	return serveScenario(t, s)
}

// pageSizes are the two ways every list call is exercised: one item per page, so the
// paginator must follow every token, and each API's real maximum.
var pageSizes = []int{1, 0}

// errorCode is the AWS error code a caller sees, or "" for no error or one that is not
// an API error.
func errorCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	if err != nil {
		return "not an API error: " + err.Error()
	}
	return ""
}
