package diff

import (
	"strings"
	"testing"

	"github.com/envdiff/envdiff/collect"
)

// A snapshot can be hand-edited or come from a newer envdiff: empty, odd and looping
// values must produce findings or nothing, never a panic.
func TestHostileSnapshotsDoNotPanic(t *testing.T) {
	odd := func() *collect.Snapshot {
		s := goodProd()
		s.Environment.Domains = append(s.Environment.Domains, "", "loop.mydomain.com", "\x1b[31mred.mydomain.com")
		z := zoneNamed(s, "mydomain.com")
		z.Records = append(z.Records,
			collect.Record{Name: "loop.mydomain.com", Type: "CNAME", Values: []string{"loop2.mydomain.com"}},
			collect.Record{Name: "loop2.mydomain.com", Type: "CNAME", Values: []string{"LOOP.mydomain.com."}},
			collect.Record{Name: "", Type: "CNAME"},
			collect.Record{Name: "srv.mydomain.com", Type: "SRV", Values: []string{"not an srv value"}})
		d := &s.Distributions[0]
		d.Behaviors = append(d.Behaviors, collect.Behavior{PathPattern: "/ghost/*", TargetOriginID: "nope"})
		d.Origins = append(d.Origins, collect.Origin{ID: "empty"})
		d.ViewerCertificate = collect.ViewerCertificate{ACMCertificateARN: "not-an-arn"}
		lb := &s.LoadBalancers[0]
		lb.Listeners = append(lb.Listeners, collect.Listener{Port: 443, Protocol: "HTTPS"},
			collect.Listener{Protocol: "TLS", Certificates: []collect.ListenerCertificate{{ARN: ""}},
				DefaultActions: []collect.Action{{Type: "forward", TargetGroupARNs: []string{"ghost"}}, {Type: "redirect"}, {Type: "fixed-response"}}})
		s.Namespaces = append(s.Namespaces, collect.Namespace{Name: "", Services: []collect.Service{{}}})
		s.Certificates = append(s.Certificates, collect.Certificate{})
		return s
	}
	tests := []struct {
		name  string
		snaps func() []*collect.Snapshot
	}{
		{"empty snapshots", func() []*collect.Snapshot {
			return []*collect.Snapshot{
				{Environment: collect.Environment{Name: "a", Role: collect.RolePassed}},
				{Environment: collect.Environment{Name: "b", Role: collect.RoleTarget}},
			}
		}},
		{"odd values in the target", func() []*collect.Snapshot {
			s := seed502()
			s[3] = odd()
			return s
		}},
		{"odd values in a baseline", func() []*collect.Snapshot {
			s := seed502()
			o := odd()
			o.Environment.Name, o.Environment.Role = "odd", collect.RolePassed
			return append(s, o)
		}},
		{"whole environment failed", func() []*collect.Snapshot {
			s := seed502()
			s[3] = snapshot("production", collect.RoleTarget, "333333333333", []string{"mydomain.com"}, nil)
			s[3].Errors = []collect.CollectError{{Kind: collect.ErrCredentials, Message: "no credentials"}}
			return s
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			snaps := tt.snaps()
			res := analyze(t, snaps, testOpts())
			for _, s := range snaps {
				Paths(s, testOpts())
			}
			if tt.name == "whole environment failed" {
				for _, f := range res.Findings {
					if f.Env == "production" && f.Check != CheckCollectionIncomplete {
						t.Errorf("finding over an environment that could not be read: %s %s", f.Check, f.Node)
					}
				}
			}
		})
	}
}

func TestResolveStopsAtALoop(t *testing.T) {
	s := goodProd()
	z := zoneNamed(s, "mydomain.com")
	z.Records = append(z.Records,
		collect.Record{Name: "loop.mydomain.com", Type: "CNAME", Values: []string{"loop2.mydomain.com"}},
		collect.Record{Name: "loop2.mydomain.com", Type: "CNAME", Values: []string{"LOOP.mydomain.com."}})
	res := buildGraph(s, testOpts()).resolve("loop.mydomain.com")
	if res.kind != resMissing || !strings.Contains(res.note, "loop back to loop.mydomain.com") {
		t.Errorf("resolve = %s (%s)", res.kind, res.note)
	}
}
