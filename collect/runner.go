package collect

import (
	"cmp"
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	sd "github.com/aws/aws-sdk-go-v2/service/servicediscovery"
)

// Collect snapshots every environment at once: all environments × services × regions
// run concurrently, paced by token buckets shared per account. It returns one snapshot
// per environment, in order, and never fails: whatever could not be read is recorded
// in the snapshot's Errors, and the rest is complete.
func Collect(ctx context.Context, envs []Environment, opts Options) []*Snapshot {
	c := NewCollector(opts)
	defer c.Close()
	return c.Collect(ctx, envs, opts.OnEvent)
}

// Collector collects again and again (the dashboard's polls) with what is worth
// keeping between runs: each environment's credentials and clients' configuration
// (no AssumeRole per poll), the token buckets' state, and the connection pool.
type Collector struct {
	opts      Options
	gate      *callGate
	http      aws.HTTPClient
	transport *http.Transport // ours to close; nil when the caller gave the client

	mu       sync.Mutex
	sessions map[sessionKey]*session
}

// NewCollector prepares collections with opts (OnEvent is ignored: Collect takes it).
func NewCollector(opts Options) *Collector {
	o := opts.withDefaults()
	c := &Collector{
		opts:     o,
		gate:     &callGate{pacer: newPacer(o.Limits), sem: make(chan struct{}, o.Concurrency), timeout: o.CallTimeout},
		http:     o.HTTPClient,
		sessions: map[sessionKey]*session{},
	}
	if c.http == nil {
		// The SDK's transport settings, with a pool sized for the run.
		c.transport = awshttp.NewBuildableClient().GetTransport()
		c.transport.MaxIdleConns = 2 * o.Concurrency
		c.transport.MaxIdleConnsPerHost = o.Concurrency
		c.http = &http.Client{Transport: c.transport}
	}
	return c
}

// Close releases the idle connections, so that nothing outlives the collector (a local
// endpoint's shutdown would otherwise wait for them).
func (c *Collector) Close() {
	if c.transport != nil {
		c.transport.CloseIdleConnections()
	}
}

// Collect snapshots envs as the package-level Collect does; onEvent (may be nil)
// receives this run's progress, one call at a time.
func (c *Collector) Collect(ctx context.Context, envs []Environment, onEvent func(Event)) []*Snapshot {
	r := &runner{Collector: c, onEvent: onEvent}
	snaps := make([]*Snapshot, len(envs))
	var wg sync.WaitGroup
	for i, env := range envs {
		wg.Go(func() { snaps[i] = r.collectEnv(ctx, env) })
	}
	wg.Wait()
	return snaps
}

// session returns the environment's session, creating it on first use. Failures are
// not kept: the next poll tries again (the user may have run aws sso login since).
func (c *Collector) session(ctx context.Context, env Environment) (*session, error) {
	key := sessionKeyOf(env)
	c.mu.Lock()
	s := c.sessions[key]
	c.mu.Unlock()
	if s != nil {
		return s, nil
	}
	s, err := newSession(ctx, env, c.opts, c.http)
	if err != nil {
		return nil, err
	}
	s.key = key
	c.mu.Lock()
	defer c.mu.Unlock()
	if prev := c.sessions[key]; prev != nil {
		return prev, nil
	}
	c.sessions[key] = s
	return s, nil
}

// sessionKey is what makes an environment's credentials: a changed profile or role
// gets a new session.
type sessionKey struct {
	name, account, profile, roleARN, externalID, sessionName, accessKeyID, secret string
}

func sessionKeyOf(env Environment) sessionKey {
	return sessionKey{env.Name, env.Account, env.Profile, env.RoleARN, env.ExternalID, env.SessionName, env.AccessKeyID, env.SecretAccessKey}
}

// runner is one Collect call.
type runner struct {
	*Collector
	onEvent func(Event)
	emitMu  sync.Mutex

	sharedMu sync.Mutex
	tasks    map[sharedKey]*sharedTask
}

// sharedKey identifies what a collector reads: the same service and region through
// the same credentials read the same thing, whichever environment asks.
type sharedKey struct {
	identity        sessionKey // without the environment's name
	service, region string
}

type sharedTask struct {
	done  chan struct{}
	owner string
	res   result
}

// shared runs a collector once per identity, service and region in this Collect call:
// environments sharing an account (qa1 and qa2) then cost AWS one read, not two, and
// stay within the account's quotas sooner.
func (r *runner) shared(ctx context.Context, sess *session, envName string, t task) result {
	if r.opts.SeparateReads {
		return r.runTask(ctx, sess, envName, t)
	}
	key := sharedKey{identity: sess.key, service: t.service, region: t.region}
	key.identity.name = ""
	r.sharedMu.Lock()
	if r.tasks == nil {
		r.tasks = map[sharedKey]*sharedTask{}
	}
	st, running := r.tasks[key]
	if !running {
		st = &sharedTask{done: make(chan struct{}), owner: envName}
		r.tasks[key] = st
	}
	r.sharedMu.Unlock()
	if !running {
		res := r.runTask(ctx, sess, envName, t)
		// The owner's snapshot is sorted in place; the waiters copy a pristine one.
		st.res = res.clone()
		st.res.timing = res.timing
		close(st.done)
		return res
	}

	j := &job{env: envName, service: t.service, region: t.region, start: time.Now()}
	emit := func(e Event) {
		e.SharedWith = st.owner
		r.emit(e)
	}
	emit(j.event(PhaseStarted, nil))
	<-st.done
	res := st.res.clone()
	res.timing = Timing{
		Service: t.service, Region: t.region, Seconds: time.Since(j.start).Seconds(),
		Items: st.res.timing.Items, SharedWith: st.owner,
	}
	j.items.Store(int64(res.timing.Items))
	if len(res.errs) > 0 {
		emit(j.event(PhaseFailed, &res.errs[0]))
	} else {
		emit(j.event(PhaseDone, nil))
	}
	return res
}

func (r *runner) emit(e Event) {
	if r.onEvent == nil {
		return
	}
	r.emitMu.Lock()
	defer r.emitMu.Unlock()
	r.onEvent(e)
}

// task is one collector to run: a service in a region.
type task struct{ service, region string }

// plan lists an environment's collectors: global services once (us-east-1), ACM in
// every region of the environment plus us-east-1 for CloudFront's certificates, and
// the regional services in each region.
func (r *runner) plan(env Environment) []task {
	regions := uniq(env.Regions)
	if len(regions) == 0 {
		regions = []string{GlobalRegion}
	}
	var out []task
	for _, svc := range r.opts.Services {
		switch svc {
		case ServiceRoute53, ServiceCloudFront:
			out = append(out, task{svc, GlobalRegion})
		case ServiceACM:
			for _, reg := range uniq(append(slices.Clone(regions), GlobalRegion)) {
				out = append(out, task{svc, reg})
			}
		case ServiceELBv2, ServiceServiceDiscovery:
			for _, reg := range regions {
				out = append(out, task{svc, reg})
			}
		}
	}
	return out
}

// uniq drops repeated and empty entries, keeping the first order.
func uniq(list []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, v := range list {
		if v != "" && !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

// clone copies a result deeply, so that snapshots sharing a read share no memory
// (a consumer sorting one snapshot in place must not reorder another).
func (res result) clone() result {
	var out result
	out.certs = cloneJSON(res.certs)
	out.lbs = cloneJSON(res.lbs)
	out.dists = cloneJSON(res.dists)
	out.zones = cloneJSON(res.zones)
	out.spaces = cloneJSON(res.spaces)
	out.errs = slices.Clone(res.errs)
	return out
}

// cloneJSON deep-copies plain snapshot data through its JSON form, which is by
// contract lossless for it.
func cloneJSON[T any](in []T) []T {
	if in == nil {
		return nil
	}
	data, err := json.Marshal(in)
	if err != nil {
		return slices.Clone(in)
	}
	var out []T
	if err := json.Unmarshal(data, &out); err != nil {
		return slices.Clone(in)
	}
	return out
}

// result is what one collector read.
type result struct {
	certs  []Certificate
	lbs    []LoadBalancer
	dists  []Distribution
	zones  []HostedZone
	spaces []Namespace
	errs   []CollectError
	timing Timing
}

func (r *runner) collectEnv(ctx context.Context, env Environment) *Snapshot {
	recorded := env
	recorded.AccessKeyID, recorded.SecretAccessKey = "", ""
	snap := &Snapshot{
		Schema:        SchemaVersion,
		Environment:   recorded,
		CollectedAt:   r.opts.Now().UTC(),
		Certificates:  []Certificate{},
		LoadBalancers: []LoadBalancer{},
		Distributions: []Distribution{},
		HostedZones:   []HostedZone{},
		Namespaces:    []Namespace{},
		Errors:        []CollectError{},
		Timings:       []Timing{},
	}
	start := time.Now()
	r.emit(Event{Env: env.Name, Phase: PhaseStarted})
	sess, err := r.session(ctx, env)
	if err != nil {
		ce := CollectError{Kind: ErrCredentials, Message: err.Error()}
		snap.Errors = append(snap.Errors, ce)
		r.emit(Event{Env: env.Name, Phase: PhaseFailed, Elapsed: time.Since(start), Err: &ce})
		return snap
	}

	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, t := range r.plan(env) {
		wg.Go(func() {
			res := r.shared(ctx, sess, env.Name, t)
			mu.Lock()
			defer mu.Unlock()
			snap.Certificates = append(snap.Certificates, res.certs...)
			snap.LoadBalancers = append(snap.LoadBalancers, res.lbs...)
			snap.Distributions = append(snap.Distributions, res.dists...)
			snap.HostedZones = append(snap.HostedZones, res.zones...)
			snap.Namespaces = append(snap.Namespaces, res.spaces...)
			snap.Errors = append(snap.Errors, res.errs...)
			snap.Timings = append(snap.Timings, res.timing)
		})
	}
	wg.Wait()
	sortSnapshot(snap)
	r.emit(Event{Env: env.Name, Phase: PhaseDone, Elapsed: time.Since(start)})
	return snap
}

func (r *runner) runTask(ctx context.Context, sess *session, envName string, t task) result {
	j := &job{env: envName, service: t.service, region: t.region, start: time.Now(), emit: r.emit}
	r.emit(j.event(PhaseStarted, nil))
	ctx = withJob(ctx, j)
	errs := newErrorSet(t.service, t.region)
	ps := r.opts.PageSizes
	var res result
	switch t.service {
	case ServiceACM:
		res.certs = collectACM(ctx, acm.NewFromConfig(sess.cfg, func(o *acm.Options) {
			o.Region, o.BaseEndpoint = t.region, r.endpoint()
			o.APIOptions = append(o.APIOptions, r.gate.middleware(sess.account, t.region, t.service))
		}), t.region, ps.ACM, errs)
	case ServiceELBv2:
		res.lbs = collectELBv2(ctx, elb.NewFromConfig(sess.cfg, func(o *elb.Options) {
			o.Region, o.BaseEndpoint = t.region, r.endpoint()
			o.APIOptions = append(o.APIOptions, r.gate.middleware(sess.account, t.region, t.service))
		}), t.region, ps.ELBv2, errs)
	case ServiceCloudFront:
		res.dists = collectCloudFront(ctx, cloudfront.NewFromConfig(sess.cfg, func(o *cloudfront.Options) {
			o.Region, o.BaseEndpoint = t.region, r.endpoint()
			o.APIOptions = append(o.APIOptions, r.gate.middleware(sess.account, t.region, t.service))
		}), ps.CloudFront, errs)
	case ServiceRoute53:
		res.zones = collectRoute53(ctx, route53.NewFromConfig(sess.cfg, func(o *route53.Options) {
			o.Region, o.BaseEndpoint = t.region, r.endpoint()
			o.APIOptions = append(o.APIOptions, r.gate.middleware(sess.account, t.region, t.service))
		}), ps.Route53Zones, ps.Route53Records, errs)
	case ServiceServiceDiscovery:
		res.spaces = collectCloudMap(ctx, sd.NewFromConfig(sess.cfg, func(o *sd.Options) {
			o.Region, o.BaseEndpoint = t.region, r.endpoint()
			o.APIOptions = append(o.APIOptions, r.gate.middleware(sess.account, t.region, t.service))
		}), t.region, ps.CloudMap, errs)
	}
	res.errs = errs.list
	res.timing = Timing{
		Service: t.service, Region: t.region, Seconds: time.Since(j.start).Seconds(),
		Calls: int(j.calls.Load()), Items: int(j.items.Load()),
		Retries: int(j.retries.Load()), Throttle: int(j.throttled.Load()),
	}
	if len(res.errs) > 0 {
		r.emit(j.event(PhaseFailed, &res.errs[0]))
	} else {
		r.emit(j.event(PhaseDone, nil))
	}
	return res
}

func (r *runner) endpoint() *string {
	if r.opts.Endpoint == "" {
		return nil
	}
	return aws.String(r.opts.Endpoint)
}

// sortSnapshot puts a snapshot in one canonical order, so that two collections of the
// same environment compare equal whatever order the goroutines finished in.
func sortSnapshot(s *Snapshot) {
	slices.SortFunc(s.Certificates, func(a, b Certificate) int {
		return cmp.Or(cmp.Compare(a.Region, b.Region), cmp.Compare(a.ARN, b.ARN))
	})
	slices.SortFunc(s.LoadBalancers, func(a, b LoadBalancer) int {
		return cmp.Or(cmp.Compare(a.Region, b.Region), cmp.Compare(a.Name, b.Name), cmp.Compare(a.ARN, b.ARN))
	})
	for i := range s.LoadBalancers {
		lb := &s.LoadBalancers[i]
		slices.SortFunc(lb.Listeners, func(a, b Listener) int {
			return cmp.Or(cmp.Compare(a.Port, b.Port), cmp.Compare(a.ARN, b.ARN))
		})
		slices.SortFunc(lb.TargetGroups, func(a, b TargetGroup) int {
			return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.ARN, b.ARN))
		})
	}
	slices.SortFunc(s.Distributions, func(a, b Distribution) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(s.HostedZones, func(a, b HostedZone) int {
		return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
	})
	slices.SortFunc(s.Namespaces, func(a, b Namespace) int {
		return cmp.Or(cmp.Compare(a.Region, b.Region), cmp.Compare(a.Name, b.Name))
	})
	slices.SortFunc(s.Errors, func(a, b CollectError) int {
		return cmp.Or(cmp.Compare(a.Service, b.Service), cmp.Compare(a.Region, b.Region), cmp.Compare(a.Operation, b.Operation))
	})
	slices.SortFunc(s.Timings, func(a, b Timing) int {
		return cmp.Or(cmp.Compare(a.Service, b.Service), cmp.Compare(a.Region, b.Region))
	})
}
