package report

import (
	"time"

	"github.com/envdiff/envdiff/diff"
)

var at = time.Date(2026, 11, 23, 19, 0, 0, 0, time.UTC)

func envsOK(names ...string) []diff.EnvStatus {
	var out []diff.EnvStatus
	for i, n := range names {
		role := "passed"
		if i == len(names)-1 {
			role = "target"
		}
		out = append(out, diff.EnvStatus{Name: n, Role: role, Complete: true})
	}
	return out
}

// seed502 is the Result the engine gives for scenarios/seed-502.yaml: the apex domain
// is not covered by the wildcard the production ALB serves.
func seed502() *diff.Result {
	return &diff.Result{
		GeneratedAt:  at,
		Target:       "production",
		Baselines:    []string{"qa1", "qa2", "staging"},
		Environments: envsOK("qa1", "qa2", "staging", "production"),
		Findings: []diff.Finding{
			{
				Check:      "origin-cert-covers-host",
				Severity:   diff.Critical,
				Regression: true,
				Env:        "production",
				Node:       "mydomain.com / behaviour /core/* / origin core / listener 443",
				Resource:   "arn:aws:elasticloadbalancing:eu-west-1:333333333333:listener/app/prod-core/50dc6c495c0c9188/f2f7dc8efc522ab2",
				Message:    "CloudFront validates the origin certificate against mydomain.com; the listener serves *.mydomain.com, which does not cover the apex",
				PassedIn:   []string{"qa1", "qa2", "staging"},
				Values: map[string]string{
					"qa1":        "*.mydomain.com covers qa1.mydomain.com",
					"qa2":        "*.mydomain.com covers qa2.mydomain.com",
					"staging":    "*.mydomain.com covers staging.mydomain.com",
					"production": "*.mydomain.com does not cover mydomain.com",
				},
				Category: diff.CatRegression,
				Evidence: []diff.EvidenceRow{
					{Label: "validated host", Values: map[string]string{"qa1": "qa1.mydomain.com", "qa2": "qa2.mydomain.com", "staging": "staging.mydomain.com", "production": "mydomain.com"}},
					{Label: "Host header forwarded", Values: map[string]string{"qa1": "yes", "qa2": "yes", "staging": "yes", "production": "yes"}},
					{Label: "listener certificates", Values: map[string]string{"qa1": "*.mydomain.com", "qa2": "*.mydomain.com", "staging": "*.mydomain.com", "production": "*.mydomain.com"}},
				},
			},
			{
				Check: "attribute-differs", Severity: diff.Low, Env: "production",
				Node:     "mydomain.com / distribution / price class",
				Message:  "price class is PriceClass_All in production and PriceClass_100 in every passed environment",
				Values:   map[string]string{"qa1": "PriceClass_100", "qa2": "PriceClass_100", "staging": "PriceClass_100", "production": "PriceClass_All"},
				Category: diff.CatParity,
			},
			{
				Check: "attribute-differs", Severity: diff.Low, Env: "production",
				Node:     "mydomain.com / behaviour /app/* / compress",
				Message:  "compression is off in production and on in every passed environment",
				Values:   map[string]string{"qa1": "true", "qa2": "true", "staging": "true", "production": "false"},
				Category: diff.CatParity,
			},
			{
				Check: "extra-in-target", Severity: diff.Info, Env: "production",
				Node:     "mydomain.com / behaviour /status",
				Message:  "a behaviour for /status exists in production only",
				Category: diff.CatParity,
			},
		},
	}
}

// everySection has at least one entry in every section the report can show, folding
// included.
func everySection() *diff.Result {
	res := seed502()
	res.Environments = []diff.EnvStatus{
		{Name: "qa1", Role: "passed", Complete: true},
		{Name: "qa2", Role: "passed", Complete: false, Errors: []diff.EnvError{
			{Service: "servicediscovery", Region: "eu-west-1", Operation: "ListNamespaces", Kind: "access_denied", Message: "User: arn:aws:iam::111111111111:user/ci is not authorized to perform: servicediscovery:ListNamespaces"},
		}},
		{Name: "staging", Role: "passed", Complete: true},
		{Name: "production", Role: "target", Complete: false, Errors: []diff.EnvError{
			{Service: "elbv2", Region: "eu-west-1", Operation: "DescribeListenerCertificates", Kind: "throttled", Message: "Rate exceeded"},
			{Service: "elbv2", Region: "us-east-1", Operation: "DescribeLoadBalancers", Kind: "throttled", Message: "Rate exceeded"},
		}},
	}
	everywhere := diff.Finding{
		Check: "viewer-https", Severity: diff.Low, Env: "production",
		Node:     "mydomain.com / behaviour /legacy/*",
		Message:  "viewer protocol policy is allow-all",
		Values:   map[string]string{"staging": "allow-all", "production": "allow-all"},
		Category: diff.CatEverywhere,
	}
	unknown := diff.Finding{
		Check: "collection-incomplete", Severity: diff.High, Env: "production",
		Node:     "production / elbv2 / eu-west-1",
		Message:  "elbv2 in eu-west-1 was throttled past its retries: load balancers, listeners and their certificates are unknown",
		Category: diff.CatUnknown,
	}
	baseline := diff.Finding{
		Check: "cert-expiry", Severity: diff.Medium, Env: "qa2",
		Node:     "qa2.mydomain.com / distribution / viewer certificate",
		Message:  "the certificate expires in 12 days",
		Category: diff.CatBaseline,
	}
	targetOnly := diff.Finding{
		Check: "viewer-cert-covers-aliases", Severity: diff.High, Env: "production",
		Node:     "www.mydomain.com / distribution / viewer certificate",
		Message:  "the viewer certificate mydomain.com does not cover www.mydomain.com",
		Values:   map[string]string{"production": "mydomain.com does not cover www.mydomain.com"},
		Category: diff.CatTargetOnly,
	}
	fs := []diff.Finding{res.Findings[0], targetOnly, unknown, everywhere}
	fs = append(fs, res.Findings[1:]...)
	// Enough parity findings to fold that section.
	for _, port := range []string{"8001", "8002", "8003", "8004", "8005", "8006", "8007", "8008", "8009", "8010"} {
		fs = append(fs, diff.Finding{
			Check: "attribute-differs", Severity: diff.Low, Env: "production",
			Node:     "mydomain.com / behaviour /core/* / origin core / target group / port",
			Message:  "target port differs",
			Values:   map[string]string{"qa1": "8000", "qa2": "8000", "staging": "8000", "production": port},
			Category: diff.CatParity,
		})
	}
	res.Findings = append(fs, baseline)
	res.Ignored = []diff.Ignored{
		{Finding: diff.Finding{Check: "http-redirects-https", Severity: diff.Low, Env: "production", Node: "prod-internal / listener 80", Message: "HTTP listener forwards", Category: diff.CatParity}, Reason: "internal load balancer, TLS ends at the mesh", Until: time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)},
		{Finding: diff.Finding{Check: "extra-in-target", Severity: diff.Info, Env: "production", Node: "mydomain.com / behaviour /debug/*", Message: "exists in production only", Category: diff.CatParity}, Reason: "debug endpoint, tracked in OPS-1234"},
	}
	res.ExpiredIgnores = []string{"cert-expiry on qa1 (until 2026-10-01: rotate the qa1 certificate)"}
	return res
}

// docs stands in for the engine's check catalogue so the goldens do not move when its
// wording does.
func docs(check string) (CheckDoc, bool) {
	switch check {
	case "origin-cert-covers-host":
		return CheckDoc{
			Title:       "origin certificate covers the host CloudFront validates",
			Explanation: "CloudFront checks the origin's certificate against the viewer's Host header when it is forwarded; a mismatch is a 502 for every request on that behaviour.",
			Fix:         "Add a certificate for the apex (mydomain.com) to the listener's SNI list, or stop forwarding the Host header to the origin.",
		}, true
	case "viewer-https":
		return CheckDoc{Title: "viewers use HTTPS", Fix: "Set the behaviour's viewer protocol policy to redirect-to-https."}, true
	}
	return CheckDoc{}, false
}
