package collect_test

import (
	"context"
	"testing"

	"github.com/envdiff/envdiff/collect"
	"github.com/envdiff/envdiff/collect/awsfake"
)

// qa1 and qa2 share an account and credentials, so each service and region is read
// once; the environment that reuses the read must say whose it is, or the dashboard
// shows a bare "0 calls" that reads like a collector that did nothing.
func TestSharedReadEventsNameTheOwner(t *testing.T) {
	srv, envs := serve(t, seed(t), awsfake.WithoutLatency())
	type key struct{ service, region string }
	shared := map[string]map[key]string{} // env → collector → SharedWith on its done event
	opts := fastOptions(srv)
	opts.OnEvent = func(e collect.Event) {
		if e.Phase != collect.PhaseDone || e.Service == "" {
			return
		}
		if shared[e.Env] == nil {
			shared[e.Env] = map[key]string{}
		}
		shared[e.Env][key{e.Service, e.Region}] = e.SharedWith
	}
	collect.Collect(context.Background(), envs, opts)

	if len(shared["qa1"]) == 0 || len(shared["qa1"]) != len(shared["qa2"]) {
		t.Fatalf("qa1 and qa2 should report the same collectors: %v / %v", shared["qa1"], shared["qa2"])
	}
	for k, w1 := range shared["qa1"] {
		w2 := shared["qa2"][k]
		if !(w1 == "" && w2 == "qa1" || w1 == "qa2" && w2 == "") {
			t.Errorf("%v: qa1 shared with %q, qa2 with %q; want exactly one naming the other", k, w1, w2)
		}
	}
	for _, env := range []string{"staging", "production"} {
		for k, w := range shared[env] {
			if w != "" {
				t.Errorf("%s %v: shared with %q, but its account is its own", env, k, w)
			}
		}
	}
}
