package diff

import (
	"fmt"
	"testing"

	"github.com/envdiff/envdiff/collect"
)

// bigSnapshot builds an environment of n services, each a domain → distribution
// (three behaviours, an S3 and an ALB origin) → ALB (HTTPS + HTTP listeners, a
// certificate, a target group) with its DNS records, and a Cloud Map service per ten:
// about 16 nodes per service. The first ten domains are entry domains; the rest are
// matched by name, as resources no walk reaches are.
func bigSnapshot(name, role, account string, n int) *collect.Snapshot {
	const r = "eu-west-1"
	dom := name + ".mydomain.com"
	s := snapshot(name, role, account, nil, []string{name})
	wild := certARN(r, account, name+"-wildcard")
	s.Certificates = append(s.Certificates, cert(wild, "*."+dom))
	z := zone(dom, false)
	for i := 0; i < n; i++ {
		svc := fmt.Sprintf("svc%d", i)
		host := svc + "." + dom
		if i < 10 {
			s.Environment.Domains = append(s.Environment.Domains, host)
		}
		vc := certARN("us-east-1", account, name+"-"+svc)
		s.Certificates = append(s.Certificates, cert(vc, host))
		lb := alb(name+"-"+svc, r, account, []string{"healthy", "healthy"}, wild)
		s.LoadBalancers = append(s.LoadBalancers, lb)
		d := dist(fmt.Sprintf("E%s%d", name, i), vc, lb.DNSName, host)
		s.Distributions = append(s.Distributions, d)
		z.Records = append(z.Records, aliasRec(host, d.DomainName), aliasRec("api-"+host, "dualstack."+lb.DNSName))
		if i%10 == 0 {
			ns, nz := cloudMap(svc+"."+name+".local", r, "task-a=10.0.0.1:8080", "task-b=10.0.0.2:8080")
			s.Namespaces = append(s.Namespaces, ns)
			s.HostedZones = append(s.HostedZones, nz)
		}
	}
	s.HostedZones = append(s.HostedZones, z)
	return s
}

func bigEnvs(n int) []*collect.Snapshot {
	return []*collect.Snapshot{
		bigSnapshot("qa1", collect.RolePassed, "111111111111", n),
		bigSnapshot("qa2", collect.RolePassed, "111111111112", n),
		bigSnapshot("staging", collect.RolePassed, "222222222222", n),
		bigSnapshot("prod", collect.RoleTarget, "333333333333", n),
	}
}

// BenchmarkAnalyze is the performance issue's case: four environments of about 20 000
// nodes each.
func BenchmarkAnalyze(b *testing.B) {
	snaps := bigEnvs(1250)
	b.ReportMetric(float64(len(buildGraph(snaps[0], testOpts()).nodes)), "nodes/env")
	b.ResetTimer()
	for b.Loop() {
		if _, err := Analyze(snaps, testOpts()); err != nil {
			b.Fatal(err)
		}
	}
}

// TestAnalyzeScales guards against quadratic work: a tenth of the benchmark's size must
// analyse quickly and cleanly (every generated environment is healthy and alike).
func TestAnalyzeScales(t *testing.T) {
	snaps := bigEnvs(125)
	res := analyze(t, snaps, testOpts())
	for _, f := range res.Findings {
		t.Errorf("finding in identical healthy environments: %s %s %s: %s", f.Check, f.Env, f.Node, f.Message)
		break
	}
}
