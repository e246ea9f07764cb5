package probe

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/miekg/dns"

	"github.com/envdiff/envdiff/collect"
)

// Kinds of an SRV probe's error.
const (
	srvNXDomain = "nxdomain"
	srvNoData   = "nodata"
	srvServFail = "servfail"
	srvRefused  = "refused"
)

// defaultResolver is the first nameserver of /etc/resolv.conf.
func defaultResolver() (string, error) {
	cc, err := dns.ClientConfigFromFile("/etc/resolv.conf")
	if err != nil {
		return "", fmt.Errorf("no probe.resolver configured and /etc/resolv.conf is unreadable: %w", err)
	}
	if len(cc.Servers) == 0 {
		return "", errors.New("no probe.resolver configured and /etc/resolv.conf lists no nameserver")
	}
	return resolverAddress(cc.Servers[0] + ":" + cc.Port)
}

// exchange asks resolver one question, over UDP, and again over TCP when the answer was
// truncated.
func exchange(ctx context.Context, resolver, name string, qtype uint16, timeout time.Duration) (*dns.Msg, time.Duration, error) {
	m := new(dns.Msg)
	m.SetQuestion(dns.Fqdn(name), qtype)
	m.RecursionDesired = true
	m.SetEdns0(4096, false)
	c := &dns.Client{Net: "udp", Timeout: timeout}
	r, rtt, err := c.ExchangeContext(ctx, m, resolver)
	if err == nil && r.Truncated {
		c.Net = "tcp"
		r, rtt, err = c.ExchangeContext(ctx, m, resolver)
	}
	return r, rtt, err
}

// probeSRV resolves one SRV name. NXDOMAIN and an empty answer are failures (the
// resolver said there is nothing); a timeout, SERVFAIL or REFUSED leave it unknown.
func probeSRV(ctx context.Context, t srvTarget, resolver string, opts Options) collect.SRVProbe {
	p := collect.SRVProbe{
		Name: t.name, Sources: t.sources, Namespace: t.namespace, Service: t.service,
		Status: collect.ProbeUnknown,
	}
	ctx, cancel := context.WithTimeout(ctx, opts.Timeout)
	defer cancel()
	r, rtt, err := exchange(ctx, resolver, t.name, dns.TypeSRV, opts.Timeout)
	if err != nil {
		p.Error = fmt.Sprintf("SRV %s at %s: %v", t.name, resolver, err)
		p.ErrorKind = dialErrorKind(ctx, err, errKindOther)
		return p
	}
	p.LatencyMS = float64(rtt.Microseconds()) / 1000
	p.Rcode = dns.RcodeToString[r.Rcode]
	switch r.Rcode {
	case dns.RcodeSuccess:
	case dns.RcodeNameError:
		p.Status, p.ErrorKind = collect.ProbeFailed, srvNXDomain
		p.Error = fmt.Sprintf("%s does not exist (NXDOMAIN from %s)", t.name, resolver)
		return p
	case dns.RcodeServerFailure:
		p.ErrorKind, p.Error = srvServFail, fmt.Sprintf("%s answered SERVFAIL for %s", resolver, t.name)
		return p
	case dns.RcodeRefused:
		p.ErrorKind, p.Error = srvRefused, fmt.Sprintf("%s refused to answer for %s", resolver, t.name)
		return p
	default:
		p.ErrorKind, p.Error = errKindOther, fmt.Sprintf("%s answered %s for %s", resolver, p.Rcode, t.name)
		return p
	}
	extra := addressesIn(r.Extra)
	for _, rr := range r.Answer {
		srv, ok := rr.(*dns.SRV)
		if !ok {
			continue
		}
		target := strings.TrimSuffix(strings.ToLower(srv.Target), ".")
		a := collect.SRVAnswer{Target: target, Port: int(srv.Port), Priority: int(srv.Priority), Weight: int(srv.Weight)}
		a.Addresses = extra[target]
		if len(a.Addresses) == 0 {
			a.Addresses = lookupA(ctx, resolver, target, opts.Timeout)
		}
		p.Answers = append(p.Answers, a)
	}
	if len(p.Answers) == 0 {
		p.Status, p.ErrorKind = collect.ProbeFailed, srvNoData
		p.Error = fmt.Sprintf("%s exists but has no SRV records", t.name)
		return p
	}
	sort.Slice(p.Answers, func(i, j int) bool {
		a, b := p.Answers[i], p.Answers[j]
		if a.Priority != b.Priority {
			return a.Priority < b.Priority
		}
		if a.Target != b.Target {
			return a.Target < b.Target
		}
		return a.Port < b.Port
	})
	p.Status = collect.ProbeOK
	return p
}

// addressesIn collects A/AAAA records by owner name.
func addressesIn(rrs []dns.RR) map[string][]string {
	out := map[string][]string{}
	for _, rr := range rrs {
		name := strings.TrimSuffix(strings.ToLower(rr.Header().Name), ".")
		switch v := rr.(type) {
		case *dns.A:
			out[name] = append(out[name], v.A.String())
		case *dns.AAAA:
			out[name] = append(out[name], v.AAAA.String())
		}
	}
	return out
}

// lookupA resolves an SRV target the resolver did not give addresses for. A failure
// leaves the addresses empty: the answer itself is still known.
func lookupA(ctx context.Context, resolver, name string, timeout time.Duration) []string {
	r, _, err := exchange(ctx, resolver, name, dns.TypeA, timeout)
	if err != nil || r.Rcode != dns.RcodeSuccess {
		return nil
	}
	return addressesIn(r.Answer)[name]
}
