// Package collect reads AWS environments into Snapshots: plain, versioned data that the
// diff engine and the dashboard consume. It knows AWS and nothing about diffs.
package collect

import (
	"time"
)

// SchemaVersion is written into every snapshot file. Loading refuses any other schema,
// and names a newer one as newer so the user knows to upgrade envdiff.
const SchemaVersion = "envdiff.snapshot/v1"

// Roles an environment can play in a comparison.
const (
	RolePassed = "passed"
	RoleTarget = "target"
)

// Environment is one environment to collect: what the scenario format and envdiff.yaml
// share, plus how to get credentials. Credentials never reach a snapshot: the fields that
// hold secrets are tagged json:"-".
type Environment struct {
	Name          string   `json:"name"`
	Role          string   `json:"role"`
	Account       string   `json:"account,omitempty"`
	Regions       []string `json:"regions"`
	Domains       []string `json:"domains"`
	Tokens        []string `json:"tokens,omitempty"`
	HAProxyConfig string   `json:"haproxy_config,omitempty"`

	// Credentials: a shared-config profile (SSO profiles included), optionally an
	// assumed role. Not secret, but not part of what was observed either.
	Profile     string `json:"-"`
	RoleARN     string `json:"-"`
	ExternalID  string `json:"-"`
	SessionName string `json:"-"`

	// Static credentials, used by scenario runs against the local endpoint.
	AccessKeyID     string `json:"-"`
	SecretAccessKey string `json:"-"`
}

// Snapshot is everything envdiff observed of one environment at one time.
type Snapshot struct {
	Schema      string      `json:"schema"`
	Environment Environment `json:"environment"`
	CollectedAt time.Time   `json:"collected_at"`

	Certificates  []Certificate  `json:"certificates"`
	LoadBalancers []LoadBalancer `json:"load_balancers"`
	Distributions []Distribution `json:"distributions"`
	HostedZones   []HostedZone   `json:"hosted_zones"`
	Namespaces    []Namespace    `json:"namespaces"`

	// Errors lists every collector that failed. What it would have read is unknown,
	// never absent.
	Errors  []CollectError `json:"errors"`
	Timings []Timing       `json:"timings"`

	// Probes is what live probes observed (envdiff --probe); nil when none ran.
	Probes *Probes `json:"probes,omitempty"`
}

// Services, as named in errors, timings, faults and progress events.
const (
	ServiceACM              = "acm"
	ServiceELBv2            = "elbv2"
	ServiceCloudFront       = "cloudfront"
	ServiceRoute53          = "route53"
	ServiceServiceDiscovery = "servicediscovery"
)

// GlobalRegion is where global services (CloudFront, Route53) and CloudFront's viewer
// certificates live.
const GlobalRegion = "us-east-1"

// Certificate is an ACM certificate.
type Certificate struct {
	ARN          string    `json:"arn"`
	Region       string    `json:"region"`
	Account      string    `json:"account"`
	DomainName   string    `json:"domain_name"`
	SANs         []string  `json:"sans"`
	Status       string    `json:"status"`
	Type         string    `json:"type"`
	KeyAlgorithm string    `json:"key_algorithm"`
	NotBefore    time.Time `json:"not_before"`
	NotAfter     time.Time `json:"not_after"`
	InUseBy      []string  `json:"in_use_by,omitempty"`
}

// LoadBalancer is an ELBv2 load balancer (ALB or NLB) with its listeners and the target
// groups attached to it.
type LoadBalancer struct {
	ARN                   string        `json:"arn"`
	Name                  string        `json:"name"`
	Region                string        `json:"region"`
	Type                  string        `json:"type"`   // application | network
	Scheme                string        `json:"scheme"` // internet-facing | internal
	DNSName               string        `json:"dns_name"`
	CanonicalHostedZoneID string        `json:"canonical_hosted_zone_id,omitempty"`
	State                 string        `json:"state,omitempty"`
	Listeners             []Listener    `json:"listeners"`
	TargetGroups          []TargetGroup `json:"target_groups"`
}

// Listener is one port of a load balancer.
type Listener struct {
	ARN       string `json:"arn"`
	Port      int    `json:"port"`
	Protocol  string `json:"protocol"` // HTTP | HTTPS | TCP | TLS | UDP | TCP_UDP
	SSLPolicy string `json:"ssl_policy,omitempty"`
	// Certificates holds the default certificate (IsDefault) and the SNI list, from
	// DescribeListenerCertificates, de-duplicated.
	Certificates   []ListenerCertificate `json:"certificates"`
	DefaultActions []Action              `json:"default_actions"`
	// Rules excludes the default rule; its actions are DefaultActions.
	Rules []Rule `json:"rules"`
}

// ListenerCertificate is a certificate a listener serves.
type ListenerCertificate struct {
	ARN       string `json:"arn"`
	IsDefault bool   `json:"is_default"`
}

// Action is a listener or rule action.
type Action struct {
	Type            string         `json:"type"` // forward | redirect | fixed-response | authenticate-*
	Order           int            `json:"order,omitempty"`
	TargetGroupARNs []string       `json:"target_group_arns,omitempty"`
	Redirect        *Redirect      `json:"redirect,omitempty"`
	FixedResponse   *FixedResponse `json:"fixed_response,omitempty"`
}

// Redirect is a redirect action's configuration, as AWS returns it (with #{...} tokens).
type Redirect struct {
	StatusCode string `json:"status_code"` // HTTP_301 | HTTP_302
	Protocol   string `json:"protocol,omitempty"`
	Host       string `json:"host,omitempty"`
	Port       string `json:"port,omitempty"`
	Path       string `json:"path,omitempty"`
	Query      string `json:"query,omitempty"`
}

// FixedResponse is a fixed-response action's configuration.
type FixedResponse struct {
	StatusCode  string `json:"status_code"`
	ContentType string `json:"content_type,omitempty"`
}

// Rule is a non-default listener rule.
type Rule struct {
	ARN        string      `json:"arn"`
	Priority   string      `json:"priority"`
	Conditions []Condition `json:"conditions"`
	Actions    []Action    `json:"actions"`
}

// Condition is a rule condition; Values are the patterns (host-header, path-pattern, ...).
type Condition struct {
	Field string `json:"field"`
	// HeaderName is set for http-header conditions.
	HeaderName string   `json:"header_name,omitempty"`
	Values     []string `json:"values"`
}

// TargetGroup is an ELBv2 target group with the health of its targets.
type TargetGroup struct {
	ARN              string   `json:"arn"`
	Name             string   `json:"name"`
	Protocol         string   `json:"protocol,omitempty"`
	Port             int      `json:"port,omitempty"`
	TargetType       string   `json:"target_type,omitempty"`
	HealthCheckPath  string   `json:"health_check_path,omitempty"`
	LoadBalancerARNs []string `json:"load_balancer_arns,omitempty"`
	Targets          []Target `json:"targets"`
}

// Target is one registered target and its health.
type Target struct {
	ID     string `json:"id"`
	Port   int    `json:"port,omitempty"`
	Health string `json:"health"` // healthy | unhealthy | draining | unused | initial | unavailable
	Reason string `json:"reason,omitempty"`
}

// Distribution is a CloudFront distribution.
type Distribution struct {
	ID                string            `json:"id"`
	ARN               string            `json:"arn"`
	DomainName        string            `json:"domain_name"`
	Enabled           bool              `json:"enabled"`
	Status            string            `json:"status"`
	Aliases           []string          `json:"aliases"`
	ViewerCertificate ViewerCertificate `json:"viewer_certificate"`
	Origins           []Origin          `json:"origins"`
	DefaultBehavior   Behavior          `json:"default_behavior"`
	Behaviors         []Behavior        `json:"behaviors"`
}

// ViewerCertificate is the certificate CloudFront presents to viewers.
type ViewerCertificate struct {
	CloudFrontDefault      bool   `json:"cloudfront_default,omitempty"`
	ACMCertificateARN      string `json:"acm_certificate_arn,omitempty"`
	IAMCertificateID       string `json:"iam_certificate_id,omitempty"`
	SSLSupportMethod       string `json:"ssl_support_method,omitempty"`
	MinimumProtocolVersion string `json:"minimum_protocol_version,omitempty"`
}

// Origin is a CloudFront origin. S3 origins have S3 set and no custom settings.
type Origin struct {
	ID             string   `json:"id"`
	DomainName     string   `json:"domain_name"`
	OriginPath     string   `json:"origin_path,omitempty"`
	S3             bool     `json:"s3,omitempty"`
	ProtocolPolicy string   `json:"protocol_policy,omitempty"` // http-only | match-viewer | https-only
	HTTPPort       int      `json:"http_port,omitempty"`
	HTTPSPort      int      `json:"https_port,omitempty"`
	SSLProtocols   []string `json:"ssl_protocols,omitempty"`
}

// Behavior is a cache behaviour; the default behaviour has an empty PathPattern.
type Behavior struct {
	PathPattern           string `json:"path_pattern,omitempty"`
	TargetOriginID        string `json:"target_origin_id"`
	ViewerProtocolPolicy  string `json:"viewer_protocol_policy"`
	OriginRequestPolicyID string `json:"origin_request_policy_id,omitempty"`
	// ForwardsHost says whether the viewer's Host header reaches the origin, resolved
	// from the origin request policy (managed or custom) or legacy ForwardedValues.
	ForwardsHost bool `json:"forwards_host"`
	// HostForwardingSource says how ForwardsHost was decided, for the evidence pane:
	// e.g. "origin request policy AllViewer", "legacy ForwardedValues.Headers".
	HostForwardingSource string `json:"host_forwarding_source,omitempty"`
}

// HostedZone is a Route53 hosted zone. Names are lower case, unescaped (\052 → *),
// without the trailing dot.
type HostedZone struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Private bool     `json:"private"`
	Records []Record `json:"records"`
}

// Record is a Route53 resource record set. Names and alias targets are normalised like
// zone names.
type Record struct {
	Name          string   `json:"name"`
	Type          string   `json:"type"`
	TTL           int64    `json:"ttl,omitempty"`
	Values        []string `json:"values,omitempty"`
	AliasTarget   string   `json:"alias_target,omitempty"`
	SetIdentifier string   `json:"set_identifier,omitempty"`
}

// Namespace is a Cloud Map namespace with its services.
type Namespace struct {
	ID           string    `json:"id"`
	ARN          string    `json:"arn,omitempty"`
	Name         string    `json:"name"`
	Type         string    `json:"type"` // DNS_PRIVATE | DNS_PUBLIC | HTTP
	Region       string    `json:"region"`
	HostedZoneID string    `json:"hosted_zone_id,omitempty"`
	Services     []Service `json:"services"`
}

// Service is a Cloud Map service with its registered instances.
type Service struct {
	ID          string      `json:"id"`
	ARN         string      `json:"arn,omitempty"`
	Name        string      `json:"name"`
	DNSRecords  []DNSRecord `json:"dns_records,omitempty"`
	HealthCheck string      `json:"health_check,omitempty"` // none | custom | route53
	Instances   []Instance  `json:"instances"`
}

// DNSRecord is a record type a Cloud Map service registers for its instances.
type DNSRecord struct {
	Type string `json:"type"`
	TTL  int64  `json:"ttl"`
}

// Instance is a registered Cloud Map instance.
type Instance struct {
	ID         string            `json:"id"`
	IPv4       string            `json:"ipv4,omitempty"`
	Port       int               `json:"port,omitempty"`
	Attributes map[string]string `json:"attributes,omitempty"`
	Health     string            `json:"health"` // HEALTHY | UNHEALTHY | UNKNOWN
}

// Error kinds recorded for a failed collector.
const (
	ErrAccessDenied = "access_denied"
	ErrThrottled    = "throttled"
	ErrTimeout      = "timeout"
	ErrServerError  = "server_error"
	ErrMalformed    = "malformed"
	ErrCredentials  = "credentials"
	ErrOther        = "other"
)

// CollectError records a collector that failed. Region is GlobalRegion for global
// services. An empty Service means the whole environment failed (e.g. credentials).
type CollectError struct {
	Service   string `json:"service"`
	Region    string `json:"region"`
	Operation string `json:"operation,omitempty"`
	Kind      string `json:"kind"`
	Message   string `json:"message"`
}

// Timing records how long one collector (service × region) took.
type Timing struct {
	Service  string  `json:"service"`
	Region   string  `json:"region"`
	Seconds  float64 `json:"seconds"`
	Calls    int     `json:"calls"`
	Items    int     `json:"items"`
	Retries  int     `json:"retries,omitempty"`
	Throttle int     `json:"throttled,omitempty"`
	// SharedWith names the environment whose collector read this: environments with
	// the same account and credentials read each service and region once. Calls are
	// then counted there only (here 0).
	SharedWith string `json:"shared_with,omitempty"`
}

// Failed reports whether the collector for service in region failed (or the whole
// environment did), so that what it would have read is unknown. Global services are
// matched regardless of region.
func (s *Snapshot) Failed(service, region string) bool {
	for _, e := range s.Errors {
		if e.Service == "" {
			return true
		}
		if e.Service != service {
			continue
		}
		if e.Region == "" || e.Region == region || service == ServiceCloudFront || service == ServiceRoute53 {
			return true
		}
	}
	return false
}

// Complete reports whether every collector succeeded.
func (s *Snapshot) Complete() bool { return len(s.Errors) == 0 }
