package awsfake

import (
	"slices"
	"sort"
	"strings"
	"time"
)

func acmService() *service {
	return &service{
		contentType: jsonContentType,
		operation:   jsonOperation("CertificateManager"),
		handlers: map[string]handlerFunc{
			"ListCertificates":    (*Endpoint).acmListCertificates,
			"DescribeCertificate": (*Endpoint).acmDescribeCertificate,
		},
		writeError:  writeJSONError,
		throttle:    func() *apiError { return &apiError{status: 400, code: "ThrottlingException", message: "Rate exceeded"} },
		serverError: func() *apiError { return &apiError{status: 500, code: "InternalFailure", message: "Internal failure"} },
		accessDenied: func(req *request) *apiError {
			return &apiError{status: 400, code: "AccessDeniedException", message: "User: arn:aws:iam::" + req.accountID + ":user/envdiff is not authorized to perform: acm:" + req.operation}
		},
		unknown: func(op string) *apiError {
			return &apiError{status: 400, code: "UnknownOperationException", message: "Unknown operation " + op, outcome: OutcomeUnknownOperation}
		},
	}
}

// inUseBy maps each certificate ARN to the load balancers and distributions that serve
// it, as ACM derives InUseBy.
func inUseBy(s *Scenario) map[string][]string {
	m := map[string][]string{}
	add := func(cert, user string) {
		if cert != "" && !slices.Contains(m[cert], user) {
			m[cert] = append(m[cert], user)
		}
	}
	for _, a := range s.Accounts {
		for _, lb := range a.LoadBalancers {
			for _, l := range lb.Listeners {
				add(l.Certificate, lb.ARN)
				for _, c := range l.SNICertificates {
					add(c, lb.ARN)
				}
			}
		}
		for _, d := range a.Distributions {
			add(d.ViewerCertificate.ACMCertificateARN, d.ARN)
		}
	}
	for _, users := range m {
		sort.Strings(users)
	}
	return m
}

func (e *Endpoint) certificates(req *request) []*Certificate {
	if req.account == nil {
		return nil
	}
	var out []*Certificate
	for i := range req.account.Certificates {
		if c := &req.account.Certificates[i]; c.Region == req.region {
			out = append(out, c)
		}
	}
	return out
}

var defaultKeyUsages = []string{"DIGITAL_SIGNATURE", "KEY_ENCIPHERMENT"}
var defaultExtKeyUsages = []string{"TLS_WEB_SERVER_AUTHENTICATION", "TLS_WEB_CLIENT_AUTHENTICATION"}

func (e *Endpoint) acmListCertificates(req *request) (*reply, *apiError) {
	var in struct {
		CertificateStatuses []string
		Includes            struct {
			KeyTypes []string `json:"keyTypes"`
		}
		MaxItems  int
		NextToken string
	}
	if err := decodeJSON(req, &in); err != nil {
		return nil, err
	}
	keyTypes := in.Includes.KeyTypes
	if len(keyTypes) == 0 {
		// As AWS: without Includes.keyTypes only RSA_1024 and RSA_2048 certificates
		// are listed, so a collector that forgets it silently misses ECDSA ones.
		keyTypes = []string{"RSA_1024", "RSA_2048"}
	}
	var match []*Certificate
	for _, c := range e.certificates(req) {
		if !slices.Contains(keyTypes, c.KeyAlgorithm) {
			continue
		}
		if len(in.CertificateStatuses) > 0 && !slices.Contains(in.CertificateStatuses, c.Status) {
			continue
		}
		match = append(match, c)
	}
	off, err := decodeToken(in.NextToken)
	if err != nil {
		return nil, &apiError{status: 400, code: "InvalidArgsException", message: "invalid NextToken"}
	}
	lo, hi, next := window(len(match), off, e.pageSize(in.MaxItems, 1000, 1000))
	now := e.clock()
	summaries := []map[string]any{}
	for _, c := range match[lo:hi] {
		sans := c.SANs
		if len(sans) > 100 {
			sans = sans[:100]
		}
		s := map[string]any{
			"CertificateArn":                       c.ARN,
			"DomainName":                           c.Domain,
			"SubjectAlternativeNameSummaries":      sans,
			"HasAdditionalSubjectAlternativeNames": len(c.SANs) > 100,
			"Status":                               c.Status,
			"Type":                                 c.Type,
			"KeyAlgorithm":                         c.KeyAlgorithm,
			"KeyUsages":                            defaultKeyUsages,
			"ExtendedKeyUsages":                    defaultExtKeyUsages,
			"InUse":                                len(e.inUseBy[c.ARN]) > 0,
			"Exported":                             false,
			"RenewalEligibility":                   renewalEligibility(e, c),
			"NotBefore":                            epoch(c.NotBefore.Resolve(now)),
			"NotAfter":                             epoch(c.NotAfter.Resolve(now)),
			"CreatedAt":                            epoch(c.NotBefore.Resolve(now)),
		}
		if c.Type == "IMPORTED" {
			s["ImportedAt"] = epoch(c.NotBefore.Resolve(now))
		} else {
			s["IssuedAt"] = epoch(c.NotBefore.Resolve(now))
		}
		summaries = append(summaries, s)
	}
	out := map[string]any{"CertificateSummaryList": summaries}
	if next >= 0 {
		out["NextToken"] = encodeToken(next)
	}
	return jsonReply(out)
}

func renewalEligibility(e *Endpoint, c *Certificate) string {
	if c.Type == "AMAZON_ISSUED" && len(e.inUseBy[c.ARN]) > 0 {
		return "ELIGIBLE"
	}
	return "INELIGIBLE"
}

func (e *Endpoint) acmDescribeCertificate(req *request) (*reply, *apiError) {
	var in struct{ CertificateArn string }
	if err := decodeJSON(req, &in); err != nil {
		return nil, err
	}
	if !acmARNRe.MatchString(in.CertificateArn) {
		return nil, &apiError{status: 400, code: "InvalidArnException", message: "String '" + in.CertificateArn + "' is not a valid ARN"}
	}
	c := e.idx.certs[in.CertificateArn]
	if c == nil || !visible(req, c.Account, c.Region) {
		return nil, &apiError{status: 400, code: "ResourceNotFoundException", message: "Could not find certificate " + in.CertificateArn + "."}
	}
	now := e.clock()
	dvos := []map[string]any{}
	if c.Type == "AMAZON_ISSUED" {
		for _, san := range c.SANs {
			base := strings.TrimPrefix(san, "*.")
			dvos = append(dvos, map[string]any{
				"DomainName":       san,
				"ValidationDomain": san,
				"ValidationStatus": validationStatus(c.Status),
				"ValidationMethod": "DNS",
				"ResourceRecord": map[string]string{
					"Name":  "_" + hexID(32, c.ARN, san) + "." + base + ".",
					"Type":  "CNAME",
					"Value": "_" + hexID(32, san, c.ARN) + ".acm-validations.aws.",
				},
			})
		}
	}
	extUsages := []map[string]string{
		{"Name": "TLS_WEB_SERVER_AUTHENTICATION", "OID": "1.3.6.1.5.5.7.3.1"},
		{"Name": "TLS_WEB_CLIENT_AUTHENTICATION", "OID": "1.3.6.1.5.5.7.3.2"},
	}
	inUse := e.inUseBy[c.ARN]
	if inUse == nil {
		inUse = []string{}
	}
	issuer, sig := "Amazon", "SHA256WITHRSA"
	if strings.HasPrefix(c.KeyAlgorithm, "EC_") {
		sig = "SHA256WITHECDSA"
	}
	if c.Type == "IMPORTED" {
		issuer = "Imported CA"
	}
	d := map[string]any{
		"CertificateArn":          c.ARN,
		"DomainName":              c.Domain,
		"SubjectAlternativeNames": c.SANs,
		"DomainValidationOptions": dvos,
		"Serial":                  serial(c.ARN),
		"Subject":                 "CN=" + c.Domain,
		"Issuer":                  issuer,
		"CreatedAt":               epoch(c.NotBefore.Resolve(now)),
		"Status":                  c.Status,
		"NotBefore":               epoch(c.NotBefore.Resolve(now)),
		"NotAfter":                epoch(c.NotAfter.Resolve(now)),
		"KeyAlgorithm":            c.KeyAlgorithm,
		"SignatureAlgorithm":      sig,
		"InUseBy":                 inUse,
		"Type":                    c.Type,
		"KeyUsages":               []map[string]string{{"Name": "DIGITAL_SIGNATURE"}, {"Name": "KEY_ENCIPHERMENT"}},
		"ExtendedKeyUsages":       extUsages,
		"RenewalEligibility":      renewalEligibility(e, c),
		"Options":                 map[string]string{"CertificateTransparencyLoggingPreference": "ENABLED"},
	}
	if c.Type == "IMPORTED" {
		d["ImportedAt"] = epoch(c.NotBefore.Resolve(now))
	} else {
		d["IssuedAt"] = epoch(c.NotBefore.Resolve(now))
	}
	if c.Status == "REVOKED" {
		d["RevokedAt"] = epoch(now.Add(-24 * time.Hour))
		d["RevocationReason"] = "SUPERSEDED"
	}
	return jsonReply(map[string]any{"Certificate": d})
}

func validationStatus(status string) string {
	switch status {
	case "PENDING_VALIDATION":
		return "PENDING_VALIDATION"
	case "FAILED", "VALIDATION_TIMED_OUT":
		return "FAILED"
	}
	return "SUCCESS"
}

func serial(arn string) string {
	h := hexID(32, "serial", arn)
	var parts []string
	for i := 0; i < len(h); i += 2 {
		parts = append(parts, h[i:i+2])
	}
	return strings.Join(parts, ":")
}
