package diff

// Hop roles on a request path, in the order a request meets them.
const (
	HopDomain       = "domain"
	HopRecord       = "record"
	HopDistribution = "distribution"
	HopBehaviour    = "behaviour"
	HopOrigin       = "origin"
	HopLoadBalancer = "load balancer"
	HopListener     = "listener"
	HopCertificate  = "certificate"
	HopRule         = "rule"
	HopTargetGroup  = "target group"
	HopTargets      = "targets"
)

// Hop states.
const (
	HopOK      = "ok"
	HopFail    = "fail"    // a check fails at this hop (Note says which and why)
	HopUnknown = "unknown" // a collector failed: what lies here was not read
	HopMissing = "missing" // the walk could not continue (dangling name, no such origin)
)

// Hop is one step of a request path, for the paths view.
type Hop struct {
	Role   string `json:"role"`
	Name   string `json:"name"`             // e.g. "mydomain.com", "E3PRODEXAMPLE", "/core/*", "listener 443"
	Detail string `json:"detail,omitempty"` // e.g. "https-only, Host forwarded", "*.mydomain.com"
	Status string `json:"status"`
	Note   string `json:"note,omitempty"` // why it fails, e.g. "*.mydomain.com does not cover mydomain.com"
	Depth  int    `json:"depth"`          // indentation: behaviours fan out under a distribution
}

// RequestPath is the walk from one entry domain of an environment.
type RequestPath struct {
	Env   string `json:"env"`
	Entry string `json:"entry"`
	Hops  []Hop  `json:"hops"`
}
