package probetest

import (
	"net"
	"strings"
	"sync"
	"testing"

	"github.com/miekg/dns"
)

// DNS is an authoritative DNS server on a loopback UDP port, serving the records it is
// given: a name it holds no record for is NXDOMAIN, a name it holds with another type is
// NOERROR with no answer (NODATA), and a black-holed name gets no reply at all (the
// client times out). SRV answers carry their targets' A records in the additional
// section, as Route53 and Cloud Map do.
type DNS struct {
	Addr string // "127.0.0.1:port"

	mu      sync.Mutex
	records map[string][]dns.RR // by lower-case FQDN with trailing dot
	holes   map[string]bool
	queries int
	asked   map[string]int
	// bare leaves the additional section empty, as a resolver may: clients must then
	// look the SRV targets up themselves.
	bare bool
}

// NewDNS starts a server holding records written in zone-file syntax, e.g.
// "_core._tcp.prod.local. 60 IN SRV 1 1 32768 task-a.prod.local.".
func NewDNS(t testing.TB, records ...string) *DNS {
	t.Helper()
	d := &DNS{records: map[string][]dns.RR{}, holes: map[string]bool{}, asked: map[string]int{}}
	for _, r := range records {
		d.Add(t, r)
	}
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("DNS listener: %v", err)
	}
	d.Addr = pc.LocalAddr().String()
	started := make(chan struct{})
	srv := &dns.Server{PacketConn: pc, Handler: d, NotifyStartedFunc: func() { close(started) }}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := srv.ActivateAndServe(); err != nil {
			t.Logf("DNS server: %v", err)
		}
	}()
	<-started
	t.Cleanup(func() {
		_ = srv.Shutdown()
		<-done
	})
	return d
}

// Add serves one more record.
func (d *DNS) Add(t testing.TB, record string) {
	t.Helper()
	rr, err := dns.NewRR(record)
	if err != nil || rr == nil {
		t.Fatalf("DNS record %q: %v", record, err)
	}
	name := strings.ToLower(rr.Header().Name)
	d.mu.Lock()
	d.records[name] = append(d.records[name], rr)
	d.mu.Unlock()
}

// BlackHole makes the server drop every query for name.
func (d *DNS) BlackHole(name string) {
	d.mu.Lock()
	d.holes[dns.Fqdn(strings.ToLower(name))] = true
	d.mu.Unlock()
}

// OmitAdditional stops sending SRV targets' addresses with SRV answers.
func (d *DNS) OmitAdditional() {
	d.mu.Lock()
	d.bare = true
	d.mu.Unlock()
}

// Queries is how many queries the server received.
func (d *DNS) Queries() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.queries
}

// Asked is how many queries named name (any type).
func (d *DNS) Asked(name string) int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.asked[dns.Fqdn(strings.ToLower(name))]
}

// ServeDNS answers one query.
func (d *DNS) ServeDNS(w dns.ResponseWriter, req *dns.Msg) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.queries++
	m := new(dns.Msg)
	m.SetReply(req)
	m.Authoritative = true
	if len(req.Question) != 1 {
		m.SetRcode(req, dns.RcodeFormatError)
		_ = w.WriteMsg(m)
		return
	}
	q := req.Question[0]
	name := strings.ToLower(q.Name)
	d.asked[name]++
	if d.holes[name] {
		return
	}
	rrs, ok := d.records[name]
	if !ok {
		m.SetRcode(req, dns.RcodeNameError)
		_ = w.WriteMsg(m)
		return
	}
	for _, rr := range rrs {
		if rr.Header().Rrtype != q.Qtype {
			continue
		}
		m.Answer = append(m.Answer, rr)
		if srv, ok := rr.(*dns.SRV); ok && !d.bare {
			for _, extra := range d.records[strings.ToLower(srv.Target)] {
				if t := extra.Header().Rrtype; t == dns.TypeA || t == dns.TypeAAAA {
					m.Extra = append(m.Extra, extra)
				}
			}
		}
	}
	if opt := req.IsEdns0(); opt != nil {
		m.SetEdns0(opt.UDPSize(), false)
	}
	_ = w.WriteMsg(m)
}
