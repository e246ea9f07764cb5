package diff

import (
	"fmt"
	"net"
	"sort"
	"strconv"
	"strings"

	"github.com/envdiff/envdiff/collect"
)

// Probe check ids (README, "Checks added by envdiff"). They judge what live probes
// observed (snapshot.Probes); a snapshot without probes, or a probe that could not run,
// gives no outcome: unknown, never a failure.
const (
	CheckProbeTLSVerifies        = "probe-tls-verifies"
	CheckProbeCertMatchesConfig  = "probe-cert-matches-config"
	CheckProbeSRVAnswers         = "probe-srv-answers"
	CheckHAProxyTemplateCapacity = "haproxy-template-capacity"
)

// probeSite is the node of the graph a TLS probe's use stands for.
type probeSite struct {
	key, at, disp string
	// names are the configured certificate names there (nil when unknown) and cfg says
	// which certificates, for messages.
	names   [][]string
	cfg     []string
	unknown bool
}

// probeSite places one use of a probe in the graph; ok is false when the snapshot no
// longer holds what the use names.
func (g *Graph) probeSite(p collect.TLSProbe, u collect.ProbeUse) (probeSite, bool) {
	host := normHost(p.Host)
	switch u.Kind {
	case collect.ProbeUseViewer:
		for _, dv := range g.dists {
			if dv.d.ID != u.DistributionID || dv.node == nil {
				continue
			}
			alias := sep + "alias " + g.norm.apply(host)
			s := probeSite{key: dv.node.key + alias + sep + "probe", at: dv.node.key + alias,
				disp: dv.node.disp + sep + "alias " + host + sep + "probe"}
			vc := dv.d.ViewerCertificate
			switch {
			case vc.ACMCertificateARN != "":
				s.cfg = []string{vc.ACMCertificateARN}
				if c := g.certByARN[vc.ACMCertificateARN]; c != nil {
					s.names = [][]string{certNamesOf(c.DomainName, c.SANs)}
				} else {
					s.unknown = true
				}
			case vc.CloudFrontDefault:
				s.cfg, s.names = []string{"CloudFront default certificate"}, [][]string{{"*.cloudfront.net"}}
			default:
				s.unknown = true
			}
			return s, true
		}
	case collect.ProbeUseOrigin:
		for _, dv := range g.dists {
			if dv.d.ID != u.DistributionID {
				continue
			}
			for _, bv := range dv.behaviours {
				if bv.originNode == nil || bv.origin == nil || bv.origin.ID != u.OriginID || bv.b.PathPattern != u.Behaviour {
					continue
				}
				s := probeSite{key: bv.originNode.key + sep + "probe " + g.norm.apply(host), at: bv.originNode.key,
					disp: bv.originNode.disp + sep + "probe " + host}
				s.names, s.cfg, s.unknown = g.listenerCertNames(u.ListenerARN)
				return s, true
			}
		}
	case collect.ProbeUseRecord:
		for i := range g.snap.HostedZones {
			z := &g.snap.HostedZones[i]
			for j := range z.Records {
				r := &z.Records[j]
				rn := g.recNode[r]
				if rn == nil || normHost(r.Name) != u.Record || (r.AliasTarget == "" && r.Type != "CNAME") {
					continue
				}
				_, port, _ := net.SplitHostPort(p.Address)
				s := probeSite{key: rn.key + sep + "probe listener " + port, at: rn.key,
					disp: rn.disp + sep + "probe listener " + port}
				s.names, s.cfg, s.unknown = g.listenerCertNames(u.ListenerARN)
				return s, true
			}
		}
	}
	return probeSite{}, false
}

// listenerCertNames returns the names of each certificate a listener is configured
// with; unknown is set when the listener or one of its certificates was not read.
func (g *Graph) listenerCertNames(listenerARN string) (names [][]string, arns []string, unknown bool) {
	if listenerARN == "" {
		return nil, nil, true
	}
	for _, lb := range g.lbs {
		for _, lv := range lb.listeners {
			if lv.l.ARN != listenerARN {
				continue
			}
			for _, ref := range lv.certs {
				arns = append(arns, ref.arn)
				if ref.cert == nil {
					unknown = true
					continue
				}
				names = append(names, certNamesOf(ref.cert.DomainName, ref.cert.SANs))
			}
			return names, arns, unknown
		}
	}
	return nil, nil, true
}

func probeEvidence(p collect.TLSProbe) []attr {
	dialled := p.Dialled
	if p.Override {
		dialled += " (override)"
	}
	ev := []attr{low("probed host", p.Host), low("probed address", p.Address), low("dialled", dialled)}
	if c := p.Cert; c != nil {
		ev = append(ev,
			low("served certificate", strings.Join(c.DNSNames, ", ")),
			low("served issuer", c.Issuer),
			low("served not after", c.NotAfter.Format("2006-01-02")),
			low("served sha256", c.SHA256))
	}
	ev = append(ev, low("TLS version", p.TLSVersion))
	if p.VerifyError != "" {
		ev = append(ev, low("verification", p.VerifyError))
	} else if p.Error != "" {
		ev = append(ev, low("handshake", p.Error))
	}
	return ev
}

func checkProbeTLSVerifies(g *Graph) []outcome {
	if g.snap.Probes == nil {
		return nil
	}
	var out []outcome
	for _, p := range g.snap.Probes.TLS {
		if p.Status != collect.ProbeOK && p.Status != collect.ProbeFailed {
			continue // could not run: unknown
		}
		for _, u := range p.Uses {
			site, ok := g.probeSite(p, u)
			if !ok {
				continue
			}
			oc := outcome{key: site.key, at: site.at, node: site.disp, resource: p.Address,
				value: "verifies", evidence: probeEvidence(p)}
			if p.Status == collect.ProbeFailed {
				oc.fail = true
				oc.value = "fails: " + orDefault(p.VerifyKind, p.ErrorKind)
				oc.message = probeFailure(p, u)
			}
			out = append(out, oc)
		}
	}
	return out
}

// probeFailure says what a client gets, in the words of the one who gets it.
func probeFailure(p collect.TLSProbe, u collect.ProbeUse) string {
	who := "a client"
	consequence := "the TLS handshake fails"
	switch u.Kind {
	case collect.ProbeUseOrigin:
		who, consequence = "CloudFront", "CloudFront answers 502 on this path"
	case collect.ProbeUseViewer:
		who, consequence = "a viewer", "browsers refuse the connection"
	}
	at := p.Address
	if p.Dialled != "" && p.Dialled != p.Address {
		at += " (" + p.Dialled + ")"
	}
	if p.Cert == nil {
		return fmt.Sprintf("%s connecting to %s for %s: %s; %s", who, at, p.Host, orDefault(p.Error, "no certificate served"), consequence)
	}
	served := strings.Join(p.Cert.DNSNames, ", ")
	if served == "" {
		served = p.Cert.Subject
	}
	why := "which does not verify: " + p.VerifyError
	if p.VerifyKind == "hostname" {
		why = whyNotCovered(p.Cert.DNSNames, p.Host)
	}
	return fmt.Sprintf("%s connecting to %s for %s is served %s, %s; %s", who, at, p.Host, served, why, consequence)
}

func checkProbeCertMatchesConfig(g *Graph) []outcome {
	if g.snap.Probes == nil {
		return nil
	}
	var out []outcome
	for _, p := range g.snap.Probes.TLS {
		if p.Cert == nil || len(p.Cert.DNSNames) == 0 {
			continue
		}
		for _, u := range p.Uses {
			site, ok := g.probeSite(p, u)
			if !ok || len(site.names) == 0 {
				continue // nothing configured is known to compare with
			}
			served := strings.Join(sortedNames(p.Cert.DNSNames), ", ")
			var configured []string
			match := false
			for _, names := range site.names {
				c := strings.Join(sortedNames(names), ", ")
				configured = append(configured, c)
				match = match || c == served
			}
			if !match && site.unknown {
				continue // the served certificate may be the one that was not read
			}
			oc := outcome{key: site.key, at: site.at, node: site.disp, resource: strings.Join(site.cfg, " "),
				value: "served " + served,
				evidence: append(probeEvidence(p),
					low("configured certificates", strings.Join(configured, " | ")))}
			if !match {
				oc.fail = true
				oc.message = fmt.Sprintf("%s for %s serves a certificate for %s, but %s is configured with %s (%s): the probe reached something other than the configured listener, or a certificate change has not taken effect",
					p.Address, p.Host, served, configuredWhat(u), strings.Join(configured, " | "), strings.Join(site.cfg, ", "))
			}
			out = append(out, oc)
		}
	}
	return out
}

func configuredWhat(u collect.ProbeUse) string {
	if u.Kind == collect.ProbeUseViewer {
		return "distribution " + u.DistributionID
	}
	return "the listener"
}

func sortedNames(names []string) []string {
	out := make([]string, 0, len(names))
	seen := map[string]bool{}
	for _, n := range names {
		n = normHost(n)
		if n != "" && !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

// srvAnswerEndpoints turns SRV answers into address:port (the target name when the
// resolver gave no address).
func srvAnswerEndpoints(answers []collect.SRVAnswer) []string {
	var out []string
	for _, a := range answers {
		port := strconv.Itoa(a.Port)
		if len(a.Addresses) == 0 {
			out = append(out, normHost(a.Target)+":"+port)
			continue
		}
		for _, addr := range a.Addresses {
			out = append(out, addr+":"+port)
		}
	}
	sort.Strings(out)
	return out
}

func checkProbeSRVAnswers(g *Graph) []outcome {
	if g.snap.Probes == nil {
		return nil
	}
	var out []outcome
	for _, p := range g.snap.Probes.SRV {
		if p.Namespace == "" || (p.Status != collect.ProbeOK && p.Status != collect.ProbeFailed) {
			continue
		}
		for _, nv := range g.nss {
			if normHost(nv.ns.Name) != normHost(p.Namespace) {
				continue
			}
			for _, sv := range nv.services {
				if sv.s.Name != p.Service {
					continue
				}
				out = append(out, srvAnswersOutcome(p, sv))
			}
		}
	}
	return out
}

func srvAnswersOutcome(p collect.SRVProbe, sv *svcView) outcome {
	answers := srvAnswerEndpoints(p.Answers)
	answered := map[string]bool{}
	for _, a := range answers {
		answered[a] = true
	}
	registered := map[string]bool{}
	var regs, absent []string
	for _, in := range sv.s.Instances {
		e := instanceEndpoint(in)
		registered[e] = true
		regs = append(regs, e)
		// Cloud Map withdraws unhealthy instances from DNS: only healthy ones must answer.
		if !answered[e] && instanceHealthy(sv.s, in) {
			absent = append(absent, in.ID+" ("+e+")")
		}
	}
	sort.Strings(regs)
	var stale []string
	for _, a := range answers {
		if !registered[a] {
			stale = append(stale, a)
		}
	}
	answerText := strings.Join(answers, ", ")
	if p.Status == collect.ProbeFailed {
		answerText = p.ErrorKind + ": " + p.Error
	}
	oc := outcome{key: sv.node.key + sep + "probe SRV", at: sv.node.key, node: sv.node.disp + sep + "probe SRV " + p.Name,
		resource: orDefault(sv.s.ARN, sv.s.ID), value: fmt.Sprintf("%d answers, %d instances", len(answers), len(regs)),
		evidence: []attr{low("SRV answers", answerText), low("registered instances", strings.Join(regs, ", "))}}
	var why []string
	if len(stale) > 0 {
		why = append(why, "answers "+strings.Join(stale, ", ")+", which no registered instance has")
	}
	if len(absent) > 0 {
		what := "lacks "
		if len(answers) == 0 {
			what = "answers nothing (" + p.ErrorKind + "), lacking "
		}
		why = append(why, what+strings.Join(absent, ", "))
	}
	if len(why) > 0 {
		oc.fail = true
		oc.message = fmt.Sprintf("asked for %s, the resolver %s: callers discover other endpoints than Cloud Map has registered", p.Name, strings.Join(why, ", and "))
	}
	return oc
}
