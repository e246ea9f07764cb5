// Package awsfake is a local AWS endpoint: it serves a scenario file (format v1, see
// /work/shared/scenario-format.md) over the real wire protocols of ACM, ELBv2,
// CloudFront, Route53 and Cloud Map, so that the real SDK clients — and therefore
// pagination, error decoding, retries and per-account credentials — are exercised in
// tests, in the demo and in benchmarks.
package awsfake

// Services, with the same names as the collect.Service* constants (not imported: the
// collect package's tests import this one).
const (
	ServiceACM              = "acm"
	ServiceELBv2            = "elbv2"
	ServiceCloudFront       = "cloudfront"
	ServiceRoute53          = "route53"
	ServiceServiceDiscovery = "servicediscovery"
)

// GlobalRegion is where CloudFront and Route53 answer from, whatever region a client
// signs with.
const GlobalRegion = "us-east-1"

// Fault kinds.
const (
	FaultThrottle     = "throttle"
	FaultServerError  = "server_error"
	FaultAccessDenied = "access_denied"
	FaultTimeout      = "timeout"
	FaultMalformed    = "malformed"
)

// Scenario is a parsed scenario file, or one built in code (benchmarks generate big
// ones). Validate applies the defaults and derives ARNs and ids; ParseScenario calls it.
type Scenario struct {
	File, Name, Description string
	Environments            []Environment
	Accounts                map[string]*Account // by 12-digit account id
	Faults                  []Fault
	LatencyMS               int
	RateLimits              string // "none" | "aws"
	PageSize                int    // 0 = each API's real maximum

	src Src // lines of the top-level keys
}

// Environment is one environment of a scenario.
type Environment struct {
	Name, Role, Account      string
	Regions, Domains, Tokens []string // Regions default [us-east-1]
	HAProxyConfig            string
	Src
}

// Src locates a value in its scenario file so that errors found after parsing still
// name a line. Values built in code have none, and their errors name only the key.
type Src struct {
	Line int
	keys map[string]int // line of each key, set by the parser
}

func (s Src) line(key string) int {
	if l, ok := s.keys[key]; ok {
		return l
	}
	return s.Line
}

// Account holds the resources of one AWS account.
type Account struct {
	ID            string
	Certificates  []Certificate
	LoadBalancers []LoadBalancer
	Distributions []Distribution
	HostedZones   []HostedZone
	Namespaces    []Namespace
	Src
}

// Certificate is an ACM certificate. Region and ID come from the ARN.
type Certificate struct {
	ARN          string
	Domain       string
	SANs         []string // default [Domain]
	Status       string   // default ISSUED
	Type         string   // default AMAZON_ISSUED
	NotBefore    Time     // default -180d
	NotAfter     Time     // default +180d
	KeyAlgorithm string   // default RSA_2048

	Region, Account string // derived from ARN
	Src
}

// LoadBalancer is an ELBv2 load balancer with its listeners and target groups.
type LoadBalancer struct {
	Name, Region string
	Type         string // application (default) | network
	Scheme       string // internet-facing (default) | internal
	DNSName      string // default NAME-1234567890.REGION.elb.amazonaws.com
	Listeners    []Listener
	TargetGroups []TargetGroup

	ARN, Account          string // derived
	CanonicalHostedZoneID string // derived from region and type
	Src
}

// Listener is one port of a load balancer.
type Listener struct {
	Port            int
	Protocol        string // HTTP | HTTPS | TCP | TLS
	SSLPolicy       string
	Certificate     string   // default certificate ARN
	SNICertificates []string // more ARNs, served by DescribeListenerCertificates
	DefaultAction   Action
	Rules           []Rule

	ARN string // derived
	Src
}

// Action is a listener or rule action.
type Action struct {
	Type string // forward | redirect | fixed-response
	// forward
	TargetGroup    string // name, as written in the scenario
	TargetGroupARN string // derived
	// redirect
	Status                            string // HTTP_301 | HTTP_302
	Protocol, Host, Port, Path, Query string
	// fixed-response
	StatusCode, ContentType string
	Src
}

// Rule is a non-default listener rule.
type Rule struct {
	Priority   int
	Conditions []Condition
	Action     Action

	ARN string // derived
	Src
}

// Condition is a rule condition.
type Condition struct {
	Field      string // host-header | path-pattern | http-header
	HeaderName string // http-header only
	Values     []string
	Src
}

// TargetGroup is an ELBv2 target group.
type TargetGroup struct {
	Name            string
	Protocol        string
	Port            int
	HealthCheckPath string
	Targets         []Target

	ARN        string // derived
	TargetType string // derived: ip when every target id is an IP address, else instance
	Src
}

// Target is a registered target.
type Target struct {
	ID     string
	Port   int
	Health string // healthy (default) | unhealthy | draining | unused | initial
	Src
}

// Distribution is a CloudFront distribution.
type Distribution struct {
	ID         string
	DomainName string // default lower(ID).cloudfront.net
	// Enabled defaults to true in a scenario file; code must set it.
	Enabled           bool
	Status            string // default Deployed
	Aliases           []string
	ViewerCertificate ViewerCertificate
	Origins           []Origin
	DefaultBehavior   Behavior
	Behaviors         []Behavior

	ARN, Account string // derived
	Src
}

// ViewerCertificate is the certificate CloudFront shows viewers.
type ViewerCertificate struct {
	ACMCertificateARN      string
	SSLSupportMethod       string
	MinimumProtocolVersion string
	CloudFrontDefault      bool
	Src
}

// Origin is a CloudFront origin: S3, or custom with the protocol settings.
type Origin struct {
	ID, DomainName string
	S3             bool
	ProtocolPolicy string   // custom: http-only | match-viewer | https-only (default https-only)
	HTTPSPort      int      // default 443
	HTTPPort       int      // default 80
	SSLProtocols   []string // default [TLSv1.2]
	Src
}

// Behavior is a cache behaviour; the default behaviour has no Path.
type Behavior struct {
	Path                 string
	Origin               string
	ViewerProtocolPolicy string // default allow-all
	ForwardHostHeader    bool
	// ForwardedHeaders selects the legacy ForwardedValues form (no policies) with these
	// headers: how distributions made before cache policies look.
	ForwardedHeaders []string

	OriginRequestPolicyID string // derived from ForwardHostHeader and the origin's kind
	CachePolicyID         string // derived
	Src
}

// HostedZone is a Route53 hosted zone.
type HostedZone struct {
	Name    string // with the trailing dot
	ID      string // default derived from account and name
	Private bool
	Records []Record

	Account string // derived
	Src
}

// Record is a resource record set, served exactly as listed.
type Record struct {
	Name, Type  string
	TTL         int64 // default 300 (not for aliases)
	Values      []string
	AliasTarget string
	// AliasZoneID is the alias target's hosted zone id, derived from its DNS name
	// (CloudFront, ELB or a zone of the same account).
	AliasZoneID string
	Src
}

// Namespace is a Cloud Map namespace.
type Namespace struct {
	Name, Region string
	Type         string // DNS_PRIVATE (default) | DNS_PUBLIC | HTTP
	Services     []Service

	ID, ARN, Account string // derived
	HostedZoneID     string // derived: the zone of the same name, privacy and account
	Src
}

// Service is a Cloud Map service.
type Service struct {
	Name        string
	DNSRecords  []DNSRecord // default [{SRV 60}]
	HealthCheck string      // none (default) | custom | route53
	Instances   []Instance

	ID, ARN string // derived
	Src
}

// DNSRecord is a record type a service registers for its instances.
type DNSRecord struct {
	Type string
	TTL  int64
	Src
}

// Instance is a registered instance. Attributes, after Validate, hold what ECS
// registers (AWS_INSTANCE_IPV4, AWS_INSTANCE_PORT, AVAILABILITY_ZONE, ECS_*), overridden
// by any the scenario lists.
type Instance struct {
	ID         string
	IPv4       string
	Port       int
	Health     string // HEALTHY (default) | UNHEALTHY | UNKNOWN
	Attributes map[string]string
	Src
}

// Fault makes matching calls fail.
type Fault struct {
	Env, Account string // one of them; Validate resolves Env to Account
	Service      string
	Operation    string // empty: every operation of the service
	Region       string // empty: every region
	Kind         string
	Times        int // 0: every call
	Src
}
