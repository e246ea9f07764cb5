package awsfake

import (
	"fmt"
	"net/netip"
	"strings"
)

func (v *validator) loadBalancers(a *Account, path string) error {
	lbNames := map[string]bool{}
	// Target groups are unique per account and region; actions find them by name.
	tgByName := map[string]*TargetGroup{}
	for i := range a.LoadBalancers {
		lb := &a.LoadBalancers[i]
		p := fmt.Sprintf("%s.load_balancers[%d]", path, i)
		if lb.Name == "" {
			return v.errf(lb.Src, p, "name", "required")
		}
		if !elbNameRe.MatchString(lb.Name) {
			return v.errf(lb.Src, p, "name", "%q is not a load balancer name (up to 32 letters, digits and hyphens)", lb.Name)
		}
		if lb.Region == "" {
			return v.errf(lb.Src, p, "region", "required")
		}
		if !regionRe.MatchString(lb.Region) {
			return v.errf(lb.Src, p, "region", "%q is not a region", lb.Region)
		}
		if lbNames[lb.Region+" "+lb.Name] {
			return v.errf(lb.Src, p, "name", "duplicate load balancer %q in %s", lb.Name, lb.Region)
		}
		lbNames[lb.Region+" "+lb.Name] = true
		if lb.Type == "" {
			lb.Type = "application"
		}
		if err := enumErr(v, lb.Src, p, "type", lb.Type, "application", "network"); err != nil {
			return err
		}
		if lb.Scheme == "" {
			lb.Scheme = "internet-facing"
		}
		if err := enumErr(v, lb.Src, p, "scheme", lb.Scheme, "internet-facing", "internal"); err != nil {
			return err
		}
		if lb.DNSName == "" {
			// The format's documented default, whatever the scheme: scenario authors write
			// records and origins against it (AWS's internal- prefix is what dns_name is for).
			lb.DNSName = fmt.Sprintf("%s-1234567890.%s.elb.amazonaws.com", lb.Name, lb.Region)
		}
		lb.DNSName = strings.ToLower(strings.TrimSuffix(lb.DNSName, "."))
		lb.Account = a.ID
		kind := "app"
		if lb.Type == "network" {
			kind = "net"
		}
		lbID := hexID(16, a.ID, lb.Region, lb.Name)
		lb.ARN = fmt.Sprintf("arn:aws:elasticloadbalancing:%s:%s:loadbalancer/%s/%s/%s", lb.Region, a.ID, kind, lb.Name, lbID)
		lb.CanonicalHostedZoneID = lbZoneID(lb.Type, lb.Region)
		for j := range lb.TargetGroups {
			tg := &lb.TargetGroups[j]
			tp := fmt.Sprintf("%s.target_groups[%d]", p, j)
			if err := v.targetGroup(a, lb, tg, tp); err != nil {
				return err
			}
			key := lb.Region + " " + tg.Name
			if tgByName[key] != nil {
				return v.errf(tg.Src, tp, "name", "duplicate target group %q in %s", tg.Name, lb.Region)
			}
			tgByName[key] = tg
		}
	}
	for i := range a.LoadBalancers {
		lb := &a.LoadBalancers[i]
		p := fmt.Sprintf("%s.load_balancers[%d]", path, i)
		kind := "app"
		if lb.Type == "network" {
			kind = "net"
		}
		lbID := lb.ARN[strings.LastIndex(lb.ARN, "/")+1:]
		ports := map[int]bool{}
		for j := range lb.Listeners {
			l := &lb.Listeners[j]
			lp := fmt.Sprintf("%s.listeners[%d]", p, j)
			if l.Port < 1 || l.Port > 65535 {
				return v.errf(l.Src, lp, "port", "%d is not a port", l.Port)
			}
			if ports[l.Port] {
				return v.errf(l.Src, lp, "port", "a second listener on port %d", l.Port)
			}
			ports[l.Port] = true
			allowed := []string{"HTTP", "HTTPS"}
			if lb.Type == "network" {
				allowed = []string{"TCP", "TLS", "UDP", "TCP_UDP"}
			}
			if l.Protocol == "" {
				return v.errf(l.Src, lp, "protocol", "required")
			}
			if err := enumErr(v, l.Src, lp, "protocol", l.Protocol, allowed...); err != nil {
				return err
			}
			secure := l.Protocol == "HTTPS" || l.Protocol == "TLS"
			switch {
			case secure && l.Certificate == "":
				return v.errf(l.Src, lp, "certificate", "an %s listener needs a default certificate", l.Protocol)
			case !secure && (l.Certificate != "" || len(l.SNICertificates) > 0):
				return v.errf(l.Src, lp, "certificate", "an %s listener has no certificates", l.Protocol)
			}
			if l.Certificate != "" {
				if err := checkCertARN(l.Certificate); err != nil {
					return v.errf(l.Src, lp, "certificate", "%v", err)
				}
			}
			for _, c := range l.SNICertificates {
				if err := checkCertARN(c); err != nil {
					return v.errf(l.Src, lp, "sni_certificates", "%v", err)
				}
			}
			if secure && l.SSLPolicy == "" {
				l.SSLPolicy = "ELBSecurityPolicy-2016-08"
			}
			lid := hexID(16, lb.ARN, fmt.Sprint(l.Port))
			l.ARN = fmt.Sprintf("arn:aws:elasticloadbalancing:%s:%s:listener/%s/%s/%s/%s", lb.Region, a.ID, kind, lb.Name, lbID, lid)
			if err := v.action(lb, &l.DefaultAction, lp+".default_action", tgByName); err != nil {
				return err
			}
			prios := map[int]bool{}
			for k := range l.Rules {
				r := &l.Rules[k]
				rp := fmt.Sprintf("%s.rules[%d]", lp, k)
				if lb.Type == "network" {
					return v.errf(r.Src, rp, "", "a network load balancer's listener has no rules")
				}
				if r.Priority < 1 || r.Priority > 50000 {
					return v.errf(r.Src, rp, "priority", "%d is not a priority (1 to 50000)", r.Priority)
				}
				if prios[r.Priority] {
					return v.errf(r.Src, rp, "priority", "a second rule with priority %d", r.Priority)
				}
				prios[r.Priority] = true
				if len(r.Conditions) == 0 {
					return v.errf(r.Src, rp, "conditions", "a rule needs at least one condition")
				}
				for c := range r.Conditions {
					cond := &r.Conditions[c]
					cp := fmt.Sprintf("%s.conditions[%d]", rp, c)
					if err := enumErr(v, cond.Src, cp, "field", cond.Field, "host-header", "path-pattern", "http-header", "http-request-method", "query-string", "source-ip"); err != nil {
						return err
					}
					if cond.Field == "http-header" && cond.HeaderName == "" {
						return v.errf(cond.Src, cp, "header_name", "an http-header condition needs header_name")
					}
					if len(cond.Values) == 0 {
						return v.errf(cond.Src, cp, "values", "required")
					}
				}
				r.ARN = fmt.Sprintf("arn:aws:elasticloadbalancing:%s:%s:listener-rule/%s/%s/%s/%s/%s", lb.Region, a.ID, kind, lb.Name, lbID, lid, hexID(16, l.ARN, fmt.Sprint(r.Priority)))
				if err := v.action(lb, &r.Action, rp+".action", tgByName); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func (v *validator) targetGroup(a *Account, lb *LoadBalancer, tg *TargetGroup, path string) error {
	if tg.Name == "" {
		return v.errf(tg.Src, path, "name", "required")
	}
	if !elbNameRe.MatchString(tg.Name) {
		return v.errf(tg.Src, path, "name", "%q is not a target group name (up to 32 letters, digits and hyphens)", tg.Name)
	}
	if tg.Protocol == "" {
		tg.Protocol = "HTTP"
		if lb.Type == "network" {
			tg.Protocol = "TCP"
		}
	}
	if err := enumErr(v, tg.Src, path, "protocol", tg.Protocol, "HTTP", "HTTPS", "TCP", "TLS", "UDP", "TCP_UDP"); err != nil {
		return err
	}
	if tg.Port == 0 {
		tg.Port = 80
	}
	if tg.Port < 1 || tg.Port > 65535 {
		return v.errf(tg.Src, path, "port", "%d is not a port", tg.Port)
	}
	if tg.HealthCheckPath == "" && (tg.Protocol == "HTTP" || tg.Protocol == "HTTPS") {
		tg.HealthCheckPath = "/"
	}
	tg.ARN = fmt.Sprintf("arn:aws:elasticloadbalancing:%s:%s:targetgroup/%s/%s", lb.Region, a.ID, tg.Name, hexID(16, a.ID, lb.Region, "tg", tg.Name))
	tg.TargetType = "ip"
	for i := range tg.Targets {
		t := &tg.Targets[i]
		tp := fmt.Sprintf("%s.targets[%d]", path, i)
		if t.ID == "" {
			return v.errf(t.Src, tp, "id", "required")
		}
		if _, err := netip.ParseAddr(t.ID); err != nil {
			tg.TargetType = "instance"
		}
		if t.Port == 0 {
			t.Port = tg.Port
		}
		if t.Port < 1 || t.Port > 65535 {
			return v.errf(t.Src, tp, "port", "%d is not a port", t.Port)
		}
		if t.Health == "" {
			t.Health = "healthy"
		}
		if err := enumErr(v, t.Src, tp, "health", t.Health, "healthy", "unhealthy", "draining", "unused", "initial", "unavailable"); err != nil {
			return err
		}
	}
	return nil
}

func (v *validator) action(lb *LoadBalancer, act *Action, path string, tgByName map[string]*TargetGroup) error {
	switch act.Type {
	case "forward":
		if act.TargetGroup == "" {
			return v.errf(act.Src, path, "target_group", "a forward action needs a target group")
		}
		tg := tgByName[lb.Region+" "+act.TargetGroup]
		if tg == nil {
			return v.errf(act.Src, path, "target_group", "no target group %q in %s", act.TargetGroup, lb.Region)
		}
		act.TargetGroupARN = tg.ARN
	case "redirect":
		if act.Status == "" {
			return v.errf(act.Src, path, "status", "a redirect needs status HTTP_301 or HTTP_302")
		}
		if err := enumErr(v, act.Src, path, "status", act.Status, "HTTP_301", "HTTP_302"); err != nil {
			return err
		}
		// AWS fills the parts a redirect leaves out with the request's own.
		defaults := []struct {
			p   *string
			def string
		}{{&act.Protocol, "#{protocol}"}, {&act.Host, "#{host}"}, {&act.Port, "#{port}"}, {&act.Path, "/#{path}"}, {&act.Query, "#{query}"}}
		for _, d := range defaults {
			if *d.p == "" {
				*d.p = d.def
			}
		}
	case "fixed-response":
		if act.StatusCode == "" {
			return v.errf(act.Src, path, "status_code", "a fixed response needs a status code")
		}
	case "":
		return v.errf(act.Src, path, "type", "required")
	default:
		return v.errf(act.Src, path, "type", "%q is not one of forward, redirect, fixed-response", act.Type)
	}
	return nil
}
