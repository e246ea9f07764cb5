package awsfake

import (
	"golang.org/x/time/rate"
)

// bucket is one of AWS's documented request quotas (scenario-format.md, rate_limits).
type bucket struct {
	burst  int
	refill float64 // tokens per second
}

// bucketFor names the token bucket a call draws from and its size.
func bucketFor(req *request) (string, bucket) {
	switch req.service {
	case ServiceRoute53:
		return "route53|" + req.accountID, bucket{50, 10}
	case ServiceACM:
		key := "acm|" + req.accountID + "|" + req.region + "|" + req.operation
		if req.operation == "ListCertificates" {
			return key, bucket{1, 1}
		}
		return key, bucket{10, 10}
	case ServiceELBv2:
		return "elbv2|" + req.accountID + "|" + req.region, bucket{40, 10}
	case ServiceCloudFront:
		// Not published; a cautious figure.
		return "cloudfront|" + req.accountID, bucket{10, 5}
	default:
		return "servicediscovery|" + req.accountID + "|" + req.region, bucket{100, 50}
	}
}

// allow takes a token for the call when the scenario enforces AWS's rate limits.
func (e *Endpoint) allow(req *request) bool {
	if e.s.RateLimits != "aws" {
		return true
	}
	key, b := bucketFor(req)
	e.mu.Lock()
	defer e.mu.Unlock()
	l := e.limiters[key]
	if l == nil {
		l = rate.NewLimiter(rate.Limit(b.refill), b.burst)
		e.limiters[key] = l
	}
	return l.AllowN(e.limiterClock(), 1)
}
