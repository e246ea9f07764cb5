package probe

import (
	"context"
	"sync"
	"time"

	"github.com/envdiff/envdiff/collect"
)

// Run probes what snap says clients reach: a TLS handshake per host name and address,
// and an SRV lookup per service name. Probes run concurrently, at most
// opts.Concurrency at once, each bounded by opts.Timeout; cancelling ctx stops them
// and marks what did not run as unknown. Run never fails: a probe that cannot run is
// recorded as unknown with its reason. The result goes in snap.Probes.
func Run(ctx context.Context, snap *collect.Snapshot, opts Options) *collect.Probes {
	opts = opts.withDefaults()
	started := time.Now()
	out := &collect.Probes{StartedAt: started.UTC()}
	tlsT := tlsTargets(snap)
	srvT := srvTargets(snap)
	out.TLS = make([]collect.TLSProbe, len(tlsT))
	out.SRV = make([]collect.SRVProbe, len(srvT))

	resolver, resolverErr := opts.Resolver, error(nil)
	if resolver == "" && len(srvT) > 0 {
		resolver, resolverErr = defaultResolver()
	}
	out.Resolver = resolver

	total := len(tlsT) + len(srvT)
	var mu sync.Mutex
	done := 0
	emit := func(phase string, finished int) {
		if opts.OnEvent == nil {
			return
		}
		opts.OnEvent(collect.Event{Env: snap.Environment.Name, Service: collect.ServiceProbe, Phase: phase,
			Calls: finished, Items: total, Elapsed: time.Since(started)})
	}
	// progress runs after every probe; the lock serialises the callback as promised.
	progress := func() {
		mu.Lock()
		defer mu.Unlock()
		done++
		emit(collect.PhaseProgress, done)
	}
	emit(collect.PhaseStarted, 0)

	jobs := make(chan func(), opts.Concurrency)
	var wg sync.WaitGroup
	workers := min(opts.Concurrency, len(tlsT)+len(srvT))
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for job := range jobs {
				job()
				progress()
			}
		}()
	}
	for i, t := range tlsT {
		jobs <- func() {
			if ctx.Err() != nil {
				out.TLS[i] = collect.TLSProbe{Host: t.host, Address: t.address(), Uses: t.uses,
					Status: collect.ProbeUnknown, Error: "cancelled before it ran", ErrorKind: errKindCancelled}
				return
			}
			out.TLS[i] = probeTLS(ctx, t, opts)
		}
	}
	for i, t := range srvT {
		jobs <- func() {
			switch {
			case resolverErr != nil:
				out.SRV[i] = unknownSRV(t, resolverErr.Error(), errKindOther)
			case ctx.Err() != nil:
				out.SRV[i] = unknownSRV(t, "cancelled before it ran", errKindCancelled)
			case opts.Resolver == "" && t.privateZone != "":
				// This machine's resolver cannot see a VPC's private zone: its NXDOMAIN
				// would be a false failure, so the answer is unknown until a resolver
				// inside the VPC is configured.
				out.SRV[i] = unknownSRV(t, "in private zone "+t.privateZone+
					", which only a resolver inside its VPC answers for: set probe.resolver (e.g. 10.0.0.2:53) to probe it", errKindOther)
			default:
				out.SRV[i] = probeSRV(ctx, t, resolver, opts)
			}
		}
	}
	close(jobs)
	wg.Wait()
	out.Seconds = time.Since(started).Seconds()
	emit(collect.PhaseDone, done)
	return out
}

func unknownSRV(t srvTarget, msg, kind string) collect.SRVProbe {
	return collect.SRVProbe{Name: t.name, Sources: t.sources, Namespace: t.namespace, Service: t.service,
		Status: collect.ProbeUnknown, Error: msg, ErrorKind: kind}
}

// Attach probes every snapshot, environments side by side, and stores each result in
// its snapshot's Probes: what `--probe` does after collection. Each environment's
// probes are bounded by opts.Concurrency on their own.
func Attach(ctx context.Context, snaps []*collect.Snapshot, opts Options) {
	var wg sync.WaitGroup
	for _, s := range snaps {
		if s == nil {
			continue
		}
		wg.Go(func() { s.Probes = Run(ctx, s, opts) })
	}
	wg.Wait()
}
