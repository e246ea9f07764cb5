package awsfake

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Outcomes recorded for a call.
const (
	OutcomeOK               = "ok"
	OutcomeThrottled        = "throttled"
	OutcomeUnknownOperation = "unknown_operation"
	OutcomeBadRequest       = "bad_request"
	// OutcomeError is a well-formed request the service refused (no such resource,
	// invalid token): an error AWS itself would answer.
	OutcomeError = "error"
	// OutcomeCancelled is a call whose client gave up during latency_ms.
	OutcomeCancelled = "cancelled"
)

// Call is one API call the endpoint answered.
type Call struct {
	Service, Operation, Account, Region, Outcome string
	At                                           time.Time
}

// Option configures an Endpoint.
type Option func(*Endpoint)

// WithClock sets the time relative scenario times (+10d) resolve against. By default it
// is the time New was called, so every call of a run sees the same certificates.
func WithClock(now func() time.Time) Option { return func(e *Endpoint) { e.clock = now } }

// WithoutLatency ignores the scenario's latency_ms (tests).
func WithoutLatency() Option { return func(e *Endpoint) { e.latency = 0 } }

// WithLimiterClock sets the clock the rate_limits token buckets refill by, so tests can
// pace calls without sleeping. Default time.Now.
func WithLimiterClock(now func() time.Time) Option {
	return func(e *Endpoint) { e.limiterClock = now }
}

// Endpoint serves a scenario over the AWS wire protocols. It is an http.Handler.
type Endpoint struct {
	s            *Scenario
	clock        func() time.Time
	limiterClock func() time.Time
	latency      time.Duration
	inUseBy      map[string][]string // certificate ARN → ARNs of what uses it
	idx          *index
	stop         chan struct{}
	stopOnce     sync.Once

	mu         sync.Mutex
	calls      []Call
	faultsUsed []int
	limiters   map[string]*rate.Limiter
}

// New returns an endpoint serving s, which must have passed Validate (ParseScenario,
// LoadScenario and Embedded do that).
func New(s *Scenario, opts ...Option) *Endpoint {
	start := time.Now()
	e := &Endpoint{
		s:            s,
		clock:        func() time.Time { return start },
		limiterClock: time.Now,
		latency:      time.Duration(s.LatencyMS) * time.Millisecond,
		stop:         make(chan struct{}),
		faultsUsed:   make([]int, len(s.Faults)),
		limiters:     map[string]*rate.Limiter{},
	}
	for _, o := range opts {
		o(e)
	}
	e.inUseBy = inUseBy(s)
	e.idx = newIndex(s)
	return e
}

// Credentials are the static keys a scenario run uses for an account: the endpoint
// reads the account back from the access key id, as AWS maps a key to its account.
func Credentials(account string) (accessKeyID, secretAccessKey string) {
	return "AKID" + account, "envdiff-scenario-secret"
}

// Now is the time relative scenario times resolve against (WithClock).
func (e *Endpoint) Now() time.Time { return e.clock() }

// Scenario returns the scenario served, with defaults applied.
func (e *Endpoint) Scenario() *Scenario { return e.s }

// Calls returns every call so far, in order.
func (e *Endpoint) Calls() []Call {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]Call(nil), e.calls...)
}

// ResetCalls forgets the calls so far (fault counters keep counting).
func (e *Endpoint) ResetCalls() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.calls = nil
}

// Close releases calls hanging on a timeout fault.
func (e *Endpoint) Close() { e.stopOnce.Do(func() { close(e.stop) }) }

func (e *Endpoint) record(c Call) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.calls = append(e.calls, c)
}

// request is what the endpoint knows of one call once it is routed.
type request struct {
	ctx       context.Context
	http      *http.Request
	service   string
	operation string
	account   *Account // nil when the scenario lacks the account: empty answers
	accountID string
	region    string
	body      []byte
}

// apiError is an error answer, rendered in the service's own error shape.
type apiError struct {
	status  int
	code    string
	message string
	outcome string // default OutcomeError
}

// reply is a successful answer.
type reply struct {
	body   []byte
	header map[string]string
}

var credentialRe = regexp.MustCompile(`Credential=([^/,\s]+)/[0-9]{8}/([^/,\s]+)/([^/,\s]+)/aws4_request`)

var scopeServices = map[string]string{
	"acm":                  ServiceACM,
	"elasticloadbalancing": ServiceELBv2,
	"cloudfront":           ServiceCloudFront,
	"route53":              ServiceRoute53,
	"servicediscovery":     ServiceServiceDiscovery,
}

const maxBody = 1 << 20

func (e *Endpoint) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	req := &request{ctx: r.Context(), http: r}
	m := credentialRe.FindStringSubmatch(r.Header.Get("Authorization"))
	if m == nil {
		e.record(Call{Outcome: OutcomeBadRequest, At: time.Now()})
		writeXMLError(w, "", &apiError{status: http.StatusForbidden, code: "MissingAuthenticationToken", message: "Request is missing Authentication Token"})
		return
	}
	req.service = scopeServices[m[3]]
	req.region = m[2]
	if strings.HasPrefix(m[1], "AKID") {
		req.accountID = strings.TrimPrefix(m[1], "AKID")
	}
	req.account = e.s.Accounts[req.accountID]
	if req.service == ServiceCloudFront || req.service == ServiceRoute53 {
		req.region = GlobalRegion
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
	if err != nil {
		e.record(Call{Service: req.service, Account: req.accountID, Region: req.region, Outcome: OutcomeBadRequest, At: time.Now()})
		return
	}
	req.body = body
	svc := services[req.service]
	if svc == nil {
		e.record(Call{Service: m[3], Account: req.accountID, Region: req.region, Outcome: OutcomeBadRequest, At: time.Now()})
		writeXMLError(w, "", &apiError{status: http.StatusBadRequest, code: "UnrecognizedClientException", message: "no such service: " + m[3]})
		return
	}
	req.operation = svc.operation(r, body)
	call := Call{Service: req.service, Operation: req.operation, Account: req.accountID, Region: req.region, At: time.Now()}

	if !e.wait(req.ctx) {
		call.Outcome = OutcomeCancelled
		e.record(call)
		return
	}
	if f := e.fault(req); f != nil {
		call.Outcome = "fault:" + f.Kind
		e.record(call)
		e.serveFault(w, req, svc, f)
		return
	}
	if !e.allow(req) {
		call.Outcome = OutcomeThrottled
		e.record(call)
		svc.writeError(w, svc.throttle())
		return
	}
	handler := svc.handlers[req.operation]
	if handler == nil {
		call.Outcome = OutcomeUnknownOperation
		e.record(call)
		svc.writeError(w, svc.unknown(req.operation))
		return
	}
	rep, aerr := handler(e, req)
	if aerr != nil {
		call.Outcome = aerr.outcome
		if call.Outcome == "" {
			call.Outcome = OutcomeError
		}
		e.record(call)
		svc.writeError(w, aerr)
		return
	}
	call.Outcome = OutcomeOK
	e.record(call)
	writeReply(w, svc.contentType, rep, false)
}

func writeReply(w http.ResponseWriter, contentType string, rep *reply, truncate bool) {
	body := rep.body
	if truncate {
		body = body[:len(body)/2]
	}
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("X-Amzn-RequestId", requestID())
	for k, v := range rep.header {
		h.Set(k, v)
	}
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body)
}

// wait adds the scenario's latency, giving up when the caller does.
func (e *Endpoint) wait(ctx context.Context) bool {
	if e.latency <= 0 {
		return true
	}
	t := time.NewTimer(e.latency)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	case <-e.stop:
		return false
	}
}

// fault returns the first fault matching the call that still has calls to fail.
func (e *Endpoint) fault(req *request) *Fault {
	e.mu.Lock()
	defer e.mu.Unlock()
	for i := range e.s.Faults {
		f := &e.s.Faults[i]
		if f.Account != req.accountID || f.Service != req.service {
			continue
		}
		if f.Operation != "" && f.Operation != req.operation {
			continue
		}
		if f.Region != "" && f.Region != req.region {
			continue
		}
		if f.Times > 0 && e.faultsUsed[i] >= f.Times {
			continue
		}
		e.faultsUsed[i]++
		return f
	}
	return nil
}

func (e *Endpoint) serveFault(w http.ResponseWriter, req *request, svc *service, f *Fault) {
	switch f.Kind {
	case FaultThrottle:
		svc.writeError(w, svc.throttle())
	case FaultServerError:
		svc.writeError(w, svc.serverError())
	case FaultAccessDenied:
		svc.writeError(w, svc.accessDenied(req))
	case FaultTimeout:
		// Hang as a dead connection would, until the client gives up.
		select {
		case <-req.ctx.Done():
		case <-e.stop:
		}
	case FaultMalformed:
		handler := svc.handlers[req.operation]
		if handler == nil {
			writeReply(w, svc.contentType, &reply{body: []byte(`<?xml version="1.0"?><Response><Bro`)}, false)
			return
		}
		rep, aerr := handler(e, req)
		if aerr != nil || len(rep.body) < 2 {
			rep = &reply{body: []byte(`{"Truncat`)}
		}
		writeReply(w, svc.contentType, rep, true)
	}
}

// requestID is a random UUID, as AWS request ids are: two calls never share one.
func requestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}
