package diff

import "time"

// DefaultCertWarning is how long before expiry cert-expiry starts to warn.
const DefaultCertWarning = 30 * 24 * time.Hour

// Options tune an analysis. The zero value is usable.
type Options struct {
	// Now is the instant cert-expiry and ignore expiry are judged against; zero means
	// time.Now(). Tests and `envdiff diff` over old snapshots pin it.
	Now time.Time
	// CertWarning is the cert-expiry window; zero means DefaultCertWarning.
	CertWarning time.Duration
	// Ignore hides findings; see IgnoreRule.
	Ignore []IgnoreRule
}

// IgnoreRule hides the findings it matches. Empty Check or Env match any; Node is a
// glob over Finding.Node with path.Match syntax, except that `*` also crosses `/` (node
// paths contain path patterns such as /core/*), so `*` matches any run of characters,
// `?` one character and `[...]` a class; an empty Node matches any node. A zero Until
// means forever; once Until has passed the rule hides nothing and is listed in
// Result.ExpiredIgnores.
type IgnoreRule struct {
	Check  string    `json:"check,omitempty" yaml:"check,omitempty" mapstructure:"check"`
	Env    string    `json:"env,omitempty" yaml:"env,omitempty" mapstructure:"env"`
	Node   string    `json:"node,omitempty" yaml:"node,omitempty" mapstructure:"node"`
	Reason string    `json:"reason,omitempty" yaml:"reason,omitempty" mapstructure:"reason"`
	Until  time.Time `json:"until,omitempty" yaml:"until,omitempty" mapstructure:"until"`
}

func (o Options) now() time.Time {
	if o.Now.IsZero() {
		return time.Now().UTC()
	}
	return o.Now
}

func (o Options) certWarning() time.Duration {
	if o.CertWarning <= 0 {
		return DefaultCertWarning
	}
	return o.CertWarning
}
