package diff

import (
	"strings"
	"testing"

	"github.com/envdiff/envdiff/collect"
)

// goodProd is seed-502's production fixed the way the incident's fix does: an SNI
// certificate for the apex on the ALB. Every check holds on it.
func goodProd() *collect.Snapshot {
	s := seed502()[3]
	apex := certARN("eu-west-1", "333333333333", "prod-apex")
	s.Certificates = append(s.Certificates, cert(apex, "mydomain.com"))
	l := &s.LoadBalancers[0].Listeners[0]
	l.Certificates = append(l.Certificates, collect.ListenerCertificate{ARN: apex})
	return s
}

func coreBehaviour(s *collect.Snapshot) *collect.Behavior { return &s.Distributions[0].Behaviors[1] }
func coreOrigin(s *collect.Snapshot) *collect.Origin      { return &s.Distributions[0].Origins[1] }
func dropSNI(s *collect.Snapshot) {
	l := &s.LoadBalancers[0].Listeners[0]
	l.Certificates = l.Certificates[:1]
}

func zoneNamed(s *collect.Snapshot, name string) *collect.HostedZone {
	for i := range s.HostedZones {
		if s.HostedZones[i].Name == name {
			return &s.HostedZones[i]
		}
	}
	panic("test fixture has no zone " + name)
}

func certNamed(s *collect.Snapshot, id string) *collect.Certificate {
	for i := range s.Certificates {
		if strings.HasSuffix(s.Certificates[i].ARN, "/"+id) {
			return &s.Certificates[i]
		}
	}
	panic("test fixture has no certificate " + id)
}

func runCheck(t *testing.T, id string, s *collect.Snapshot) []outcome {
	t.Helper()
	for _, d := range checkTable() {
		if d.info.ID == id && d.run != nil {
			return d.run(buildGraph(s, testOpts()))
		}
	}
	t.Fatalf("no evaluated check %q", id)
	return nil
}

func TestEveryCheckHoldsOnAGoodEnvironment(t *testing.T) {
	for _, d := range checkTable() {
		if d.run == nil {
			continue
		}
		for _, o := range d.run(buildGraph(goodProd(), testOpts())) {
			if o.fail {
				t.Errorf("%s fails on the good environment at %s: %s", d.info.ID, o.node, o.message)
			}
		}
	}
}

func TestChecks(t *testing.T) {
	const (
		hold = iota // an outcome exists at the node, and none fails
		fail        // an outcome fails at the node with the message
		none        // nothing is said at the node (unknown, or out of scope)
	)
	tests := []struct {
		check  string
		name   string
		mutate func(s *collect.Snapshot)
		want   int
		at     string // node substring the outcome is looked for at ("" = any)
		msg    string // substring of the failure message
		sev    Severity
	}{
		// origin-cert-covers-host
		{CheckOriginCertCoversHost, "seed-502: the wildcard does not cover the apex", dropSNI, fail, "/core/*",
			"CloudFront validates the origin certificate against mydomain.com; the listener serves *.mydomain.com, which does not cover the apex", 0},
		{CheckOriginCertCoversHost, "an SNI certificate covering the apex holds", func(*collect.Snapshot) {}, hold, "/core/*", "", 0},
		{CheckOriginCertCoversHost, "Host not forwarded: the origin's own name is validated",
			func(s *collect.Snapshot) { coreBehaviour(s).ForwardsHost = false }, fail, "/core/*",
			"against prod-core-1234567890.eu-west-1.elb.amazonaws.com", 0},
		{CheckOriginCertCoversHost, "Host not forwarded, origin named under the wildcard", func(s *collect.Snapshot) {
			dropSNI(s)
			coreBehaviour(s).ForwardsHost = false
			coreOrigin(s).DomainName = "origin.mydomain.com"
			z := zoneNamed(s, "mydomain.com")
			z.Records = append(z.Records, collect.Record{Name: "origin.mydomain.com", Type: "CNAME", Values: []string{lbDNS("prod-core", "eu-west-1")}})
		}, hold, "/core/*", "", 0},
		{CheckOriginCertCoversHost, "match-viewer with an HTTPS viewer uses HTTPS", func(s *collect.Snapshot) {
			dropSNI(s)
			coreOrigin(s).ProtocolPolicy = "match-viewer"
		}, fail, "/core/*", "does not cover the apex", 0},
		{CheckOriginCertCoversHost, "match-viewer with an HTTP-only viewer uses HTTP", func(s *collect.Snapshot) {
			dropSNI(s)
			coreOrigin(s).ProtocolPolicy = "match-viewer"
			coreBehaviour(s).ViewerProtocolPolicy = "http-only"
		}, hold, "/core/*", "", 0},
		{CheckOriginCertCoversHost, "http-only origin validates no certificate", func(s *collect.Snapshot) {
			dropSNI(s)
			coreOrigin(s).ProtocolPolicy = "http-only"
		}, hold, "/core/*", "", 0},
		{CheckOriginCertCoversHost, "an alias two labels under the wildcard", func(s *collect.Snapshot) {
			s.Distributions[0].Aliases = append(s.Distributions[0].Aliases, "x.api.mydomain.com")
		}, fail, "/core/*", "which covers one label only, not x.api.mydomain.com", 0},
		{CheckOriginCertCoversHost, "upper-case alias with a trailing dot", func(s *collect.Snapshot) {
			s.Distributions[0].Aliases = []string{"MyDomain.COM.", "www.mydomain.com"}
		}, hold, "/core/*", "", 0},
		{CheckOriginCertCoversHost, "origin in upper case with the dualstack prefix still reaches the ALB", func(s *collect.Snapshot) {
			dropSNI(s)
			coreOrigin(s).DomainName = "DUALSTACK.PROD-CORE-1234567890.EU-WEST-1.ELB.AMAZONAWS.COM."
		}, fail, "/core/*", "does not cover the apex", 0},
		{CheckOriginCertCoversHost, "no HTTPS listener on the origin's HTTPS port",
			func(s *collect.Snapshot) { coreOrigin(s).HTTPSPort = 8443 }, fail, "/core/*", "has no HTTPS listener on that port", 0},
		{CheckOriginCertCoversHost, "certificates unreadable: unknown, not failing", func(s *collect.Snapshot) {
			dropSNI(s)
			s.Certificates = s.Certificates[:1]
			s.Errors = []collect.CollectError{{Service: collect.ServiceACM, Region: "eu-west-1", Kind: collect.ErrAccessDenied}}
		}, none, "/core/*", "", 0},

		// viewer-cert-covers-aliases
		{CheckViewerCertCoversAliases, "the certificate covers every alias", func(*collect.Snapshot) {}, hold, "", "", 0},
		{CheckViewerCertCoversAliases, "an alias the certificate lacks", func(s *collect.Snapshot) {
			s.Distributions[0].Aliases = append(s.Distributions[0].Aliases, "shop.mydomain.com")
		}, fail, "", "viewers of shop.mydomain.com fail", 0},
		{CheckViewerCertCoversAliases, "CloudFront's default certificate with aliases", func(s *collect.Snapshot) {
			s.Distributions[0].ViewerCertificate = collect.ViewerCertificate{CloudFrontDefault: true}
		}, fail, "", "*.cloudfront.net", 0},

		// viewer-cert-region
		{CheckViewerCertRegion, "ACM certificate in us-east-1", func(*collect.Snapshot) {}, hold, "", "", 0},
		{CheckViewerCertRegion, "ACM certificate in eu-west-1", func(s *collect.Snapshot) {
			arn := certARN("eu-west-1", "333333333333", "prod-cf-eu")
			s.Certificates = append(s.Certificates, cert(arn, "mydomain.com", "mydomain.com", "www.mydomain.com"))
			s.Distributions[0].ViewerCertificate.ACMCertificateARN = arn
		}, fail, "", "from eu-west-1; CloudFront accepts only certificates in us-east-1", 0},

		// listener-cert-region
		{CheckListenerCertRegion, "certificates of the ALB's region and account", func(*collect.Snapshot) {}, hold, "", "", 0},
		{CheckListenerCertRegion, "a us-east-1 certificate on an eu-west-1 ALB", func(s *collect.Snapshot) {
			s.LoadBalancers[0].Listeners[0].Certificates[0].ARN = certARN("us-east-1", "333333333333", "prod-cf")
		}, fail, "certificate default", "can only serve certificates of its own region", 0},
		{CheckListenerCertRegion, "a certificate of another account", func(s *collect.Snapshot) {
			s.LoadBalancers[0].Listeners[0].Certificates[0].ARN = certARN("eu-west-1", "999999999999", "x")
		}, fail, "certificate default", "of account 999999999999", 0},

		// listener-cert-covers-dns
		{CheckListenerCertCoversDNS, "a name under the wildcard", func(*collect.Snapshot) {}, hold, "app.mydomain.com", "", 0},
		{CheckListenerCertCoversDNS, "a name of another domain aliases to the ALB", func(s *collect.Snapshot) {
			s.HostedZones = append(s.HostedZones, zone("other.org", false, aliasRec("api.other.org", "dualstack."+lbDNS("prod-core", "eu-west-1"))))
		}, fail, "api.other.org", "api.other.org points at load balancer prod-core", 0},
		{CheckListenerCertCoversDNS, "a CNAME chain two labels under the wildcard", func(s *collect.Snapshot) {
			z := zoneNamed(s, "mydomain.com")
			z.Records = append(z.Records, collect.Record{Name: "x.y.mydomain.com", Type: "CNAME", Values: []string{"app.mydomain.com"}})
		}, fail, "x.y.mydomain.com", "which covers one label only", 0},

		// cert-status
		{CheckCertStatus, "issued certificates", func(*collect.Snapshot) {}, hold, "", "", 0},
		{CheckCertStatus, "a certificate in use pending validation", func(s *collect.Snapshot) {
			certNamed(s, "prod-wildcard").Status = "PENDING_VALIDATION"
		}, fail, "", "status is PENDING_VALIDATION, not ISSUED", 0},
		{CheckCertStatus, "an unused failed certificate is not checked", func(s *collect.Snapshot) {
			c := cert(certARN("eu-west-1", "333333333333", "unused"), "old.mydomain.com")
			c.Status = "FAILED"
			s.Certificates = append(s.Certificates, c)
		}, none, "old.mydomain.com", "", 0},

		// cert-expiry
		{CheckCertExpiry, "valid for longer than the window", func(s *collect.Snapshot) {
			certNamed(s, "prod-wildcard").NotAfter = testNow.AddDate(0, 0, 40)
		}, hold, "", "", 0},
		{CheckCertExpiry, "expires within the window", func(s *collect.Snapshot) {
			certNamed(s, "prod-wildcard").NotAfter = testNow.AddDate(0, 0, 10)
		}, fail, "", "expires in 10 days", Medium},
		{CheckCertExpiry, "already expired", func(s *collect.Snapshot) {
			certNamed(s, "prod-wildcard").NotAfter = testNow.AddDate(0, 0, -1)
		}, fail, "", "expired on 2026-11-22", High},

		// alias-target-exists
		{CheckAliasTargetExists, "aliases point at resources of the snapshot", func(*collect.Snapshot) {}, hold, "", "", 0},
		{CheckAliasTargetExists, "a CloudFront name no distribution has", func(s *collect.Snapshot) {
			z := zoneNamed(s, "mydomain.com")
			z.Records = append(z.Records, aliasRec("old.mydomain.com", "d999example.cloudfront.net"))
		}, fail, "old.mydomain.com", "dangling", 0},
		{CheckAliasTargetExists, "a CNAME to a load balancer that is gone", func(s *collect.Snapshot) {
			z := zoneNamed(s, "mydomain.com")
			z.Records = append(z.Records, collect.Record{Name: "old.mydomain.com", Type: "CNAME", Values: []string{lbDNS("gone", "eu-west-1")}})
		}, fail, "old.mydomain.com", "no load balancer in the snapshot", 0},
		{CheckAliasTargetExists, "an S3 website endpoint is not collected", func(s *collect.Snapshot) {
			z := zoneNamed(s, "mydomain.com")
			z.Records = append(z.Records, collect.Record{Name: "old.mydomain.com", Type: "CNAME", Values: []string{"old.mydomain.com.s3-website-eu-west-1.amazonaws.com"}})
		}, none, "old.mydomain.com", "", 0},
		{CheckAliasTargetExists, "a load balancer in a region not collected", func(s *collect.Snapshot) {
			z := zoneNamed(s, "mydomain.com")
			z.Records = append(z.Records, collect.Record{Name: "old.mydomain.com", Type: "CNAME", Values: []string{lbDNS("gone", "us-west-2")}})
		}, none, "old.mydomain.com", "", 0},
		{CheckAliasTargetExists, "CloudFront could not be read", func(s *collect.Snapshot) {
			z := zoneNamed(s, "mydomain.com")
			z.Records = append(z.Records, aliasRec("old.mydomain.com", "d999example.cloudfront.net"))
			s.Errors = []collect.CollectError{{Service: collect.ServiceCloudFront, Region: "us-east-1", Kind: collect.ErrThrottled}}
		}, none, "old.mydomain.com", "", 0},

		// distribution-alias-dns
		{CheckDistributionAliasDNS, "every alias has a record", func(*collect.Snapshot) {}, hold, "alias www.mydomain.com", "", 0},
		{CheckDistributionAliasDNS, "an alias without a record", func(s *collect.Snapshot) {
			z := zoneNamed(s, "mydomain.com")
			z.Records = []collect.Record{z.Records[0], z.Records[2]}
		}, fail, "alias www.mydomain.com", "has no record in zone mydomain.com", 0},
		{CheckDistributionAliasDNS, "an alias whose record points elsewhere", func(s *collect.Snapshot) {
			zoneNamed(s, "mydomain.com").Records[1].AliasTarget = lbDNS("prod-core", "eu-west-1")
		}, fail, "alias www.mydomain.com", "leads to load balancer prod-core", 0},
		{CheckDistributionAliasDNS, "an alias in a zone outside the snapshot", func(s *collect.Snapshot) {
			s.Distributions[0].Aliases = append(s.Distributions[0].Aliases, "shop.example.org")
		}, none, "shop.example.org", "", 0},
		{CheckDistributionAliasDNS, "an alias the zone delegates to a zone outside the snapshot", func(s *collect.Snapshot) {
			s.Distributions[0].Aliases = append(s.Distributions[0].Aliases, "www.shop.mydomain.com")
			z := zoneNamed(s, "mydomain.com")
			z.Records = append(z.Records, collect.Record{Name: "shop.mydomain.com", Type: "NS", Values: []string{"ns-1.awsdns-01.org."}})
		}, none, "www.shop.mydomain.com", "", 0},
		{CheckDistributionAliasDNS, "an alias next to a delegated name is still judged", func(s *collect.Snapshot) {
			s.Distributions[0].Aliases = append(s.Distributions[0].Aliases, "api.mydomain.com")
			z := zoneNamed(s, "mydomain.com")
			z.Records = append(z.Records, collect.Record{Name: "shop.mydomain.com", Type: "NS", Values: []string{"ns-1.awsdns-01.org."}})
		}, fail, "alias api.mydomain.com", "has no record in zone mydomain.com", 0},
		{CheckDistributionAliasDNS, "a disabled distribution", func(s *collect.Snapshot) {
			z := zoneNamed(s, "mydomain.com")
			z.Records = []collect.Record{z.Records[0], z.Records[2]}
			s.Distributions[0].Enabled = false
		}, none, "alias www.mydomain.com", "", 0},

		// origin-target-exists
		{CheckOriginTargetExists, "the origin is a load balancer of the snapshot", func(*collect.Snapshot) {}, hold, "origin core", "", 0},
		{CheckOriginTargetExists, "the origin's load balancer is gone", func(s *collect.Snapshot) {
			coreOrigin(s).DomainName = lbDNS("gone", "eu-west-1")
		}, fail, "origin core", "no load balancer in the snapshot has the DNS name gone-1234567890", 0},
		{CheckOriginTargetExists, "an origin outside AWS", func(s *collect.Snapshot) {
			coreOrigin(s).DomainName = "api.example.net"
		}, hold, "origin core", "", 0},
		{CheckOriginTargetExists, "an origin named in our zone without a record", func(s *collect.Snapshot) {
			coreOrigin(s).DomainName = "api.mydomain.com"
		}, fail, "origin core", "no record api.mydomain.com in zone mydomain.com", 0},

		// http-redirects-https
		{CheckHTTPRedirectsHTTPS, "HTTP redirects to HTTPS", func(*collect.Snapshot) {}, hold, "", "", 0},
		{CheckHTTPRedirectsHTTPS, "HTTP forwards to the targets", func(s *collect.Snapshot) {
			lb := &s.LoadBalancers[0]
			lb.Listeners[1].DefaultActions = forward(lb.TargetGroups[0].ARN)
		}, fail, "listener 80", "instead of a redirect to HTTPS", 0},

		// viewer-https
		{CheckViewerHTTPS, "viewers redirected to HTTPS", func(*collect.Snapshot) {}, hold, "", "", 0},
		{CheckViewerHTTPS, "allow-all on the default behaviour", func(s *collect.Snapshot) {
			s.Distributions[0].DefaultBehavior.ViewerProtocolPolicy = "allow-all"
		}, fail, "behaviour *", "viewer protocol policy allow-all", 0},

		// target-group-healthy
		{CheckTargetGroupHealthy, "one healthy target of three is enough", func(s *collect.Snapshot) {
			s.LoadBalancers[0].TargetGroups[0].Targets = targets("unhealthy", "healthy", "draining")
		}, hold, "", "", 0},
		{CheckTargetGroupHealthy, "no healthy target", func(s *collect.Snapshot) {
			s.LoadBalancers[0].TargetGroups[0].Targets = targets("unhealthy", "initial")
		}, fail, "target group", "no healthy target (1 unhealthy, 1 initial)", 0},

		// srv-has-targets
		{CheckSRVHasTargets, "healthy instances", func(*collect.Snapshot) {}, hold, "", "", 0},
		{CheckSRVHasTargets, "every instance unhealthy", func(s *collect.Snapshot) {
			for i := range s.Namespaces[0].Services[0].Instances {
				s.Namespaces[0].Services[0].Instances[i].Health = "UNHEALTHY"
			}
		}, fail, "", "core.prod.local has no healthy instance (3 registered)", 0},
		{CheckSRVHasTargets, "no health check: an UNKNOWN instance serves", func(s *collect.Snapshot) {
			svc := &s.Namespaces[0].Services[0]
			svc.HealthCheck = "none"
			for i := range svc.Instances {
				svc.Instances[i].Health = "UNKNOWN"
			}
		}, hold, "", "", 0},

		// srv-records-match-instances
		{CheckSRVRecordsMatch, "records list exactly the instances", func(*collect.Snapshot) {}, hold, "", "", 0},
		{CheckSRVRecordsMatch, "a stale SRV record", func(s *collect.Snapshot) {
			z := zoneNamed(s, "prod.local")
			z.Records[0].Values = append(z.Records[0].Values, "1 1 32768 task-old.core.prod.local.")
			z.Records = append(z.Records, collect.Record{Name: "task-old.core.prod.local", Type: "A", Values: []string{"10.3.9.9"}})
		}, fail, "", "list task-old.core.prod.local (10.3.9.9:32768), which no registered instance has", 0},
		{CheckSRVRecordsMatch, "an instance without a record", func(s *collect.Snapshot) {
			svc := &s.Namespaces[0].Services[0]
			svc.Instances = append(svc.Instances, collect.Instance{ID: "task-prod-d", IPv4: "10.3.3.3", Port: 32768, Health: "HEALTHY"})
		}, fail, "", "lack task-prod-d (10.3.3.3:32768)", 0},
		{CheckSRVRecordsMatch, "an unhealthy instance withdrawn from DNS", func(s *collect.Snapshot) {
			svc := &s.Namespaces[0].Services[0]
			svc.Instances = append(svc.Instances, collect.Instance{ID: "task-prod-d", IPv4: "10.3.3.3", Port: 32768, Health: "UNHEALTHY"})
		}, hold, "", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.check+"/"+tt.name, func(t *testing.T) {
			s := goodProd()
			tt.mutate(s)
			var at []outcome
			for _, o := range runCheck(t, tt.check, s) {
				if strings.Contains(o.node, tt.at) {
					at = append(at, o)
				}
			}
			switch tt.want {
			case none:
				if len(at) > 0 {
					t.Fatalf("want no outcome at %q, got %+v", tt.at, at)
				}
			case hold:
				if len(at) == 0 {
					t.Fatalf("want a holding outcome at %q, got none", tt.at)
				}
				for _, o := range at {
					if o.fail {
						t.Errorf("want holds at %q, fails at %s: %s", tt.at, o.node, o.message)
					}
				}
			case fail:
				var found *outcome
				for i := range at {
					if at[i].fail && strings.Contains(at[i].message, tt.msg) {
						found = &at[i]
					}
				}
				if found == nil {
					t.Fatalf("want a failure at %q with %q, got %+v", tt.at, tt.msg, at)
				}
				if tt.sev != 0 {
					got := Medium
					if found.hasSev {
						got = found.sev
					}
					if got != tt.sev {
						t.Errorf("severity %s, want %s", got, tt.sev)
					}
				}
			}
		})
	}
}
