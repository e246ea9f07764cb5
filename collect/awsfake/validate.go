package awsfake

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"
)

var (
	accountRe = regexp.MustCompile(`^[0-9]{12}$`)
	regionRe  = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]$`)
	acmARNRe  = regexp.MustCompile(`^arn:aws[a-z-]*:acm:([a-z]{2}(?:-[a-z]+)+-[0-9]):([0-9]{12}):certificate/([A-Za-z0-9-]+)$`)
	iamCertRe = regexp.MustCompile(`^arn:aws[a-z-]*:iam::([0-9]{12}):server-certificate/.+$`)
	// Names AWS accepts for load balancers and target groups.
	elbNameRe = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]{0,30}[A-Za-z0-9])?$`)
	cfIDRe    = regexp.MustCompile(`^[A-Z0-9]{1,32}$`)
)

// Operations the endpoint serves, by service: a fault naming another is a typo.
var operations = map[string][]string{
	ServiceACM:              {"ListCertificates", "DescribeCertificate"},
	ServiceELBv2:            {"DescribeLoadBalancers", "DescribeListeners", "DescribeListenerCertificates", "DescribeRules", "DescribeTargetGroups", "DescribeTargetHealth"},
	ServiceCloudFront:       {"ListDistributions", "GetDistributionConfig", "GetOriginRequestPolicy"},
	ServiceRoute53:          {"ListHostedZones", "ListResourceRecordSets"},
	ServiceServiceDiscovery: {"ListNamespaces", "ListServices", "GetService", "ListInstances", "GetInstancesHealthStatus"},
}

// Operations returns the operations the endpoint serves for a service.
func Operations(service string) []string { return slices.Clone(operations[service]) }

// validator collects the context an error needs.
type validator struct{ file string }

func (v *validator) errf(src Src, path, key, format string, args ...any) error {
	k := key
	if path != "" && key != "" {
		k = path + "." + key
	} else if key == "" {
		k = path
	}
	return &Error{File: v.file, Line: src.line(key), Key: k, Msg: fmt.Sprintf(format, args...)}
}

func oneOf(val string, allowed ...string) bool { return slices.Contains(allowed, val) }

func enumErr(v *validator, src Src, path, key, val string, allowed ...string) error {
	if oneOf(val, allowed...) {
		return nil
	}
	return v.errf(src, path, key, "%q is not one of %s", val, strings.Join(allowed, ", "))
}

// Validate applies the defaults of format v1, derives ARNs and ids, and checks every
// rule of the format. Errors name the file, line and key.
func (s *Scenario) Validate() error {
	v := &validator{file: s.File}
	top := s.src
	if s.Name == "" {
		return v.errf(top, "", "scenario", "required")
	}
	if s.RateLimits == "" {
		s.RateLimits = "none"
	}
	if err := enumErr(v, top, "", "rate_limits", s.RateLimits, "none", "aws"); err != nil {
		return err
	}
	if s.LatencyMS < 0 {
		return v.errf(top, "", "latency_ms", "must not be negative")
	}
	if s.PageSize < 0 {
		return v.errf(top, "", "page_size", "must not be negative")
	}
	if s.Accounts == nil {
		s.Accounts = map[string]*Account{}
	}
	if err := v.environments(s); err != nil {
		return err
	}
	ids := make([]string, 0, len(s.Accounts))
	for id := range s.Accounts {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	distIDs := map[string]string{}
	for _, id := range ids {
		a := s.Accounts[id]
		path := "accounts." + id
		if a == nil {
			a = &Account{}
			s.Accounts[id] = a
		}
		if !accountRe.MatchString(id) {
			return v.errf(a.Src, path, "", "account id must be 12 digits")
		}
		a.ID = id
		if err := v.account(a, path, distIDs); err != nil {
			return err
		}
	}
	for i := range s.Faults {
		if err := v.fault(s, &s.Faults[i], fmt.Sprintf("faults[%d]", i)); err != nil {
			return err
		}
	}
	return nil
}

func (v *validator) environments(s *Scenario) error {
	top := s.src
	if len(s.Environments) < 2 {
		return v.errf(top, "", "environments", "need at least two environments, got %d", len(s.Environments))
	}
	names := map[string]bool{}
	targets := 0
	for i := range s.Environments {
		e := &s.Environments[i]
		path := fmt.Sprintf("environments[%d]", i)
		if e.Name == "" {
			return v.errf(e.Src, path, "name", "required")
		}
		if names[e.Name] {
			return v.errf(e.Src, path, "name", "duplicate environment name %q", e.Name)
		}
		names[e.Name] = true
		if err := enumErr(v, e.Src, path, "role", e.Role, "passed", "target"); err != nil {
			return err
		}
		if e.Role == "target" {
			targets++
			if targets > 1 {
				return v.errf(e.Src, path, "role", "a second target (exactly one environment is the target)")
			}
		}
		if !accountRe.MatchString(e.Account) {
			return v.errf(e.Src, path, "account", "want a 12-digit account id, got %q", e.Account)
		}
		if len(e.Regions) == 0 {
			e.Regions = []string{GlobalRegion}
		}
		for _, r := range e.Regions {
			if !regionRe.MatchString(r) {
				return v.errf(e.Src, path, "regions", "%q is not a region", r)
			}
		}
	}
	if targets == 0 {
		return v.errf(top, "", "environments", "no environment has role: target (exactly one must)")
	}
	return nil
}

func (v *validator) fault(s *Scenario, f *Fault, path string) error {
	switch {
	case f.Env != "" && f.Account != "":
		return v.errf(f.Src, path, "env", "give env or account, not both")
	case f.Env != "":
		found := false
		for _, e := range s.Environments {
			if e.Name == f.Env {
				f.Account, found = e.Account, true
			}
		}
		if !found {
			return v.errf(f.Src, path, "env", "no environment named %q", f.Env)
		}
	case f.Account != "":
		if !accountRe.MatchString(f.Account) {
			return v.errf(f.Src, path, "account", "want a 12-digit account id, got %q", f.Account)
		}
	default:
		return v.errf(f.Src, path, "", "env or account is required")
	}
	ops, ok := operations[f.Service]
	if !ok {
		return v.errf(f.Src, path, "service", "%q is not one of acm, elbv2, cloudfront, route53, servicediscovery", f.Service)
	}
	if f.Operation != "" && !slices.Contains(ops, f.Operation) {
		return v.errf(f.Src, path, "operation", "%s has no operation %q (one of %s)", f.Service, f.Operation, strings.Join(ops, ", "))
	}
	if f.Region != "" && !regionRe.MatchString(f.Region) {
		return v.errf(f.Src, path, "region", "%q is not a region", f.Region)
	}
	if global := f.Service == ServiceCloudFront || f.Service == ServiceRoute53; global && f.Region != "" && f.Region != GlobalRegion {
		// The fault would never match: global services answer as us-east-1.
		return v.errf(f.Src, path, "region", "%s is global (us-east-1); leave region out", f.Service)
	}
	if err := enumErr(v, f.Src, path, "kind", f.Kind, FaultThrottle, FaultServerError, FaultAccessDenied, FaultTimeout, FaultMalformed); err != nil {
		return err
	}
	if f.Times < 0 {
		return v.errf(f.Src, path, "times", "must not be negative")
	}
	return nil
}

func (v *validator) account(a *Account, path string, distIDs map[string]string) error {
	certs := map[string]bool{}
	for i := range a.Certificates {
		c := &a.Certificates[i]
		if err := v.certificate(a, c, fmt.Sprintf("%s.certificates[%d]", path, i)); err != nil {
			return err
		}
		if certs[c.ARN] {
			return v.errf(c.Src, fmt.Sprintf("%s.certificates[%d]", path, i), "arn", "duplicate certificate %s", c.ARN)
		}
		certs[c.ARN] = true
	}
	if err := v.loadBalancers(a, path); err != nil {
		return err
	}
	for i := range a.Distributions {
		d := &a.Distributions[i]
		p := fmt.Sprintf("%s.distributions[%d]", path, i)
		if err := v.distribution(a, d, p); err != nil {
			return err
		}
		if other, dup := distIDs[d.ID]; dup {
			return v.errf(d.Src, p, "id", "distribution %s already defined in account %s", d.ID, other)
		}
		distIDs[d.ID] = a.ID
	}
	zoneIDs := map[string]bool{}
	for i := range a.HostedZones {
		z := &a.HostedZones[i]
		p := fmt.Sprintf("%s.hosted_zones[%d]", path, i)
		if err := v.hostedZone(a, z, p); err != nil {
			return err
		}
		if zoneIDs[z.ID] {
			return v.errf(z.Src, p, "id", "duplicate hosted zone id %s", z.ID)
		}
		zoneIDs[z.ID] = true
	}
	// Alias targets resolve once every zone and load balancer has its id.
	for i := range a.HostedZones {
		for j := range a.HostedZones[i].Records {
			r := &a.HostedZones[i].Records[j]
			if r.AliasTarget != "" {
				r.AliasZoneID = aliasZoneID(a, r.AliasTarget, a.HostedZones[i].ID)
			}
		}
	}
	nsNames := map[string]bool{}
	for i := range a.Namespaces {
		ns := &a.Namespaces[i]
		p := fmt.Sprintf("%s.namespaces[%d]", path, i)
		if err := v.namespace(a, ns, p); err != nil {
			return err
		}
		if nsNames[ns.Region+" "+ns.Name] {
			return v.errf(ns.Src, p, "name", "duplicate namespace %q in %s", ns.Name, ns.Region)
		}
		nsNames[ns.Region+" "+ns.Name] = true
	}
	return nil
}

func (v *validator) certificate(a *Account, c *Certificate, path string) error {
	m := acmARNRe.FindStringSubmatch(c.ARN)
	if c.ARN == "" {
		return v.errf(c.Src, path, "arn", "required")
	}
	if m == nil {
		return v.errf(c.Src, path, "arn", "%q is not an ACM certificate ARN (arn:aws:acm:REGION:ACCOUNT:certificate/ID)", c.ARN)
	}
	if m[2] != a.ID {
		return v.errf(c.Src, path, "arn", "ARN names account %s, listed under account %s", m[2], a.ID)
	}
	c.Region, c.Account = m[1], m[2]
	if c.Domain == "" {
		return v.errf(c.Src, path, "domain", "required")
	}
	if c.SANs == nil {
		c.SANs = []string{c.Domain}
	}
	if c.Status == "" {
		c.Status = "ISSUED"
	}
	if err := enumErr(v, c.Src, path, "status", c.Status, "ISSUED", "PENDING_VALIDATION", "EXPIRED", "REVOKED", "FAILED", "INACTIVE", "VALIDATION_TIMED_OUT"); err != nil {
		return err
	}
	if c.Type == "" {
		c.Type = "AMAZON_ISSUED"
	}
	if err := enumErr(v, c.Src, path, "type", c.Type, "AMAZON_ISSUED", "IMPORTED", "PRIVATE"); err != nil {
		return err
	}
	if c.KeyAlgorithm == "" {
		c.KeyAlgorithm = "RSA_2048"
	}
	if err := enumErr(v, c.Src, path, "key_algorithm", c.KeyAlgorithm, keyAlgorithms...); err != nil {
		return err
	}
	if c.NotBefore.isZero() {
		c.NotBefore = Relative(-180 * 24 * time.Hour)
	}
	if c.NotAfter.isZero() {
		c.NotAfter = Relative(180 * 24 * time.Hour)
	}
	if !c.NotBefore.At.IsZero() && !c.NotAfter.At.IsZero() && !c.NotAfter.At.After(c.NotBefore.At) {
		return v.errf(c.Src, path, "not_after", "is not after not_before")
	}
	return nil
}

var keyAlgorithms = []string{"RSA_1024", "RSA_2048", "RSA_3072", "RSA_4096", "EC_prime256v1", "EC_secp384r1", "EC_secp521r1"}

func checkCertARN(arn string) error {
	if acmARNRe.MatchString(arn) || iamCertRe.MatchString(arn) {
		return nil
	}
	return fmt.Errorf("%q is not a certificate ARN (arn:aws:acm:REGION:ACCOUNT:certificate/ID)", arn)
}

func (v *validator) distribution(a *Account, d *Distribution, path string) error {
	if d.ID == "" {
		return v.errf(d.Src, path, "id", "required")
	}
	if !cfIDRe.MatchString(d.ID) {
		return v.errf(d.Src, path, "id", "%q is not a distribution id (upper-case letters and digits)", d.ID)
	}
	d.Account = a.ID
	d.ARN = "arn:aws:cloudfront::" + a.ID + ":distribution/" + d.ID
	if d.DomainName == "" {
		d.DomainName = strings.ToLower(d.ID) + ".cloudfront.net"
	}
	if d.Status == "" {
		d.Status = "Deployed"
	}
	if err := enumErr(v, d.Src, path, "status", d.Status, "Deployed", "InProgress"); err != nil {
		return err
	}
	vc := &d.ViewerCertificate
	vp := path + ".viewer_certificate"
	switch {
	case vc.ACMCertificateARN != "" && vc.CloudFrontDefault:
		return v.errf(vc.Src, vp, "cloudfront_default_certificate", "give acm_certificate_arn or cloudfront_default_certificate, not both")
	case vc.ACMCertificateARN != "":
		if !acmARNRe.MatchString(vc.ACMCertificateARN) {
			return v.errf(vc.Src, vp, "acm_certificate_arn", "%q is not an ACM certificate ARN", vc.ACMCertificateARN)
		}
		if vc.SSLSupportMethod == "" {
			vc.SSLSupportMethod = "sni-only"
		}
		if err := enumErr(v, vc.Src, vp, "ssl_support_method", vc.SSLSupportMethod, "sni-only", "vip", "static-ip"); err != nil {
			return err
		}
		if vc.MinimumProtocolVersion == "" {
			vc.MinimumProtocolVersion = "TLSv1.2_2021"
		}
	default:
		vc.CloudFrontDefault = true
		if vc.MinimumProtocolVersion == "" {
			vc.MinimumProtocolVersion = "TLSv1"
		}
	}
	origins := map[string]*Origin{}
	for i := range d.Origins {
		o := &d.Origins[i]
		op := fmt.Sprintf("%s.origins[%d]", path, i)
		if o.ID == "" {
			return v.errf(o.Src, op, "id", "required")
		}
		if origins[o.ID] != nil {
			return v.errf(o.Src, op, "id", "duplicate origin id %q", o.ID)
		}
		origins[o.ID] = o
		if o.DomainName == "" {
			return v.errf(o.Src, op, "domain_name", "required")
		}
		if o.S3 {
			if o.ProtocolPolicy != "" {
				return v.errf(o.Src, op, "protocol_policy", "an S3 origin has no protocol policy")
			}
			continue
		}
		if o.ProtocolPolicy == "" {
			o.ProtocolPolicy = "https-only"
		}
		if err := enumErr(v, o.Src, op, "protocol_policy", o.ProtocolPolicy, "http-only", "match-viewer", "https-only"); err != nil {
			return err
		}
		if o.HTTPSPort == 0 {
			o.HTTPSPort = 443
		}
		if o.HTTPPort == 0 {
			o.HTTPPort = 80
		}
		if o.HTTPSPort < 1 || o.HTTPSPort > 65535 {
			return v.errf(o.Src, op, "https_port", "%d is not a port", o.HTTPSPort)
		}
		if o.HTTPPort < 1 || o.HTTPPort > 65535 {
			return v.errf(o.Src, op, "http_port", "%d is not a port", o.HTTPPort)
		}
		if len(o.SSLProtocols) == 0 {
			o.SSLProtocols = []string{"TLSv1.2"}
		}
		for _, p := range o.SSLProtocols {
			if !oneOf(p, "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2") {
				return v.errf(o.Src, op, "ssl_protocols", "%q is not one of SSLv3, TLSv1, TLSv1.1, TLSv1.2", p)
			}
		}
	}
	if len(d.Origins) == 0 {
		return v.errf(d.Src, path, "origins", "a distribution needs at least one origin")
	}
	if err := v.behavior(&d.DefaultBehavior, path+".default_behavior", origins); err != nil {
		return err
	}
	paths := map[string]bool{}
	for i := range d.Behaviors {
		b := &d.Behaviors[i]
		bp := fmt.Sprintf("%s.behaviors[%d]", path, i)
		if b.Path == "" {
			return v.errf(b.Src, bp, "path", "required")
		}
		if paths[b.Path] {
			return v.errf(b.Src, bp, "path", "duplicate path pattern %q", b.Path)
		}
		paths[b.Path] = true
		if err := v.behavior(b, bp, origins); err != nil {
			return err
		}
	}
	return nil
}

// Managed CloudFront policies, as the real API names them by id.
const (
	PolicyAllViewer                 = "216adef6-5c7f-47e4-b989-5492eafa07d3"
	PolicyAllViewerExceptHostHeader = "b689b0a8-53d0-40ab-baf2-68738e2966ac"
	PolicyCORSS3Origin              = "88a5eaf4-2fd4-4709-b370-b4c650ea3fcf"
	CachePolicyCachingOptimized     = "658327ea-f89d-4fab-a63d-7e88639e58f6"
	CachePolicyCachingDisabled      = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
)

func (v *validator) behavior(b *Behavior, path string, origins map[string]*Origin) error {
	if b.Origin == "" {
		return v.errf(b.Src, path, "origin", "required")
	}
	o := origins[b.Origin]
	if o == nil {
		return v.errf(b.Src, path, "origin", "no origin with id %q", b.Origin)
	}
	if b.ViewerProtocolPolicy == "" {
		b.ViewerProtocolPolicy = "allow-all"
	}
	if err := enumErr(v, b.Src, path, "viewer_protocol_policy", b.ViewerProtocolPolicy, "allow-all", "redirect-to-https", "https-only"); err != nil {
		return err
	}
	if b.ForwardedHeaders != nil {
		// Legacy settings: no policies at all, as before cache policies existed.
		if b.ForwardHostHeader {
			return v.errf(b.Src, path, "forward_host_header", "give forward_host_header or forwarded_headers, not both")
		}
		b.OriginRequestPolicyID, b.CachePolicyID = "", ""
		return nil
	}
	switch {
	case b.ForwardHostHeader:
		b.OriginRequestPolicyID = PolicyAllViewer
	case o.S3:
		b.OriginRequestPolicyID = PolicyCORSS3Origin
	default:
		b.OriginRequestPolicyID = PolicyAllViewerExceptHostHeader
	}
	if o.S3 {
		b.CachePolicyID = CachePolicyCachingOptimized
	} else {
		b.CachePolicyID = CachePolicyCachingDisabled
	}
	return nil
}
