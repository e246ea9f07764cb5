// Package haproxy reads the parts of an HAProxy configuration that decide which DNS
// names it resolves at run time: resolvers sections, and the server and server-template
// lines of backends and listen sections that name a resolvers section. It is a pure
// function of the text (no file or network access), so it can be fuzzed, and it never
// panics on bad input: errors name the line.
package haproxy

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Config is what Parse keeps of a configuration.
type Config struct {
	Resolvers []Resolvers
	Proxies   []Proxy
}

// Resolvers is a resolvers section.
type Resolvers struct {
	Name        string
	Line        int
	Nameservers []Nameserver
	// ResolvConf is set by parse-resolv-conf: the system's nameservers are used too.
	ResolvConf bool
}

// Nameserver is one nameserver line of a resolvers section.
type Nameserver struct {
	Name    string
	Address string // as written, e.g. "127.0.0.1:53" or "udp@10.0.0.2:53"
	Line    int
}

// Proxy is a backend or listen section (the sections that hold servers).
type Proxy struct {
	Kind    string // backend | listen
	Name    string
	Line    int
	Servers []Server
}

// Server is a server or server-template line.
type Server struct {
	Line     int
	Template bool
	// Name is the server's name, or a template's prefix.
	Name string
	// Count is how many servers a template declares (1 for a server line).
	Count int
	// FQDN is the address without port and without an ipv4@/ipv6@ prefix.
	FQDN string
	Port int // 0 when none is given (SRV records carry the port)
	// Resolvers names the resolvers section used at run time ("" when the address is
	// resolved once at start-up, or is an IP).
	Resolvers string
}

// SRV reports whether HAProxy resolves the server's address as an SRV name: it does
// when a resolvers section is named and the name's first label begins with '_'
// (_service._proto.name).
func (s Server) SRV() bool {
	return s.Resolvers != "" && strings.HasPrefix(s.FQDN, "_")
}

// Error is a configuration the parser cannot read; Line is 1-based.
type Error struct {
	Line int
	Msg  string
}

func (e *Error) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// Section keywords: a line starting with one of these opens a new section.
var sectionKeywords = map[string]bool{
	"global": true, "defaults": true, "frontend": true, "backend": true, "listen": true,
	"resolvers": true, "userlist": true, "peers": true, "mailers": true, "program": true,
	"http-errors": true, "ring": true, "cache": true, "fcgi-app": true,
}

// parser holds the state of one Parse call.
type parser struct {
	cfg  *Config
	line int // of the statement being read
	// section is the keyword of the section being read; proxy and res point into cfg.
	section string
	proxy   *Proxy
	res     *Resolvers
	// defaultResolvers is the resolvers of the last default-server line of a defaults
	// section (which applies to every proxy after it); sectionResolvers that of the
	// current proxy's own default-server line.
	defaultResolvers string
	sectionResolvers string
	refs             []resolverRef
}

// resolverRef is a resolvers name used by a server, checked once every section is read
// (a resolvers section may come after the backend that uses it).
type resolverRef struct {
	name string
	line int
}

// Parse reads a configuration text.
func Parse(text string) (*Config, error) {
	p := &parser{cfg: &Config{}}
	for i, raw := range strings.Split(text, "\n") {
		line := i + 1
		args, err := splitLine(raw)
		if err != nil {
			return nil, &Error{Line: line, Msg: err.Error()}
		}
		if len(args) == 0 {
			continue
		}
		p.line = line
		if err := p.statement(args); err != nil {
			return nil, &Error{Line: line, Msg: err.Error()}
		}
	}
	known := map[string]bool{}
	for _, r := range p.cfg.Resolvers {
		known[r.Name] = true
	}
	for _, ref := range p.refs {
		if !known[ref.name] {
			return nil, &Error{Line: ref.line, Msg: fmt.Sprintf("resolvers %q is not defined in this configuration", ref.name)}
		}
	}
	return p.cfg, nil
}

func (p *parser) statement(args []string) error {
	kw := args[0]
	if strings.HasPrefix(kw, ".") {
		// Conditional blocks (.if/.elif/.else/.endif) and .diag/.notice/.warning/.alert:
		// a static reading cannot evaluate them, so every branch is read.
		return nil
	}
	if sectionKeywords[kw] {
		return p.openSection(args)
	}
	switch p.section {
	case "resolvers":
		return p.resolversLine(args)
	case "backend", "listen":
		return p.proxyLine(args)
	case "defaults":
		if kw == "default-server" {
			p.defaultResolvers = resolversArg(args[1:])
		}
	}
	return nil
}

func (p *parser) openSection(args []string) error {
	kw := args[0]
	p.section, p.proxy, p.res, p.sectionResolvers = kw, nil, nil, ""
	switch kw {
	case "resolvers":
		if len(args) < 2 {
			return fmt.Errorf("resolvers section without a name")
		}
		for _, r := range p.cfg.Resolvers {
			if r.Name == args[1] {
				return fmt.Errorf("resolvers section %q is defined twice (first on line %d)", args[1], r.Line)
			}
		}
		p.cfg.Resolvers = append(p.cfg.Resolvers, Resolvers{Name: args[1], Line: p.line})
		p.res = &p.cfg.Resolvers[len(p.cfg.Resolvers)-1]
	case "backend", "listen":
		if len(args) < 2 {
			return fmt.Errorf("%s section without a name", kw)
		}
		p.cfg.Proxies = append(p.cfg.Proxies, Proxy{Kind: kw, Name: args[1], Line: p.line})
		p.proxy = &p.cfg.Proxies[len(p.cfg.Proxies)-1]
	case "defaults":
		// A new defaults section replaces the previous one's default-server settings.
		p.defaultResolvers = ""
	}
	return nil
}

func (p *parser) resolversLine(args []string) error {
	switch args[0] {
	case "nameserver":
		if len(args) < 3 {
			return fmt.Errorf("nameserver needs a name and an address, e.g. nameserver dns1 10.0.0.2:53")
		}
		p.res.Nameservers = append(p.res.Nameservers, Nameserver{Name: args[1], Address: args[2], Line: p.line})
	case "parse-resolv-conf":
		p.res.ResolvConf = true
	}
	return nil
}

func (p *parser) proxyLine(args []string) error {
	switch args[0] {
	case "default-server":
		p.sectionResolvers = resolversArg(args[1:])
		return nil
	case "server":
		if len(args) < 3 {
			return fmt.Errorf("server needs a name and an address")
		}
		s, err := p.server(args[1], 1, args[2], args[3:])
		if err != nil {
			return err
		}
		p.proxy.Servers = append(p.proxy.Servers, s)
	case "server-template":
		if len(args) < 4 {
			return fmt.Errorf("server-template needs a prefix, a count and an address, e.g. server-template web 5 _http._tcp.svc.local resolvers dns")
		}
		n, err := templateCount(args[2])
		if err != nil {
			return err
		}
		s, err := p.server(args[1], n, args[3], args[4:])
		if err != nil {
			return err
		}
		s.Template = true
		p.proxy.Servers = append(p.proxy.Servers, s)
	}
	return nil
}

func (p *parser) server(name string, count int, addr string, params []string) (Server, error) {
	fqdn, port, err := splitAddress(addr)
	if err != nil {
		return Server{}, err
	}
	s := Server{Line: p.line, Name: name, Count: count, FQDN: fqdn, Port: port}
	s.Resolvers = resolversArg(params)
	if s.Resolvers == "" {
		s.Resolvers = p.sectionResolvers
	}
	if s.Resolvers == "" {
		s.Resolvers = p.defaultResolvers
	}
	if hasArg(params, "resolvers") && resolversArg(params) == "" {
		return Server{}, fmt.Errorf("server %s: resolvers needs a section name", name)
	}
	if s.Resolvers != "" {
		p.refs = append(p.refs, resolverRef{name: s.Resolvers, line: p.line})
	}
	return s, nil
}

// templateCount reads a server-template's count: "5" or a range "1-5" (ids 1 to 5).
func templateCount(arg string) (int, error) {
	lo, hi, isRange := strings.Cut(arg, "-")
	if !isRange {
		n, err := strconv.Atoi(arg)
		if err != nil || n < 1 {
			return 0, fmt.Errorf("server-template count %q is not a positive number or a range like 1-5", arg)
		}
		return n, nil
	}
	a, errA := strconv.Atoi(lo)
	b, errB := strconv.Atoi(hi)
	if errA != nil || errB != nil || a < 1 || b < a {
		return 0, fmt.Errorf("server-template range %q is not like 1-5", arg)
	}
	return b - a + 1, nil
}

// splitAddress cuts "name:port" into its parts. The port may be absent (SRV names) and
// may be an offset (+1) or range in HAProxy; only a plain number is kept.
func splitAddress(addr string) (string, int, error) {
	for _, prefix := range []string{"ipv4@", "ipv6@", "tcp@", "tcp4@", "tcp6@"} {
		addr = strings.TrimPrefix(addr, prefix)
	}
	if addr == "" {
		return "", 0, fmt.Errorf("empty server address")
	}
	if strings.HasPrefix(addr, "[") {
		// [v6]:port
		end := strings.Index(addr, "]")
		if end < 0 {
			return "", 0, fmt.Errorf("server address %q: unterminated [", addr)
		}
		host, rest := addr[1:end], addr[end+1:]
		port, _ := strconv.Atoi(strings.TrimPrefix(rest, ":"))
		return host, port, nil
	}
	if strings.Count(addr, ":") > 1 {
		return addr, 0, nil // a bare IPv6 address
	}
	host, portText, hasPort := strings.Cut(addr, ":")
	if !hasPort || portText == "" {
		return host, 0, nil
	}
	port, err := strconv.Atoi(portText)
	if err != nil {
		// +N, -N and ranges are HAProxy port mappings: keep the name, no fixed port.
		if strings.ContainsAny(portText[:1], "+-") || strings.Contains(portText, "-") {
			return host, 0, nil
		}
		return "", 0, fmt.Errorf("server address %q: port %q is not a number", addr, portText)
	}
	if port < 0 || port > 65535 {
		return "", 0, fmt.Errorf("server address %q: port %d out of range", addr, port)
	}
	return host, port, nil
}

// resolversArg returns the value of a "resolvers NAME" parameter, or "".
func resolversArg(params []string) string {
	for i := 0; i+1 < len(params); i++ {
		if params[i] == "resolvers" {
			return params[i+1]
		}
	}
	return ""
}

func hasArg(params []string, name string) bool {
	for _, p := range params {
		if p == name {
			return true
		}
	}
	return false
}

// SRVName is one SRV name the configuration resolves at run time, with every server
// line that uses it.
type SRVName struct {
	Name    string
	Servers []ServerRef
}

// ServerRef locates a server line.
type ServerRef struct {
	Proxy     string
	Server    string
	Line      int
	Template  bool
	Count     int
	Resolvers string
}

// SRVNames lists the SRV names the configuration resolves, lower-cased without a
// trailing dot (DNS names are case-insensitive), sorted.
func (c *Config) SRVNames() []SRVName {
	byName := map[string]*SRVName{}
	for _, px := range c.Proxies {
		for _, s := range px.Servers {
			if !s.SRV() {
				continue
			}
			name := NormaliseName(s.FQDN)
			e := byName[name]
			if e == nil {
				e = &SRVName{Name: name}
				byName[name] = e
			}
			e.Servers = append(e.Servers, ServerRef{
				Proxy: px.Name, Server: s.Name, Line: s.Line, Template: s.Template,
				Count: s.Count, Resolvers: s.Resolvers,
			})
		}
	}
	out := make([]SRVName, 0, len(byName))
	for _, e := range byName {
		out = append(out, *e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// NormaliseName lower-cases a DNS name and drops its trailing dot.
func NormaliseName(name string) string {
	return strings.TrimSuffix(strings.ToLower(strings.TrimSpace(name)), ".")
}

// ServiceName strips the _service._proto labels of an SRV name: the name a Cloud Map
// service is registered under when HAProxy asks for _svc._tcp.core.prod.local and
// Cloud Map publishes core.prod.local. The name is returned unchanged when it has no
// such labels.
func ServiceName(srv string) string {
	labels := strings.Split(NormaliseName(srv), ".")
	i := 0
	for i < len(labels)-1 && i < 2 && strings.HasPrefix(labels[i], "_") {
		i++
	}
	return strings.Join(labels[i:], ".")
}
