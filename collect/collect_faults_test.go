package collect_test

import (
	"context"
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/envdiff/envdiff/collect"
	"github.com/envdiff/envdiff/collect/awsfake"
)

const prodAccount = "333333333333"

func TestFaultsAreRecordedAndOthersComplete(t *testing.T) {
	tests := []struct {
		name  string
		fault awsfake.Fault
		// wantKind is the recorded error kind; "" means the run must complete cleanly.
		wantKind, wantService, wantOp string
		// check inspects the production snapshot further.
		check func(t *testing.T, s *collect.Snapshot)
	}{
		{
			name:     "access denied on ELBv2 leaves the other services complete",
			fault:    awsfake.Fault{Account: prodAccount, Service: "elbv2", Kind: "access_denied"},
			wantKind: collect.ErrAccessDenied, wantService: collect.ServiceELBv2, wantOp: "DescribeLoadBalancers",
			check: func(t *testing.T, s *collect.Snapshot) {
				if len(s.Certificates) != 2 || len(s.Distributions) != 1 || len(s.HostedZones) != 2 || len(s.Namespaces) != 1 {
					t.Errorf("other services incomplete: %d certs, %d dists, %d zones, %d namespaces",
						len(s.Certificates), len(s.Distributions), len(s.HostedZones), len(s.Namespaces))
				}
				if !s.Failed(collect.ServiceELBv2, "eu-west-1") || s.Failed(collect.ServiceACM, "eu-west-1") {
					t.Error("Failed() must mark ELBv2 unknown and ACM known")
				}
			},
		},
		{
			name:  "throttled twice, then answered",
			fault: awsfake.Fault{Account: prodAccount, Service: "route53", Kind: "throttle", Times: 2},
			check: func(t *testing.T, s *collect.Snapshot) {
				for _, tm := range s.Timings {
					if tm.Service == collect.ServiceRoute53 && (tm.Throttle != 2 || tm.Retries != 2) {
						t.Errorf("route53 timing = %+v, want 2 throttled responses and 2 retries", tm)
					}
				}
				if len(s.HostedZones) != 2 {
					t.Errorf("zones = %d, want 2", len(s.HostedZones))
				}
			},
		},
		{
			name:     "a truncated body is recorded as malformed",
			fault:    awsfake.Fault{Account: prodAccount, Service: "cloudfront", Kind: "malformed"},
			wantKind: collect.ErrMalformed, wantService: collect.ServiceCloudFront, wantOp: "ListDistributions",
		},
		{
			name:     "server errors past the retries",
			fault:    awsfake.Fault{Account: prodAccount, Service: "servicediscovery", Kind: "server_error"},
			wantKind: collect.ErrServerError, wantService: collect.ServiceServiceDiscovery, wantOp: "ListNamespaces",
		},
		{
			name:     "access denied on one operation keeps the rest of the collector",
			fault:    awsfake.Fault{Account: prodAccount, Service: "acm", Operation: "DescribeCertificate", Region: "us-east-1", Kind: "access_denied"},
			wantKind: collect.ErrAccessDenied, wantService: collect.ServiceACM, wantOp: "DescribeCertificate",
			check: func(t *testing.T, s *collect.Snapshot) {
				if len(s.Certificates) != 1 || s.Certificates[0].Region != "eu-west-1" {
					t.Errorf("certificates = %+v, want eu-west-1's only", s.Certificates)
				}
				if s.Failed(collect.ServiceACM, "eu-west-1") || !s.Failed(collect.ServiceACM, "us-east-1") {
					t.Error("only ACM us-east-1 is unknown")
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := seed(t)
			s.Faults = []awsfake.Fault{tt.fault}
			srv, envs := serve(t, s, awsfake.WithoutLatency())
			snaps := collect.Collect(context.Background(), envs, fastOptions(srv))
			for _, other := range snaps[:3] {
				if !other.Complete() {
					t.Errorf("%s was hit by production's fault: %+v", other.Environment.Name, other.Errors)
				}
			}
			prod := byName(t, snaps, "production")
			if tt.wantKind == "" {
				if !prod.Complete() {
					t.Errorf("errors = %+v, want none", prod.Errors)
				}
			} else {
				if len(prod.Errors) != 1 {
					t.Fatalf("errors = %+v, want exactly one", prod.Errors)
				}
				e := prod.Errors[0]
				if e.Kind != tt.wantKind || e.Service != tt.wantService || e.Operation != tt.wantOp || e.Message == "" {
					t.Errorf("error = %+v, want %s on %s %s", e, tt.wantKind, tt.wantService, tt.wantOp)
				}
			}
			if tt.check != nil {
				tt.check(t, prod)
			}
		})
	}
}

func TestTimeoutIsRecordedWithinTheCallTimeout(t *testing.T) {
	s := seed(t)
	s.Faults = []awsfake.Fault{{Account: prodAccount, Service: "acm", Region: "eu-west-1", Kind: "timeout"}}
	srv, envs := serve(t, s, awsfake.WithoutLatency())
	opts := fastOptions(srv)
	opts.CallTimeout = 300 * time.Millisecond
	start := time.Now()
	snaps := collect.Collect(context.Background(), envs, opts)
	took := time.Since(start)
	// One timeout, not one per attempt: a hung call is not retried. (The time bound
	// is loose for loaded machines; the attempt count is the exact check.)
	if took > 10*opts.CallTimeout {
		t.Errorf("collection took %v with a %v per-call timeout", took, opts.CallTimeout)
	}
	prod := byName(t, snaps, "production")
	for _, tm := range prod.Timings {
		if tm.Service == collect.ServiceACM && tm.Region == "eu-west-1" && (tm.Calls != 1 || tm.Retries != 0) {
			t.Errorf("ACM eu-west-1 timing = %+v, want the one call that timed out, not retried", tm)
		}
	}
	if len(prod.Errors) != 1 || prod.Errors[0].Kind != collect.ErrTimeout || prod.Errors[0].Region != "eu-west-1" ||
		!strings.Contains(prod.Errors[0].Message, "per-call timeout") {
		t.Errorf("errors = %+v, want one timeout in ACM eu-west-1", prod.Errors)
	}
	if len(prod.Distributions) != 1 || len(prod.LoadBalancers) != 1 {
		t.Error("the other collectors must complete")
	}
}

// TestOnlyReadsAndOwnCredentials checks the endpoint's record: envdiff only reads, and
// each account is called with its own credentials and holds only its own resources.
func TestOnlyReadsAndOwnCredentials(t *testing.T) {
	srv, envs := serve(t, seed(t), awsfake.WithoutLatency())
	snaps := collect.Collect(context.Background(), envs, fastOptions(srv))
	calls := srv.Endpoint.Calls()
	if len(calls) == 0 {
		t.Fatal("the endpoint recorded no calls")
	}
	ops := map[string]bool{}
	accounts := map[string]bool{}
	for _, c := range calls {
		ops[c.Service+":"+c.Operation] = true
		accounts[c.Account] = true
		if !strings.HasPrefix(c.Operation, "List") && !strings.HasPrefix(c.Operation, "Describe") && !strings.HasPrefix(c.Operation, "Get") {
			t.Errorf("called %s %s: envdiff must only read", c.Service, c.Operation)
		}
		if c.Outcome != awsfake.OutcomeOK {
			t.Errorf("%s %s by %s in %s: outcome %s", c.Service, c.Operation, c.Account, c.Region, c.Outcome)
		}
	}
	if want := map[string]bool{"111111111111": true, "222222222222": true, "333333333333": true}; !reflect.DeepEqual(accounts, want) {
		t.Errorf("accounts calling = %v, want the scenario's three", accounts)
	}
	// The README's IAM policy lists exactly the operations called.
	policy := readmePolicyActions(t)
	for op := range ops {
		if !policy[op] {
			t.Errorf("called %s, which the README's IAM policy does not allow", op)
		}
	}
	for op := range policy {
		// Only for custom origin request policies, which seed-502 does not use.
		if !ops[op] && op != "cloudfront:GetOriginRequestPolicy" {
			t.Errorf("the README's IAM policy allows %s, which envdiff never calls", op)
		}
	}
	for _, s := range snaps {
		acct := s.Environment.Account
		for _, c := range s.Certificates {
			if !strings.Contains(c.ARN, ":"+acct+":") {
				t.Errorf("%s holds certificate %s of another account", s.Environment.Name, c.ARN)
			}
		}
		for _, lb := range s.LoadBalancers {
			if !strings.Contains(lb.ARN, ":"+acct+":") {
				t.Errorf("%s holds load balancer %s of another account", s.Environment.Name, lb.ARN)
			}
		}
	}
}

// TestPaginationReadsEveryPage collects with one item per page and expects the same
// snapshot as with full pages.
func TestPaginationReadsEveryPage(t *testing.T) {
	// One clock for both endpoints: relative certificate dates ("-180d") resolved a
	// second apart made the snapshots differ when the run crossed a second boundary.
	now := time.Now()
	clock := awsfake.WithClock(func() time.Time { return now })
	full := seed(t)
	srvFull, envs := serve(t, full, awsfake.WithoutLatency(), clock)
	want := collect.Collect(context.Background(), envs, fastOptions(srvFull))

	paged := seed(t)
	paged.PageSize = 1
	srvPaged, envs := serve(t, paged, awsfake.WithoutLatency(), clock)
	got := collect.Collect(context.Background(), envs, fastOptions(srvPaged))

	for i := range want {
		a, b := comparable(t, want[i]), comparable(t, got[i])
		if a != b {
			t.Errorf("%s differs with one item per page:\nfull  %s\npaged %s", want[i].Environment.Name, a, b)
		}
	}
	calls := func(snaps []*collect.Snapshot) (n int) {
		for _, s := range snaps {
			for _, tm := range s.Timings {
				n += tm.Calls
			}
		}
		return n
	}
	if calls(got) <= calls(want) {
		t.Errorf("paged run made %d calls, full run %d: pagination was not exercised", calls(got), calls(want))
	}
}

// readmePolicyActions reads the actions of the README's IAM policy, named as the
// endpoint records calls (elasticloadbalancing is elbv2 there).
func readmePolicyActions(t *testing.T) map[string]bool {
	t.Helper()
	data, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(data), "\n## IAM policy\n")
	if !ok {
		t.Fatal("README has no IAM policy section")
	}
	_, block, _ := strings.Cut(section, "```json\n")
	block, _, _ = strings.Cut(block, "```")
	var policy struct {
		Statement []struct {
			Effect string
			Action []string
		}
	}
	if err := json.Unmarshal([]byte(block), &policy); err != nil {
		t.Fatalf("README IAM policy: %v", err)
	}
	out := map[string]bool{}
	for _, st := range policy.Statement {
		if st.Effect != "Allow" {
			t.Errorf("statement effect %q", st.Effect)
		}
		for _, a := range st.Action {
			out[strings.Replace(a, "elasticloadbalancing:", "elbv2:", 1)] = true
		}
	}
	return out
}

// comparable renders a snapshot without what differs between runs (time, timings).
func comparable(t *testing.T, s *collect.Snapshot) string {
	t.Helper()
	c := *s
	c.CollectedAt, c.Timings = time.Time{}, nil
	data, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
