package collect

import (
	"errors"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
)

// Options tune a collection. The zero value is envdiff's real behaviour against AWS;
// benchmarks and tests change single fields.
type Options struct {
	// Endpoint, when set, is the BaseEndpoint of every service client (the local
	// endpoint of a scenario run). STS for assumed roles is never redirected.
	Endpoint string
	// HTTPClient sends every request; nil means a pooled client sized for Concurrency.
	HTTPClient aws.HTTPClient

	// Concurrency bounds the API calls in flight across the whole run (default 32).
	Concurrency int
	// CallTimeout bounds each attempt of each API call (default 20s). An attempt that
	// times out is not retried.
	CallTimeout time.Duration
	// CredentialTimeout bounds getting an environment's credentials (default 10s), so
	// an expired SSO session is reported within seconds.
	CredentialTimeout time.Duration

	// Limits are the client-side token buckets; nil means DefaultLimits(), NoLimits()
	// turns pacing off.
	Limits Limits
	// PageSizes are the page sizes asked for; zero fields take the API's maximum.
	PageSizes PageSizes

	// MaxAttempts per call, first try included (default 5).
	MaxAttempts int
	// Backoff between attempts; nil means the SDK's exponential backoff with full
	// jitter, capped at MaxBackoff (default 20s).
	Backoff    retry.BackoffDelayer
	MaxBackoff time.Duration
	// Retryer, when set, replaces the retryer built from MaxAttempts and Backoff
	// (e.g. the SDK's default, retry budget included: func() aws.Retryer { return
	// retry.NewStandard() }). Per-attempt timeouts are still not retried only with
	// envdiff's retryer.
	Retryer func() aws.Retryer

	// SeparateReads makes each environment read for itself even when another uses the
	// same account and credentials (benchmarks of naive collectors); by default they
	// share one read per service and region.
	SeparateReads bool

	// Services restricts collection to these services (default: all five).
	Services []string

	// OnEvent receives progress events. Calls are serialised, so it need not lock;
	// it must return quickly.
	OnEvent func(Event)

	// Now stamps CollectedAt (default time.Now).
	Now func() time.Time
}

// PageSizes are the page sizes each list call asks for.
type PageSizes struct {
	ACM            int32 // ListCertificates, max 1000
	ELBv2          int32 // Describe*, max 400
	Route53Zones   int32 // ListHostedZones, max 100
	Route53Records int32 // ListResourceRecordSets, max 300
	CloudFront     int32 // ListDistributions
	CloudMap       int32 // List*, max 100
}

// BackoffFunc adapts a function to retry.BackoffDelayer (tests use a zero delay).
type BackoffFunc func(attempt int, err error) (time.Duration, error)

// BackoffDelay implements retry.BackoffDelayer.
func (f BackoffFunc) BackoffDelay(attempt int, err error) (time.Duration, error) {
	return f(attempt, err)
}

// AllServices lists every service envdiff collects, in display order.
func AllServices() []string {
	return []string{ServiceRoute53, ServiceCloudFront, ServiceACM, ServiceELBv2, ServiceServiceDiscovery}
}

func (o Options) withDefaults() Options {
	if o.Concurrency <= 0 {
		o.Concurrency = 32
	}
	if o.CallTimeout <= 0 {
		o.CallTimeout = 20 * time.Second
	}
	if o.CredentialTimeout <= 0 {
		o.CredentialTimeout = 10 * time.Second
	}
	if o.Limits == nil {
		o.Limits = DefaultLimits()
	}
	ps := &o.PageSizes
	ps.ACM = orDefault(ps.ACM, 1000)
	ps.ELBv2 = orDefault(ps.ELBv2, 400)
	ps.Route53Zones = orDefault(ps.Route53Zones, 100)
	ps.Route53Records = orDefault(ps.Route53Records, 300)
	ps.CloudFront = orDefault(ps.CloudFront, 100)
	ps.CloudMap = orDefault(ps.CloudMap, 100)
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 5
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = 20 * time.Second
	}
	if len(o.Services) == 0 {
		o.Services = AllServices()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Retryer == nil {
		o.Retryer = o.standardRetryer
	}
	return o
}

func orDefault(v, d int32) int32 {
	if v <= 0 {
		return d
	}
	return v
}

// standardRetryer is the SDK's standard retryer without its retry budget: the budget
// is shared by every goroutine of a client, so one throttled burst would starve the
// others of retries. Client-side buckets do the pacing instead.
func (o Options) standardRetryer() aws.Retryer {
	return retry.NewStandard(func(so *retry.StandardOptions) {
		so.MaxAttempts = o.MaxAttempts
		so.MaxBackoff = o.MaxBackoff
		if o.Backoff != nil {
			so.Backoff = o.Backoff
		}
		so.RateLimiter = ratelimit.None
		so.Retryables = append([]retry.IsErrorRetryable{retry.IsErrorRetryableFunc(noRetryOnCallTimeout)}, so.Retryables...)
	})
}

func noRetryOnCallTimeout(err error) aws.Ternary {
	var cte *callTimeoutError
	if errors.As(err, &cte) {
		return aws.FalseTernary
	}
	return aws.UnknownTernary
}
