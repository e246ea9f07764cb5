package awsfake

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
)

// FQDN lower-cases a DNS name and gives it its trailing dot.
func FQDN(name string) string {
	name = strings.ToLower(strings.TrimSpace(name))
	if !strings.HasSuffix(name, ".") {
		name += "."
	}
	return name
}

func (v *validator) hostedZone(a *Account, z *HostedZone, path string) error {
	if z.Name == "" {
		return v.errf(z.Src, path, "name", "required")
	}
	z.Name = FQDN(z.Name)
	z.Account = a.ID
	if z.ID == "" {
		priv := "public"
		if z.Private {
			priv = "private"
		}
		z.ID = "Z" + base32ID(20, a.ID, z.Name, priv)
	}
	z.ID = strings.TrimPrefix(z.ID, "/hostedzone/")
	seen := map[string]bool{}
	for i := range z.Records {
		r := &z.Records[i]
		rp := fmt.Sprintf("%s.records[%d]", path, i)
		if r.Name == "" {
			return v.errf(r.Src, rp, "name", "required")
		}
		r.Name = FQDN(r.Name)
		if r.Name != z.Name && !strings.HasSuffix(r.Name, "."+z.Name) {
			return v.errf(r.Src, rp, "name", "%s is not in zone %s", r.Name, z.Name)
		}
		r.Type = strings.ToUpper(r.Type)
		if err := enumErr(v, r.Src, rp, "type", r.Type, "A", "AAAA", "CAA", "CNAME", "DS", "MX", "NAPTR", "NS", "PTR", "SOA", "SPF", "SRV", "TXT"); err != nil {
			return err
		}
		key := r.Name + " " + r.Type
		if seen[key] {
			return v.errf(r.Src, rp, "name", "a second %s record set named %s", r.Type, r.Name)
		}
		seen[key] = true
		switch {
		case r.AliasTarget != "" && len(r.Values) > 0:
			return v.errf(r.Src, rp, "alias_target", "give values or alias_target, not both")
		case r.AliasTarget != "":
			if r.TTL != 0 {
				return v.errf(r.Src, rp, "ttl", "an alias record has no TTL")
			}
			r.AliasTarget = FQDN(r.AliasTarget)
		case len(r.Values) == 0:
			return v.errf(r.Src, rp, "values", "give values or alias_target")
		default:
			if r.TTL == 0 {
				r.TTL = 300
			}
			if r.TTL < 0 {
				return v.errf(r.Src, rp, "ttl", "must not be negative")
			}
			for _, val := range r.Values {
				if err := checkRecordValue(r.Type, val); err != nil {
					return v.errf(r.Src, rp, "values", "%v", err)
				}
			}
		}
	}
	return nil
}

func checkRecordValue(typ, val string) error {
	switch typ {
	case "A":
		if a, err := netip.ParseAddr(val); err != nil || !a.Is4() {
			return fmt.Errorf("%q is not an IPv4 address", val)
		}
	case "AAAA":
		if a, err := netip.ParseAddr(val); err != nil || !a.Is6() {
			return fmt.Errorf("%q is not an IPv6 address", val)
		}
	case "SRV":
		f := strings.Fields(val)
		if len(f) != 4 {
			return fmt.Errorf("%q is not an SRV value (priority weight port target)", val)
		}
		for _, n := range f[:3] {
			if x, err := strconv.Atoi(n); err != nil || x < 0 || x > 65535 {
				return fmt.Errorf("%q is not an SRV value (priority weight port target)", val)
			}
		}
	}
	return nil
}

// aliasZoneID is the hosted zone id Route53 shows for an alias target: CloudFront's,
// the load balancer's canonical zone, or the zone holding the target record.
func aliasZoneID(a *Account, target, own string) string {
	t := strings.TrimSuffix(target, ".")
	if strings.HasSuffix(t, ".cloudfront.net") {
		return CloudFrontZoneID
	}
	for _, lb := range a.LoadBalancers {
		if strings.EqualFold(lb.DNSName, t) {
			return lb.CanonicalHostedZoneID
		}
	}
	if strings.HasSuffix(t, ".elb.amazonaws.com") {
		parts := strings.Split(t, ".")
		if len(parts) >= 4 {
			return lbZoneID("application", parts[len(parts)-4])
		}
	}
	best := own
	bestLen := 0
	for _, z := range a.HostedZones {
		if (target == z.Name || strings.HasSuffix(target, "."+z.Name)) && len(z.Name) > bestLen {
			best, bestLen = z.ID, len(z.Name)
		}
	}
	return best
}

func (v *validator) namespace(a *Account, ns *Namespace, path string) error {
	if ns.Name == "" {
		return v.errf(ns.Src, path, "name", "required")
	}
	if ns.Region == "" {
		return v.errf(ns.Src, path, "region", "required")
	}
	if !regionRe.MatchString(ns.Region) {
		return v.errf(ns.Src, path, "region", "%q is not a region", ns.Region)
	}
	if ns.Type == "" {
		ns.Type = "DNS_PRIVATE"
	}
	if err := enumErr(v, ns.Src, path, "type", ns.Type, "DNS_PRIVATE", "DNS_PUBLIC", "HTTP"); err != nil {
		return err
	}
	ns.Account = a.ID
	ns.ID = "ns-" + strings.ToLower(base32ID(16, a.ID, ns.Region, ns.Name))
	ns.ARN = fmt.Sprintf("arn:aws:servicediscovery:%s:%s:namespace/%s", ns.Region, a.ID, ns.ID)
	ns.HostedZoneID = ""
	if ns.Type != "HTTP" {
		for _, z := range a.HostedZones {
			if z.Name == FQDN(ns.Name) && z.Private == (ns.Type == "DNS_PRIVATE") {
				ns.HostedZoneID = z.ID
			}
		}
	}
	names := map[string]bool{}
	for i := range ns.Services {
		s := &ns.Services[i]
		sp := fmt.Sprintf("%s.services[%d]", path, i)
		if s.Name == "" {
			return v.errf(s.Src, sp, "name", "required")
		}
		if names[s.Name] {
			return v.errf(s.Src, sp, "name", "duplicate service %q", s.Name)
		}
		names[s.Name] = true
		s.ID = "srv-" + strings.ToLower(base32ID(16, a.ID, ns.Region, ns.Name, s.Name))
		s.ARN = fmt.Sprintf("arn:aws:servicediscovery:%s:%s:service/%s", ns.Region, a.ID, s.ID)
		if s.DNSRecords == nil && ns.Type != "HTTP" {
			s.DNSRecords = []DNSRecord{{Type: "SRV", TTL: 60}}
		}
		for j := range s.DNSRecords {
			r := &s.DNSRecords[j]
			rp := fmt.Sprintf("%s.dns_records[%d]", sp, j)
			if err := enumErr(v, r.Src, rp, "type", r.Type, "SRV", "A", "AAAA", "CNAME"); err != nil {
				return err
			}
			if r.TTL == 0 {
				r.TTL = 60
			}
		}
		if s.HealthCheck == "" {
			s.HealthCheck = "none"
		}
		if err := enumErr(v, s.Src, sp, "health_check", s.HealthCheck, "none", "custom", "route53"); err != nil {
			return err
		}
		ids := map[string]bool{}
		for j := range s.Instances {
			in := &s.Instances[j]
			ip := fmt.Sprintf("%s.instances[%d]", sp, j)
			if in.ID == "" {
				return v.errf(in.Src, ip, "id", "required")
			}
			if ids[in.ID] {
				return v.errf(in.Src, ip, "id", "duplicate instance %q", in.ID)
			}
			ids[in.ID] = true
			if in.IPv4 != "" {
				if addr, err := netip.ParseAddr(in.IPv4); err != nil || !addr.Is4() {
					return v.errf(in.Src, ip, "ipv4", "%q is not an IPv4 address", in.IPv4)
				}
			}
			if in.Port < 0 || in.Port > 65535 {
				return v.errf(in.Src, ip, "port", "%d is not a port", in.Port)
			}
			if in.Health == "" {
				in.Health = "HEALTHY"
			}
			if err := enumErr(v, in.Src, ip, "health", in.Health, "HEALTHY", "UNHEALTHY", "UNKNOWN"); err != nil {
				return err
			}
			in.Attributes = ecsAttributes(ns, s, in)
		}
	}
	return nil
}

// ecsAttributes are the attributes ECS registers for a task, under any the scenario
// gives explicitly.
func ecsAttributes(ns *Namespace, s *Service, in *Instance) map[string]string {
	attrs := map[string]string{
		"AVAILABILITY_ZONE":          ns.Region + "a",
		"ECS_CLUSTER_NAME":           strings.SplitN(ns.Name, ".", 2)[0],
		"ECS_SERVICE_NAME":           s.Name,
		"ECS_TASK_DEFINITION_FAMILY": s.Name,
		"REGION":                     ns.Region,
	}
	if s.HealthCheck == "custom" {
		attrs["AWS_INIT_HEALTH_STATUS"] = "HEALTHY"
	}
	if in.IPv4 != "" {
		attrs["AWS_INSTANCE_IPV4"] = in.IPv4
	}
	if in.Port != 0 {
		attrs["AWS_INSTANCE_PORT"] = strconv.Itoa(in.Port)
	}
	for k, val := range in.Attributes {
		attrs[k] = val
	}
	return attrs
}
