package diff

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/envdiff/envdiff/collect"
)

// viewerAllowsHTTPS reports whether a viewer protocol policy lets viewers use HTTPS.
// CloudFront's three policies all do; an empty policy is CloudFront's default
// (allow-all). Anything else (an HTTP-only viewer, which a hand-written snapshot can
// carry though CloudFront offers none) does not, so match-viewer then means HTTP.
func viewerAllowsHTTPS(policy string) bool {
	switch policy {
	case "", "allow-all", "redirect-to-https", "https-only":
		return true
	}
	return false
}

// originUsesHTTPS is the rule of origin-cert-covers-host for when CloudFront talks TLS to
// an origin: https-only always, match-viewer when the viewer may use HTTPS.
func originUsesHTTPS(originPolicy, viewerPolicy string) bool {
	switch originPolicy {
	case "https-only":
		return true
	case "match-viewer":
		return viewerAllowsHTTPS(viewerPolicy)
	}
	return false
}

// validatedHosts are the names CloudFront checks an HTTPS origin's certificate against.
func validatedHosts(d *collect.Distribution, b collect.Behavior, o *collect.Origin) []string {
	if !b.ForwardsHost {
		return []string{normHost(o.DomainName)}
	}
	if len(d.Aliases) == 0 {
		// Without aliases viewers can only use the distribution's own name.
		return []string{normHost(d.DomainName)}
	}
	out := make([]string, len(d.Aliases))
	for i, a := range d.Aliases {
		out[i] = normHost(a)
	}
	return out
}

// servedNames collects the names of every certificate the listeners serve. unknown is
// true when some certificate could not be read, so "not covered" cannot be concluded.
func servedNames(ls []*listenerView) (names []string, ev []attr, unknown bool) {
	for _, lv := range ls {
		for i, ref := range lv.certs {
			label := "certificate default"
			if !ref.isDefault {
				label = "certificate sni " + strconv.Itoa(i)
			}
			if len(ls) > 1 {
				label = "listener " + strconv.Itoa(lv.l.Port) + " " + label
			}
			if ref.cert == nil {
				unknown = unknown || ref.unknown
				ev = append(ev, low(label, "not in snapshot: "+ref.arn))
				continue
			}
			cn := certNamesOf(ref.cert.DomainName, ref.cert.SANs)
			names = append(names, cn...)
			ev = append(ev, low(label, strings.Join(cn, ", ")))
		}
	}
	return names, ev, unknown
}

func uncovered(names, hosts []string) []string {
	var out []string
	for _, h := range hosts {
		if !CoversHost(names, h) {
			out = append(out, h)
		}
	}
	return out
}

func isTLSListener(l *collect.Listener) bool { return l.Protocol == "HTTPS" || l.Protocol == "TLS" }

func checkOriginCert(g *Graph) []outcome {
	var out []outcome
	for _, dv := range g.dists {
		for _, bv := range dv.behaviours {
			o := bv.origin
			if o == nil || o.S3 || bv.originNode == nil {
				continue
			}
			hosts := validatedHosts(dv.d, bv.b, o)
			fwd := strconv.FormatBool(bv.b.ForwardsHost)
			if bv.b.HostForwardingSource != "" {
				fwd += " (" + bv.b.HostForwardingSource + ")"
			}
			oc := outcome{key: bv.originNode.key, node: bv.originNode.disp, evidence: []attr{
				low("validated host", strings.Join(hosts, ", ")),
				low("forwards Host", fwd),
				low("origin protocol policy", o.ProtocolPolicy),
				low("viewer protocol policy", bv.b.ViewerProtocolPolicy),
			}}
			if !originUsesHTTPS(o.ProtocolPolicy, bv.b.ViewerProtocolPolicy) {
				oc.value = "origin reached over HTTP: no certificate validated"
				out = append(out, oc)
				continue
			}
			if bv.res.kind != resLoadBalancer {
				continue // origin-target-exists speaks for origins that lead nowhere
			}
			lb := bv.res.lb
			if g.failedOp(collect.ServiceELBv2, lb.lb.Region, opsListeners()...) {
				continue // listeners or their certificates unread: "no listener" would be a guess
			}
			if bv.b.OriginRequestPolicyID != "" && !strings.Contains(bv.b.HostForwardingSource, "(managed)") &&
				g.failedOp(collect.ServiceCloudFront, collect.GlobalRegion, "GetOriginRequestPolicy") {
				continue // whether Host is forwarded, so which name is validated, is unknown
			}
			port := httpsPort(*o)
			lis := "listener " + strconv.Itoa(port)
			oc.node, oc.at, oc.resource = bv.originNode.disp+sep+lis, bv.originNode.key+sep+lis, lb.lb.ARN
			var lv *listenerView
			for _, l := range lb.listeners {
				if l.l.Port == port {
					lv = l
				}
			}
			if lv == nil || !isTLSListener(lv.l) {
				oc.fail = true
				oc.message = fmt.Sprintf("CloudFront connects to origin %s over HTTPS on port %d; load balancer %s has no HTTPS listener on that port",
					o.ID, port, lb.lb.Name)
				oc.value = "no HTTPS listener on " + strconv.Itoa(port)
				out = append(out, oc)
				continue
			}
			oc.resource = lv.l.ARN
			names, ev, unknown := servedNames([]*listenerView{lv})
			oc.evidence = append(oc.evidence, ev...)
			bad := uncovered(names, hosts)
			served := strings.Join(names, ", ")
			if served == "" {
				served = "no certificate"
			}
			switch {
			case len(bad) == 0:
				oc.value = strings.Join(hosts, ", ") + " covered by " + served
			case unknown:
				continue
			default:
				oc.fail = true
				oc.value = strings.Join(bad, ", ") + " not covered by " + served
				oc.message = fmt.Sprintf("CloudFront validates the origin certificate against %s; the listener serves %s, %s",
					strings.Join(bad, ", "), served, whyNotCovered(names, bad[0]))
			}
			out = append(out, oc)
		}
	}
	return out
}

func checkViewerCertCoversAliases(g *Graph) []outcome {
	var out []outcome
	for _, dv := range g.dists {
		d := dv.d
		if len(d.Aliases) == 0 {
			continue
		}
		oc := outcome{key: dv.node.key + sep + "viewer certificate", node: dv.node.disp + sep + "viewer certificate",
			resource: d.ViewerCertificate.ACMCertificateARN}
		var names []string
		switch {
		case dv.viewer != nil && dv.viewer.cert != nil:
			oc.key, oc.node = dv.viewer.node.key, dv.viewer.node.disp
			names = certNamesOf(dv.viewer.cert.DomainName, dv.viewer.cert.SANs)
		case dv.viewer != nil || d.ViewerCertificate.IAMCertificateID != "":
			continue // names unknown: not in the snapshot, or an IAM certificate
		default:
			names = []string{"*.cloudfront.net"}
		}
		aliases := make([]string, len(d.Aliases))
		for i, a := range d.Aliases {
			aliases[i] = normHost(a)
		}
		oc.evidence = []attr{low("aliases", strings.Join(aliases, ", ")), low("viewer certificate names", strings.Join(names, ", "))}
		bad := uncovered(names, aliases)
		if len(bad) == 0 {
			oc.value = "covers " + strings.Join(aliases, ", ")
		} else {
			oc.fail = true
			oc.value = "does not cover " + strings.Join(bad, ", ")
			oc.message = fmt.Sprintf("the viewer certificate of distribution %s serves %s, %s: viewers of %s fail the TLS handshake",
				d.ID, strings.Join(names, ", "), whyNotCovered(names, bad[0]), strings.Join(bad, ", "))
		}
		out = append(out, oc)
	}
	return out
}

func checkViewerCertRegion(g *Graph) []outcome {
	var out []outcome
	for _, dv := range g.dists {
		vc := dv.d.ViewerCertificate
		oc := outcome{key: dv.node.key + sep + "viewer certificate", node: dv.node.disp + sep + "viewer certificate"}
		switch {
		case vc.ACMCertificateARN != "":
			oc.key, oc.node, oc.resource = dv.viewer.node.key, dv.viewer.node.disp, vc.ACMCertificateARN
			region := arnPart(vc.ACMCertificateARN, 3)
			if region == "" && dv.viewer.cert != nil {
				region = dv.viewer.cert.Region
			}
			oc.value, oc.evidence = region, []attr{low("viewer certificate region", region)}
			if region != collect.GlobalRegion {
				oc.fail = true
				oc.message = fmt.Sprintf("distribution %s uses ACM certificate %s from %s; CloudFront accepts only certificates in %s",
					dv.d.ID, vc.ACMCertificateARN, orUnknown(region), collect.GlobalRegion)
			}
		case vc.IAMCertificateID != "":
			oc.fail, oc.resource, oc.value = true, vc.IAMCertificateID, "IAM certificate"
			oc.message = fmt.Sprintf("distribution %s uses IAM certificate %s, not an ACM certificate in %s",
				dv.d.ID, vc.IAMCertificateID, collect.GlobalRegion)
		default:
			oc.value = "CloudFront default certificate"
		}
		out = append(out, oc)
	}
	return out
}

func checkListenerCertRegion(g *Graph) []outcome {
	var out []outcome
	for _, v := range g.lbs {
		for _, lv := range v.listeners {
			for _, ref := range lv.certs {
				region, acct := arnPart(ref.arn, 3), arnPart(ref.arn, 4)
				oc := outcome{key: ref.node.key, node: ref.node.disp, resource: ref.arn, value: region + " " + acct,
					evidence: []attr{low("certificate region", region), low("load balancer region", v.lb.Region)}}
				switch {
				case region != v.lb.Region:
					oc.fail = true
					oc.message = fmt.Sprintf("listener %d of %s (in %s) names certificate %s from %s; a load balancer can only serve certificates of its own region",
						lv.l.Port, v.lb.Name, v.lb.Region, ref.arn, orUnknown(region))
				case acct != "" && v.account != "" && acct != v.account:
					oc.fail = true
					oc.message = fmt.Sprintf("listener %d of %s (account %s) names certificate %s of account %s",
						lv.l.Port, v.lb.Name, v.account, ref.arn, acct)
				}
				out = append(out, oc)
			}
		}
	}
	return out
}

func checkListenerCertCoversDNS(g *Graph) []outcome {
	var out []outcome
	for _, zv := range g.zones {
		z := zv.z
		for ri := range z.Records {
			r := &z.Records[ri]
			if r.AliasTarget == "" && r.Type != "CNAME" {
				continue
			}
			name := normHost(r.Name)
			res := g.resolve(name)
			if res.kind != resLoadBalancer || g.failedOp(collect.ServiceELBv2, res.lb.lb.Region, opsListeners()...) {
				continue
			}
			var tls []*listenerView
			for _, lv := range res.lb.listeners {
				if isTLSListener(lv.l) {
					tls = append(tls, lv)
				}
			}
			if len(tls) == 0 {
				continue // nothing served over TLS: no certificate to cover the name
			}
			key, disp := recordKey(g, r, name)
			names, ev, unknown := servedNames(tls)
			oc := outcome{key: key, node: disp, resource: res.lb.lb.ARN,
				evidence: append([]attr{low("name", name), low("load balancer", res.lb.lb.Name)}, ev...)}
			if CoversHost(names, name) {
				oc.value = name + " covered"
			} else if unknown {
				continue
			} else {
				oc.fail = true
				oc.value = name + " not covered by " + strings.Join(names, ", ")
				oc.message = fmt.Sprintf("%s points at load balancer %s, whose %s listener serves %s, %s",
					name, res.lb.lb.Name, tls[0].l.Protocol, orDefault(strings.Join(names, ", "), "no certificate"), whyNotCovered(names, name))
			}
			out = append(out, oc)
		}
	}
	return out
}

// recordKey is the node key of a record, or a name key for records the walk skips.
func recordKey(g *Graph, r *collect.Record, name string) (key, disp string) {
	if n := g.recNode[r]; n != nil {
		return n.key, n.disp
	}
	return "record " + g.norm.apply(name) + " " + r.Type, "record " + name + " " + r.Type
}
