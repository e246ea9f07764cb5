package awsfake

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

const cloudFrontNS = "http://cloudfront.amazonaws.com/doc/2020-05-31/"

func cloudFrontService() *service {
	return &service{
		contentType: "text/xml",
		operation:   cloudFrontOperation,
		handlers: map[string]handlerFunc{
			"ListDistributions":      (*Endpoint).cfListDistributions,
			"GetDistributionConfig":  (*Endpoint).cfGetDistributionConfig,
			"GetOriginRequestPolicy": (*Endpoint).cfGetOriginRequestPolicy,
		},
		writeError:  func(w http.ResponseWriter, err *apiError) { writeXMLError(w, cloudFrontNS, err) },
		throttle:    func() *apiError { return &apiError{status: 400, code: "Throttling", message: "Rate exceeded"} },
		serverError: func() *apiError { return &apiError{status: 500, code: "InternalError", message: "Internal error"} },
		accessDenied: func(req *request) *apiError {
			return &apiError{status: 403, code: "AccessDenied", message: "User: arn:aws:iam::" + req.accountID + ":user/envdiff is not authorized to perform: cloudfront:" + req.operation}
		},
		unknown: func(op string) *apiError {
			return &apiError{status: 404, code: "UnknownOperationException", message: "Unknown operation " + op, outcome: OutcomeUnknownOperation}
		},
	}
}

// cloudFrontOperation names the REST operation from method and path.
func cloudFrontOperation(r *http.Request, _ []byte) string {
	p := strings.Trim(r.URL.Path, "/")
	parts := strings.Split(p, "/")
	if len(parts) < 2 || parts[0] != "2020-05-31" || r.Method != http.MethodGet {
		return r.Method + " " + r.URL.Path
	}
	switch {
	case len(parts) == 2 && parts[1] == "distribution":
		return "ListDistributions"
	case len(parts) == 3 && parts[1] == "distribution":
		return "GetDistribution"
	case len(parts) == 4 && parts[1] == "distribution" && parts[3] == "config":
		return "GetDistributionConfig"
	case len(parts) == 2 && parts[1] == "origin-request-policy":
		return "ListOriginRequestPolicies"
	case len(parts) == 3 && parts[1] == "origin-request-policy":
		return "GetOriginRequestPolicy"
	case len(parts) == 3 && parts[1] == "cache-policy":
		return "GetCachePolicy"
	}
	return r.Method + " " + r.URL.Path
}

func cfPathID(req *request) string {
	parts := strings.Split(strings.Trim(req.http.URL.Path, "/"), "/")
	if len(parts) < 3 {
		return ""
	}
	return parts[2]
}

func (e *Endpoint) distributions(req *request) []*Distribution {
	if req.account == nil {
		return nil
	}
	out := make([]*Distribution, 0, len(req.account.Distributions))
	for i := range req.account.Distributions {
		out = append(out, &req.account.Distributions[i])
	}
	return out
}

func (e *Endpoint) cfListDistributions(req *request) (*reply, *apiError) {
	q := req.http.URL.Query()
	asked := 0
	if s := q.Get("MaxItems"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			return nil, &apiError{status: 400, code: "InvalidArgument", message: "MaxItems must be a number"}
		}
		asked = n
	}
	all := e.distributions(req)
	marker := q.Get("Marker")
	// The marker is the id of the last distribution of the previous page.
	start := 0
	if marker != "" {
		i := slices.IndexFunc(all, func(d *Distribution) bool { return d.ID == marker })
		if i < 0 {
			return nil, &apiError{status: 400, code: "InvalidArgument", message: "Invalid marker"}
		}
		start = i + 1
	}
	size := e.pageSize(asked, 100, 1000)
	lo, hi, next := window(len(all), start, size)
	var x xmlb
	x.raw(`<?xml version="1.0" encoding="UTF-8"?>`)
	x.openNS("DistributionList", cloudFrontNS).t("Marker", marker)
	if next >= 0 {
		x.t("NextMarker", all[hi-1].ID)
	}
	x.i("MaxItems", size).b("IsTruncated", next >= 0).i("Quantity", hi-lo)
	if hi > lo {
		x.o("Items")
		for _, d := range all[lo:hi] {
			x.o("DistributionSummary").t("Id", d.ID).t("ARN", d.ARN).t("ETag", etag(d)).t("Status", d.Status).
				t("LastModifiedTime", e.clock().Add(-30*24*time.Hour).UTC().Format(time.RFC3339)).t("DomainName", d.DomainName)
			x.quantity("Aliases", "CNAME", d.Aliases)
			writeOrigins(&x, d)
			x.o("OriginGroups").i("Quantity", 0).c("OriginGroups")
			writeBehaviors(&x, d)
			x.o("CustomErrorResponses").i("Quantity", 0).c("CustomErrorResponses").
				t("Comment", "").t("PriceClass", "PriceClass_All").b("Enabled", d.Enabled)
			writeViewerCertificate(&x, d)
			x.o("Restrictions").o("GeoRestriction").t("RestrictionType", "none").i("Quantity", 0).c("GeoRestriction").c("Restrictions").
				t("WebACLId", "").t("HttpVersion", "http2").b("IsIPV6Enabled", true).b("Staging", false).
				c("DistributionSummary")
		}
		x.c("Items")
	}
	x.c("DistributionList")
	return xmlReply(&x, nil)
}

func etag(d *Distribution) string { return "E" + base32ID(13, d.ARN, "etag") }

func writeOrigins(x *xmlb, d *Distribution) {
	x.o("Origins").i("Quantity", len(d.Origins)).o("Items")
	for _, o := range d.Origins {
		x.o("Origin").t("Id", o.ID).t("DomainName", o.DomainName).t("OriginPath", "").
			o("CustomHeaders").i("Quantity", 0).c("CustomHeaders")
		if o.S3 {
			x.o("S3OriginConfig").t("OriginAccessIdentity", "").c("S3OriginConfig")
		} else {
			x.o("CustomOriginConfig").i("HTTPPort", o.HTTPPort).i("HTTPSPort", o.HTTPSPort).
				t("OriginProtocolPolicy", o.ProtocolPolicy).quantity("OriginSslProtocols", "SslProtocol", o.SSLProtocols).
				i("OriginReadTimeout", 30).i("OriginKeepaliveTimeout", 5).c("CustomOriginConfig")
		}
		x.i("ConnectionAttempts", 3).i("ConnectionTimeout", 10).
			o("OriginShield").b("Enabled", false).c("OriginShield").t("OriginAccessControlId", "").c("Origin")
	}
	x.c("Items").c("Origins")
}

func writeBehaviors(x *xmlb, d *Distribution) {
	x.o("DefaultCacheBehavior")
	writeBehavior(x, &d.DefaultBehavior)
	x.c("DefaultCacheBehavior")
	x.o("CacheBehaviors").i("Quantity", len(d.Behaviors))
	if len(d.Behaviors) > 0 {
		x.o("Items")
		for i := range d.Behaviors {
			x.o("CacheBehavior")
			writeBehavior(x, &d.Behaviors[i])
			x.c("CacheBehavior")
		}
		x.c("Items")
	}
	x.c("CacheBehaviors")
}

func writeBehavior(x *xmlb, b *Behavior) {
	if b.Path != "" {
		x.t("PathPattern", b.Path)
	}
	x.t("TargetOriginId", b.Origin).
		o("TrustedSigners").b("Enabled", false).i("Quantity", 0).c("TrustedSigners").
		o("TrustedKeyGroups").b("Enabled", false).i("Quantity", 0).c("TrustedKeyGroups").
		t("ViewerProtocolPolicy", b.ViewerProtocolPolicy).
		o("AllowedMethods").i("Quantity", 7).o("Items")
	for _, m := range []string{"HEAD", "DELETE", "POST", "GET", "OPTIONS", "PUT", "PATCH"} {
		x.t("Method", m)
	}
	x.c("Items").quantity("CachedMethods", "Method", []string{"HEAD", "GET"}).c("AllowedMethods").
		b("SmoothStreaming", false).b("Compress", true).
		o("LambdaFunctionAssociations").i("Quantity", 0).c("LambdaFunctionAssociations").
		o("FunctionAssociations").i("Quantity", 0).c("FunctionAssociations").
		t("FieldLevelEncryptionId", "")
	if b.ForwardedHeaders != nil {
		// Legacy cache settings, from before cache and origin request policies.
		x.o("ForwardedValues").b("QueryString", true).o("Cookies").t("Forward", "all").c("Cookies").
			quantity("Headers", "Name", b.ForwardedHeaders).
			o("QueryStringCacheKeys").i("Quantity", 0).c("QueryStringCacheKeys").c("ForwardedValues").
			i("MinTTL", 0).i("DefaultTTL", 86400).i("MaxTTL", 31536000)
		return
	}
	x.t("CachePolicyId", b.CachePolicyID)
	if b.OriginRequestPolicyID != "" {
		x.t("OriginRequestPolicyId", b.OriginRequestPolicyID)
	}
}

func writeViewerCertificate(x *xmlb, d *Distribution) {
	vc := d.ViewerCertificate
	x.o("ViewerCertificate")
	if vc.CloudFrontDefault {
		x.b("CloudFrontDefaultCertificate", true).t("SSLSupportMethod", "vip").
			t("MinimumProtocolVersion", vc.MinimumProtocolVersion).t("CertificateSource", "cloudfront")
	} else {
		x.b("CloudFrontDefaultCertificate", false).t("ACMCertificateArn", vc.ACMCertificateARN).
			t("SSLSupportMethod", vc.SSLSupportMethod).t("MinimumProtocolVersion", vc.MinimumProtocolVersion).
			t("Certificate", vc.ACMCertificateARN).t("CertificateSource", "acm")
	}
	x.c("ViewerCertificate")
}

func noSuchDistribution(id string) *apiError {
	return &apiError{status: 404, code: "NoSuchDistribution", message: "The specified distribution does not exist: " + id}
}

func (e *Endpoint) cfGetDistributionConfig(req *request) (*reply, *apiError) {
	id := cfPathID(req)
	i := slices.IndexFunc(e.distributions(req), func(d *Distribution) bool { return d.ID == id })
	if i < 0 {
		return nil, noSuchDistribution(id)
	}
	d := e.distributions(req)[i]
	var x xmlb
	x.raw(`<?xml version="1.0" encoding="UTF-8"?>`)
	x.openNS("DistributionConfig", cloudFrontNS).t("CallerReference", "envdiff-"+strings.ToLower(d.ID))
	x.quantity("Aliases", "CNAME", d.Aliases).t("DefaultRootObject", "")
	writeOrigins(&x, d)
	x.o("OriginGroups").i("Quantity", 0).c("OriginGroups")
	writeBehaviors(&x, d)
	x.o("CustomErrorResponses").i("Quantity", 0).c("CustomErrorResponses").t("Comment", "").
		o("Logging").b("Enabled", false).b("IncludeCookies", false).t("Bucket", "").t("Prefix", "").c("Logging").
		t("PriceClass", "PriceClass_All").b("Enabled", d.Enabled)
	writeViewerCertificate(&x, d)
	x.o("Restrictions").o("GeoRestriction").t("RestrictionType", "none").i("Quantity", 0).c("GeoRestriction").c("Restrictions").
		t("WebACLId", "").t("HttpVersion", "http2").b("IsIPV6Enabled", true).b("Staging", false).
		c("DistributionConfig")
	return xmlReply(&x, map[string]string{"ETag": etag(d)})
}

// managedPolicy is a managed origin request policy as CloudFront defines it.
type managedPolicy struct {
	name, comment        string
	headerBehavior       string
	headers              []string
	cookieBehavior       string
	queryStringsBehavior string
}

var managedOriginRequestPolicies = map[string]managedPolicy{
	PolicyAllViewer: {
		name: "Managed-AllViewer", comment: "Policy to forward all parameters in viewer requests",
		headerBehavior: "allViewer", cookieBehavior: "all", queryStringsBehavior: "all",
	},
	PolicyAllViewerExceptHostHeader: {
		name: "Managed-AllViewerExceptHostHeader", comment: "Policy to forward all parameters in viewer requests except for the Host header",
		headerBehavior: "allExcept", headers: []string{"host"}, cookieBehavior: "all", queryStringsBehavior: "all",
	},
	PolicyCORSS3Origin: {
		name: "Managed-CORS-S3Origin", comment: "Policy for origin request to support CORS for S3 origins",
		headerBehavior: "whitelist", headers: []string{"origin", "access-control-request-headers", "access-control-request-method"},
		cookieBehavior: "none", queryStringsBehavior: "none",
	},
	"59781a5b-3903-41f3-afcb-af62929ccde1": {
		name: "Managed-CORS-CustomOrigin", comment: "Policy for origin request to support CORS for custom origins",
		headerBehavior: "whitelist", headers: []string{"origin"}, cookieBehavior: "none", queryStringsBehavior: "none",
	},
	"acba4595-bd28-49b8-b9fe-13317c0390fa": {
		name: "Managed-UserAgentRefererHeaders", comment: "Policy to forward user-agent and referer headers to origin",
		headerBehavior: "whitelist", headers: []string{"referer", "user-agent"}, cookieBehavior: "none", queryStringsBehavior: "none",
	},
}

func (e *Endpoint) cfGetOriginRequestPolicy(req *request) (*reply, *apiError) {
	id := cfPathID(req)
	p, ok := managedOriginRequestPolicies[id]
	if !ok {
		return nil, &apiError{status: 404, code: "NoSuchOriginRequestPolicy", message: "The origin request policy does not exist."}
	}
	var x xmlb
	x.raw(`<?xml version="1.0" encoding="UTF-8"?>`)
	x.openNS("OriginRequestPolicy", cloudFrontNS).t("Id", id).t("LastModifiedTime", "2020-08-10T15:48:47Z").
		o("OriginRequestPolicyConfig").t("Comment", p.comment).t("Name", p.name).
		o("HeadersConfig").t("HeaderBehavior", p.headerBehavior)
	if len(p.headers) > 0 {
		x.quantity("Headers", "Name", p.headers)
	}
	x.c("HeadersConfig").
		o("CookiesConfig").t("CookieBehavior", p.cookieBehavior).c("CookiesConfig").
		o("QueryStringsConfig").t("QueryStringBehavior", p.queryStringsBehavior).c("QueryStringsConfig").
		c("OriginRequestPolicyConfig").c("OriginRequestPolicy")
	return xmlReply(&x, map[string]string{"ETag": "E23ZP02F085DFQ"})
}
