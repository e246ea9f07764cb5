package diff

// Check ids: the public, stable names of checks.md.
const (
	CheckOriginCertCoversHost    = "origin-cert-covers-host"
	CheckViewerCertCoversAliases = "viewer-cert-covers-aliases"
	CheckViewerCertRegion        = "viewer-cert-region"
	CheckListenerCertRegion      = "listener-cert-region"
	CheckListenerCertCoversDNS   = "listener-cert-covers-dns"
	CheckCertStatus              = "cert-status"
	CheckCertExpiry              = "cert-expiry"
	CheckAliasTargetExists       = "alias-target-exists"
	CheckDistributionAliasDNS    = "distribution-alias-dns"
	CheckOriginTargetExists      = "origin-target-exists"
	CheckHTTPRedirectsHTTPS      = "http-redirects-https"
	CheckViewerHTTPS             = "viewer-https"
	CheckTargetGroupHealthy      = "target-group-healthy"
	CheckSRVHasTargets           = "srv-has-targets"
	CheckSRVRecordsMatch         = "srv-records-match-instances"
	CheckHAProxySRVResolves      = "haproxy-srv-resolves"

	CheckMissingInTarget      = "missing-in-target"
	CheckAttributeDiffers     = "attribute-differs"
	CheckExtraInTarget        = "extra-in-target"
	CheckCollectionIncomplete = "collection-incomplete"
)

// CheckInfo describes a check for `envdiff explain`, the dashboard and the report.
type CheckInfo struct {
	ID       string
	Title    string
	Severity Severity // default; regressions are raised one step
	// Explanation says what the check looks at and why a failure breaks requests.
	Explanation string
	// Fix says how to make the check hold.
	Fix string
}

// outcome is one evaluation of a check on one node of one environment. A check returns
// an outcome that holds as well as one that fails, so the engine knows where a failure
// is new; it returns nothing where it cannot tell (a collector failed).
type outcome struct {
	key      string // node key: matches the same node in other environments
	at       string // node key the paths view marks (defaults to key)
	node     string // the node in this environment's names
	resource string
	fail     bool
	message  string
	value    string // short value for Finding.Values
	evidence []attr // label → value in this environment
	sev      Severity
	hasSev   bool // sev overrides the check's default (cert-expiry when already expired)
}

// checkDef is one row of the check table: adding a check is adding a row and a function
// in its own file.
type checkDef struct {
	info CheckInfo
	run  func(*Graph) []outcome // nil for parity ids and checks not evaluated here
}

// checkTable is the one table of checks, in checks.md order. It is built per call so
// nothing package-level can be mutated.
func checkTable() []checkDef {
	return []checkDef{
		{CheckInfo{CheckOriginCertCoversHost, "Origin certificate covers the host CloudFront validates", High,
			"For every CloudFront origin reached over HTTPS (https-only, or match-viewer with a viewer policy that allows HTTPS), CloudFront checks the origin's certificate against a host name: each alias of the distribution when the behaviour forwards the viewer's Host header, else the origin's domain name. If no certificate the origin's HTTPS listener serves (default or SNI) covers that name, CloudFront answers 502 for every request on that path.",
			"Add a certificate that covers the validated name to the load balancer's HTTPS listener (as an SNI certificate, or as its default), or stop forwarding the Host header so CloudFront validates the origin's own domain name."},
			checkOriginCert},
		{CheckInfo{CheckViewerCertCoversAliases, "Viewer certificate covers every alias", High,
			"Viewers connect to the distribution's aliases; a viewer certificate that does not cover an alias fails the TLS handshake for every visitor of that name.",
			"Request an ACM certificate in us-east-1 that covers every alias (or a wildcard one label above) and attach it to the distribution."},
			checkViewerCertCoversAliases},
		{CheckInfo{CheckViewerCertRegion, "Viewer certificate is an ACM certificate in us-east-1", High,
			"CloudFront only accepts ACM certificates from us-east-1; a certificate elsewhere cannot be attached, and changes to the distribution fail.",
			"Request or import the certificate in ACM in us-east-1 and attach that one."},
			checkViewerCertRegion},
		{CheckInfo{CheckListenerCertRegion, "Listener certificates are in the load balancer's region and account", High,
			"A load balancer can only serve ACM certificates of its own region and account; ACM certificates cannot be copied between regions.",
			"Request or import the certificate in the load balancer's region and account and replace it on the listener."},
			checkListenerCertRegion},
		{CheckInfo{CheckListenerCertCoversDNS, "Listener certificates cover the names that point at the load balancer", High,
			"Every Route53 name that aliases (or CNAMEs) to a load balancer is a name clients use for it; if no certificate of its HTTPS/TLS listener covers the name, clients fail the TLS handshake.",
			"Add a certificate covering the name to the HTTPS listener (SNI list), or remove the record."},
			checkListenerCertCoversDNS},
		{CheckInfo{CheckCertStatus, "Certificates in use are issued", High,
			"A certificate in use that is not ISSUED (pending validation, expired, revoked, failed) is not served, or is served and rejected.",
			"Complete the certificate's validation or replace it with an issued one."},
			checkCertStatus},
		{CheckInfo{CheckCertExpiry, "Certificates in use are not about to expire", Medium,
			"A certificate past its expiry is rejected by every client; one close to it will be soon (imported certificates are not renewed by ACM; DNS validation records that were removed stop renewal).",
			"Renew or re-import the certificate; for ACM certificates, make sure the validation records still exist."},
			checkCertExpiry},
		{CheckInfo{CheckAliasTargetExists, "Route53 aliases and CNAMEs into AWS point at existing resources", High,
			"A record that points at a CloudFront distribution, load balancer or S3 endpoint that no longer exists is dangling: requests fail, and anyone who creates a resource with that name can take the domain over.",
			"Point the record at the current resource, or delete it."},
			checkAliasTargetExists},
		{CheckInfo{CheckDistributionAliasDNS, "Distribution aliases have DNS records pointing at the distribution", Medium,
			"An alias of an enabled distribution whose Route53 record is missing or points elsewhere never reaches the distribution. Checked only where the alias's zone is in the snapshot.",
			"Create an alias record (A/AAAA) for the name pointing at the distribution's domain name, or remove the alias."},
			checkDistributionAliasDNS},
		{CheckInfo{CheckOriginTargetExists, "Custom origins lead to something that exists", Medium,
			"A custom origin whose domain is a load balancer that does not exist (or a name that leads nowhere) makes CloudFront answer 502 on every request of the behaviours using it.",
			"Point the origin at the current load balancer's DNS name or at a record that leads to it."},
			checkOriginTargetExists},
		{CheckInfo{CheckHTTPRedirectsHTTPS, "HTTP listeners redirect to HTTPS", Low,
			"A load balancer that has an HTTPS listener but answers plain HTTP with content serves traffic unencrypted.",
			"Make the HTTP listener's default action a redirect to HTTPS (port 443, HTTP_301)."},
			checkHTTPRedirectsHTTPS},
		{CheckInfo{CheckViewerHTTPS, "Viewers are sent to HTTPS", Low,
			"A behaviour with viewer protocol policy allow-all serves viewers over plain HTTP.",
			"Set the behaviour's viewer protocol policy to redirect-to-https or https-only."},
			checkViewerHTTPS},
		{CheckInfo{CheckTargetGroupHealthy, "Target groups have a healthy target", High,
			"A listener that forwards to a target group with no healthy target answers 503.",
			"Register healthy targets, or fix the health check (path, port, security groups)."},
			checkTargetGroupHealthy},
		{CheckInfo{CheckSRVHasTargets, "Cloud Map services have a healthy instance", High,
			"A Cloud Map service with no healthy instance resolves to nothing: callers that discover it by DNS or API get no endpoint.",
			"Start healthy tasks for the service, or fix the health status they report."},
			checkSRVHasTargets},
		{CheckInfo{CheckSRVRecordsMatch, "SRV records match the registered instances", Medium,
			"The SRV records of a Cloud Map service's DNS name should list exactly its registered instances (address and port); a stale record sends callers to an endpoint that is gone, a missing one hides an instance.",
			"Deregister stale instances and let Cloud Map rewrite the records; do not edit Cloud Map's records by hand."},
			checkSRVRecordsMatch},
		{CheckInfo{CheckHAProxySRVResolves, "HAProxy's SRV names resolve", High,
			"Every SRV name the environment's HAProxy configuration resolves at run time (server-template or server over _svc._proto.NAME with resolvers) must have SRV records, or HAProxy has no servers for that backend. A live probe's answer decides where there is one; else the snapshot's hosted zones do. A configuration that does not parse fails too: HAProxy would not start.",
			"Create the Cloud Map service (or records) HAProxy expects, or fix the name in the HAProxy configuration (HAProxy asks for the name exactly as written, _service._proto labels included)."},
			checkHAProxySRVResolves},
		{CheckInfo{CheckHAProxyTemplateCapacity, "HAProxy server-templates have a slot per instance", Medium,
			"A server-template declares a fixed number of server slots; when the Cloud Map service behind its SRV name has more registered instances, the extra instances are discovered but never get traffic.",
			"Raise the server-template's count to at least the service's maximum number of instances."},
			checkHAProxyTemplateCapacity},
		{CheckInfo{CheckProbeTLSVerifies, "Live TLS handshakes verify", High,
			"With --probe, envdiff completes a TLS handshake with every host name a viewer, CloudFront or a client uses (the SNI of that name, at the address AWS resolves it to or the configured override) and verifies the served chain and host name with crypto/x509. A failure here is what clients get now, whatever the configuration says. A probe that could not run (timeout, no route) is unknown, never a failure.",
			"Serve a certificate that covers the host name from a trusted issuer (see origin-cert-covers-host and listener-cert-covers-dns for the configured side), or fix the name clients use."},
			checkProbeTLSVerifies},
		{CheckInfo{CheckProbeCertMatchesConfig, "Served certificate is the configured one", Medium,
			"The certificate a live handshake returned should have the names of a certificate the listener (or the distribution's viewer certificate) is configured with; when it does not, the probe reached something else (another load balancer, a proxy, a stale DNS record) or a change has not taken effect.",
			"Check where the name resolves and which listener answers; update DNS or the listener's certificates."},
			checkProbeCertMatchesConfig},
		{CheckInfo{CheckProbeSRVAnswers, "Live SRV answers list the registered instances", High,
			"With --probe, envdiff asks the configured resolver for each Cloud Map service's SRV name; the answers (address and port) must be the service's registered healthy instances. NXDOMAIN and empty answers count; a timeout is unknown.",
			"Check the namespace's hosted zone and the resolver (VPC association, forwarding rules); deregister stale instances."},
			checkProbeSRVAnswers},
		{CheckInfo{CheckMissingInTarget, "Present in every passed environment, absent from the target", Medium,
			"A resource every environment that passed has, in the same role on the request path, is absent from the target.",
			"Create the resource in the target, or confirm it is no longer needed and ignore the finding."}, nil},
		{CheckInfo{CheckAttributeDiffers, "Setting differs from every passed environment", Low,
			"A setting has the same value in every environment that passed and another one in the target (TLS policy, protocol policy, redirect and port differences are medium).",
			"Align the target's setting with the passed environments, or ignore the finding if the difference is intended."}, nil},
		{CheckInfo{CheckExtraInTarget, "Only in the target", Info,
			"A resource exists in the target and in no environment that passed: it was never tested.",
			"Nothing to fix if intended; otherwise remove it."}, nil},
		{CheckInfo{CheckCollectionIncomplete, "Collection incomplete", High,
			"A collector failed (access denied, throttled past its retries, timeout, bad response): what it would have read is unknown, and envdiff never reports it as missing.",
			"Grant the read-only permissions in the README, or retry; the message names the service, region and error."}, nil},
	}
}

// Checks returns the table of checks and finding ids, in checks.md order.
func Checks() []CheckInfo {
	t := checkTable()
	out := make([]CheckInfo, len(t))
	for i, d := range t {
		out[i] = d.info
	}
	return out
}

// LookupCheck finds a check by id.
func LookupCheck(id string) (CheckInfo, bool) {
	for _, d := range checkTable() {
		if d.info.ID == id {
			return d.info, true
		}
	}
	return CheckInfo{}, false
}
