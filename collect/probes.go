package collect

import "time"

// Probes is what live probes observed of an environment: what a client actually gets,
// next to what the APIs say is configured. It is absent from a snapshot taken without
// --probe, and a probe that could not run is Unknown, never a failure: a check must not
// conclude anything from a timeout.
type Probes struct {
	StartedAt time.Time `json:"started_at"`
	Seconds   float64   `json:"seconds"`
	// Resolver is the DNS server SRV names were asked ("host:port").
	Resolver string     `json:"resolver,omitempty"`
	TLS      []TLSProbe `json:"tls"`
	SRV      []SRVProbe `json:"srv"`
}

// ServiceProbe names the probes in progress events (they are no AWS service).
const ServiceProbe = "probe"

// Probe outcomes.
const (
	// ProbeOK: the handshake completed and the chain and host name verified; for SRV, the
	// name answered.
	ProbeOK = "ok"
	// ProbeFailed: the server was reached and what it answered is wrong (a certificate
	// that does not verify, a handshake the server refused, NXDOMAIN, no SRV records).
	ProbeFailed = "failed"
	// ProbeUnknown: the probe could not run (timeout, no route, refused, cancelled, a
	// resolver failure). Nothing is known about the name.
	ProbeUnknown = "unknown"
)

// Why a TLS name is probed.
const (
	// ProbeUseViewer: a viewer reaching a distribution through one of its aliases.
	ProbeUseViewer = "viewer"
	// ProbeUseOrigin: CloudFront reaching an HTTPS origin, validating Host.
	ProbeUseOrigin = "origin"
	// ProbeUseRecord: a client reaching a load balancer through a Route53 name.
	ProbeUseRecord = "record"
)

// TLSProbe is one TLS handshake: a host name (the SNI, and the name verified) against
// one address.
type TLSProbe struct {
	Host string `json:"host"`
	// Address is what was dialled, "name:port", and Dialled the IP:port actually reached
	// (after an override or a DNS lookup).
	Address string `json:"address"`
	Dialled string `json:"dialled,omitempty"`
	// Override is true when Dialled came from the configuration's override map.
	Override bool       `json:"override,omitempty"`
	Uses     []ProbeUse `json:"uses"`

	Status     string      `json:"status"` // ProbeOK | ProbeFailed | ProbeUnknown
	TLSVersion string      `json:"tls_version,omitempty"`
	LatencyMS  float64     `json:"latency_ms,omitempty"`
	Cert       *ServedCert `json:"cert,omitempty"`
	// VerifyError is crypto/x509's verdict on the served chain for Host; empty when it
	// verifies. VerifyKind classifies it: hostname | unknown_authority | expired | other.
	VerifyError string `json:"verify_error,omitempty"`
	VerifyKind  string `json:"verify_kind,omitempty"`
	// Error is why the handshake did not complete; ErrorKind: timeout | dns | refused |
	// unreachable | cancelled | handshake | other. Only "handshake" (the server answered
	// and refused) is a failure; the rest leave the status unknown.
	Error     string `json:"error,omitempty"`
	ErrorKind string `json:"error_kind,omitempty"`
}

// ProbeUse names the configuration a TLS probe stands for, so checks can compare what
// was served with what is configured there.
type ProbeUse struct {
	Kind           string `json:"kind"` // ProbeUseViewer | ProbeUseOrigin | ProbeUseRecord
	DistributionID string `json:"distribution_id,omitempty"`
	OriginID       string `json:"origin_id,omitempty"`
	// Behaviour is the path pattern ("" for the default behaviour) of an origin use.
	Behaviour       string `json:"behaviour,omitempty"`
	Record          string `json:"record,omitempty"`
	LoadBalancerARN string `json:"load_balancer_arn,omitempty"`
	ListenerARN     string `json:"listener_arn,omitempty"`
}

// ServedCert is the leaf certificate a server presented.
type ServedCert struct {
	Subject  string    `json:"subject"`
	DNSNames []string  `json:"dns_names"`
	Issuer   string    `json:"issuer"`
	NotAfter time.Time `json:"not_after"`
	SHA256   string    `json:"sha256"`
	// Chain is how many certificates the server sent, leaf included.
	Chain int `json:"chain"`
}

// Why an SRV name is probed.
const (
	SRVSourceCloudMap = "cloudmap"
	SRVSourceHAProxy  = "haproxy"
)

// SRVProbe is one SRV lookup against the configured resolver.
type SRVProbe struct {
	Name    string   `json:"name"`
	Sources []string `json:"sources"` // SRVSourceCloudMap, SRVSourceHAProxy
	// Namespace and Service name the Cloud Map service behind a cloudmap source.
	Namespace string `json:"namespace,omitempty"`
	Service   string `json:"service,omitempty"`

	Status string `json:"status"` // ProbeOK | ProbeFailed | ProbeUnknown
	// Rcode is the DNS response code (NOERROR, NXDOMAIN, SERVFAIL, ...), empty when no
	// answer came back.
	Rcode     string      `json:"rcode,omitempty"`
	Answers   []SRVAnswer `json:"answers,omitempty"`
	LatencyMS float64     `json:"latency_ms,omitempty"`
	// Error says why the lookup gave nothing usable; ErrorKind: nxdomain | nodata |
	// timeout | servfail | refused | cancelled | other. nxdomain and nodata are
	// failures (the resolver answered: there are no records); the rest are unknown.
	Error     string `json:"error,omitempty"`
	ErrorKind string `json:"error_kind,omitempty"`
}

// SRVAnswer is one SRV record with the addresses its target resolved to (from the
// answer's additional section, or a follow-up A lookup).
type SRVAnswer struct {
	Target    string   `json:"target"`
	Port      int      `json:"port"`
	Priority  int      `json:"priority"`
	Weight    int      `json:"weight"`
	Addresses []string `json:"addresses,omitempty"`
}
