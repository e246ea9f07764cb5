package collect

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/smithy-go/middleware"
	"golang.org/x/time/rate"
)

// Limit is a client-side token bucket: Rate calls per second, at most Burst at once.
// A zero Rate means no pacing. The bucket holds one token fewer than Burst (at least
// one), so that calls arriving a little out of step still fit AWS's bucket. Its clock
// starts when the first call of the bucket is answered: AWS counts from the moment
// that call arrived, and a first call slowed by a connection dial or a busy machine
// would otherwise shift AWS's bucket past the headroom.
type Limit struct {
	Rate  float64
	Burst int
}

// Limits maps a service ("route53") or a service and operation
// ("acm/DescribeCertificate") to a bucket; the operation's own entry wins. A service
// with no entry is not paced. Buckets are shared by every environment that uses the
// same account, per region for regional services and per account for Route53 and
// CloudFront, as AWS counts them.
type Limits map[string]Limit

// DefaultLimits are AWS's documented quotas (CloudFront publishes none; 5/s is a
// cautious pace).
func DefaultLimits() Limits {
	return Limits{
		ServiceACM + "/DescribeCertificate": {Rate: 10, Burst: 10},
		ServiceACM + "/ListCertificates":    {Rate: 1, Burst: 1},
		ServiceRoute53:                      {Rate: 10, Burst: 50},
		ServiceELBv2:                        {Rate: 10, Burst: 40},
		ServiceCloudFront:                   {Rate: 5, Burst: 10},
		ServiceServiceDiscovery:             {Rate: 50, Burst: 100},
	}
}

// NoLimits turns client-side pacing off (benchmarks; AWS's throttling still applies).
func NoLimits() Limits { return Limits{} }

// pacer owns the token buckets of one Collect call.
type pacer struct {
	limits  Limits
	mu      sync.Mutex
	buckets map[string]*bucket
}

func newPacer(l Limits) *pacer {
	return &pacer{limits: l, buckets: map[string]*bucket{}}
}

// bucket is one client-side token bucket. The first call goes alone; the limiter
// exists from its answer on.
type bucket struct {
	limit   Limit
	mu      sync.Mutex
	started bool
	ready   chan struct{} // closed once lim is set
	lim     *rate.Limiter
}

// start lets the first call through at once (first is true: the caller must prime
// the bucket when it is answered) and holds the others until then.
func (b *bucket) start(ctx context.Context) (first bool, err error) {
	b.mu.Lock()
	first, b.started = !b.started, true
	b.mu.Unlock()
	if first {
		return true, nil
	}
	select {
	case <-b.ready:
		return false, nil
	case <-ctx.Done():
		return false, ctx.Err()
	}
}

// untilToken is about how long until the bucket holds a whole token again.
func (b *bucket) untilToken() time.Duration {
	need := 1 - b.lim.Tokens()
	return max(time.Duration(need/b.limit.Rate*float64(time.Second)), time.Millisecond)
}

// prime starts the bucket's clock now, with the first call's token spent.
func (b *bucket) prime() {
	lim := rate.NewLimiter(rate.Limit(b.limit.Rate), max(b.limit.Burst-1, 1))
	lim.Allow()
	b.lim = lim
	close(b.ready)
}

// bucket returns the bucket for one call, or nil when the call is not paced.
func (p *pacer) bucket(account, region, service, op string) *bucket {
	lim, key := p.limits[service+"/"+op], service+"/"+op
	if lim.Rate <= 0 {
		lim, key = p.limits[service], service
	}
	if lim.Rate <= 0 {
		return nil
	}
	if service == ServiceRoute53 || service == ServiceCloudFront {
		region = "global"
	}
	key = account + "|" + region + "|" + key
	p.mu.Lock()
	defer p.mu.Unlock()
	b := p.buckets[key]
	if b == nil {
		b = &bucket{limit: lim, ready: make(chan struct{})}
		p.buckets[key] = b
	}
	return b
}

// job is one collector run (environment × service × region); API calls find it in
// their context to count themselves and report progress.
type job struct {
	env, service, region string
	start                time.Time
	calls                atomic.Int64
	retries              atomic.Int64
	throttled            atomic.Int64
	items                atomic.Int64
	emit                 func(Event)
}

type jobKey struct{}
type opKey struct{}

func withJob(ctx context.Context, j *job) context.Context { return context.WithValue(ctx, jobKey{}, j) }

func jobFrom(ctx context.Context) *job {
	j, _ := ctx.Value(jobKey{}).(*job)
	return j
}

func (j *job) addItems(n int) {
	if j != nil {
		j.items.Add(int64(n))
	}
}

func (j *job) event(phase string, ce *CollectError) Event {
	return Event{
		Env: j.env, Service: j.service, Region: j.region, Phase: phase,
		Calls: int(j.calls.Load()), Items: int(j.items.Load()),
		Elapsed: time.Since(j.start), Err: ce,
	}
}

// callGate is what every attempt of every API call passes through: the account's
// token bucket, the global concurrency bound, and the per-attempt timeout.
type callGate struct {
	pacer   *pacer
	sem     chan struct{}
	timeout time.Duration
}

// acquire takes a slot of the concurrency bound, then a token of the call's bucket
// (b may be nil: not paced). The token is taken only while the slot is held, so the
// call is sent the moment it is counted: a token taken first and a slot waited for
// after would reach AWS late, after AWS's bucket had filled up in the meantime and
// lost the refill the client counted on.
func (g *callGate) acquire(ctx context.Context, b *bucket) (first bool, err error) {
	if b != nil {
		if first, err = b.start(ctx); err != nil {
			return false, err
		}
	}
	for {
		select {
		case g.sem <- struct{}{}:
		case <-ctx.Done():
			if first {
				b.prime() // the calls held for this one must not wait for ever
			}
			return false, ctx.Err()
		}
		if b == nil || first || b.lim.Allow() {
			return first, nil
		}
		<-g.sem
		t := time.NewTimer(b.untilToken())
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return false, ctx.Err()
		}
	}
}

// middleware returns the stack additions for one client.
func (g *callGate) middleware(account, region, service string) func(*middleware.Stack) error {
	return func(stack *middleware.Stack) error {
		// Marks each operation so the attempt middleware can tell a retry from a first try.
		if err := stack.Initialize.Add(middleware.InitializeMiddlewareFunc("envdiffOperation",
			func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
				return next.HandleInitialize(context.WithValue(ctx, opKey{}, new(atomic.Int32)), in)
			}), middleware.Before); err != nil {
			return err
		}
		attempt := middleware.FinalizeMiddlewareFunc("envdiffAttempt",
			func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
				op := awsmiddleware.GetOperationName(ctx)
				b := g.pacer.bucket(account, region, service, op)
				first, err := g.acquire(ctx, b)
				if err != nil {
					return middleware.FinalizeOutput{}, middleware.Metadata{}, err
				}
				defer func() { <-g.sem }()
				if first {
					defer b.prime()
				}

				j := jobFrom(ctx)
				if j != nil {
					j.calls.Add(1)
					if n, _ := ctx.Value(opKey{}).(*atomic.Int32); n != nil && n.Add(1) > 1 {
						j.retries.Add(1)
					}
				}
				actx, cancel := context.WithTimeout(ctx, g.timeout)
				defer cancel()
				out, md, err := next.HandleFinalize(actx, in)
				if err != nil && ctx.Err() == nil && errors.Is(actx.Err(), context.DeadlineExceeded) {
					err = &callTimeoutError{timeout: g.timeout.String(), err: err}
				}
				if j != nil {
					if isThrottle(err) {
						j.throttled.Add(1)
					}
					if j.emit != nil {
						j.emit(j.event(PhaseProgress, nil))
					}
				}
				return out, md, err
			})
		return stack.Finalize.Insert(attempt, "Retry", middleware.After)
	}
}
