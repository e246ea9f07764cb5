package awsfake

import (
	"gopkg.in/yaml.v3"
)

func (p *parser) scenario(n *yaml.Node, s *Scenario) error {
	return p.fields(n, "", &s.src, func(key string, v *yaml.Node, path string) error {
		switch key {
		case "scenario":
			return p.str(v, path, &s.Name)
		case "description":
			return p.str(v, path, &s.Description)
		case "latency_ms":
			return p.int(v, path, &s.LatencyMS)
		case "rate_limits":
			return p.str(v, path, &s.RateLimits)
		case "page_size":
			return p.int(v, path, &s.PageSize)
		case "environments":
			return p.list(v, path, func(_ int, v *yaml.Node, path string) error {
				var e Environment
				if err := p.environment(v, path, &e); err != nil {
					return err
				}
				s.Environments = append(s.Environments, e)
				return nil
			})
		case "accounts":
			return p.fields(v, path, nil, func(id string, v *yaml.Node, path string) error {
				a := &Account{ID: id}
				if err := p.account(v, path, a); err != nil {
					return err
				}
				s.Accounts[id] = a
				return nil
			})
		case "faults":
			return p.list(v, path, func(_ int, v *yaml.Node, path string) error {
				var f Fault
				if err := p.fault(v, path, &f); err != nil {
					return err
				}
				s.Faults = append(s.Faults, f)
				return nil
			})
		}
		return errUnknownKey
	})
}

func (p *parser) environment(n *yaml.Node, path string, e *Environment) error {
	return p.fields(n, path, &e.Src, func(key string, v *yaml.Node, path string) error {
		switch key {
		case "name":
			return p.str(v, path, &e.Name)
		case "role":
			return p.str(v, path, &e.Role)
		case "account":
			return p.str(v, path, &e.Account)
		case "regions":
			return p.strs(v, path, &e.Regions)
		case "domains":
			return p.strs(v, path, &e.Domains)
		case "tokens":
			return p.strs(v, path, &e.Tokens)
		case "haproxy_config":
			return p.str(v, path, &e.HAProxyConfig)
		}
		return errUnknownKey
	})
}

func (p *parser) fault(n *yaml.Node, path string, f *Fault) error {
	return p.fields(n, path, &f.Src, func(key string, v *yaml.Node, path string) error {
		switch key {
		case "env":
			return p.str(v, path, &f.Env)
		case "account":
			return p.str(v, path, &f.Account)
		case "service":
			return p.str(v, path, &f.Service)
		case "operation":
			return p.str(v, path, &f.Operation)
		case "region":
			return p.str(v, path, &f.Region)
		case "kind":
			return p.str(v, path, &f.Kind)
		case "times":
			return p.int(v, path, &f.Times)
		}
		return errUnknownKey
	})
}

func (p *parser) account(n *yaml.Node, path string, a *Account) error {
	return p.fields(n, path, &a.Src, func(key string, v *yaml.Node, path string) error {
		switch key {
		case "certificates":
			return p.list(v, path, func(_ int, v *yaml.Node, path string) error {
				var c Certificate
				if err := p.certificate(v, path, &c); err != nil {
					return err
				}
				a.Certificates = append(a.Certificates, c)
				return nil
			})
		case "load_balancers":
			return p.list(v, path, func(_ int, v *yaml.Node, path string) error {
				var lb LoadBalancer
				if err := p.loadBalancer(v, path, &lb); err != nil {
					return err
				}
				a.LoadBalancers = append(a.LoadBalancers, lb)
				return nil
			})
		case "distributions":
			return p.list(v, path, func(_ int, v *yaml.Node, path string) error {
				d := Distribution{Enabled: true}
				if err := p.distribution(v, path, &d); err != nil {
					return err
				}
				a.Distributions = append(a.Distributions, d)
				return nil
			})
		case "hosted_zones":
			return p.list(v, path, func(_ int, v *yaml.Node, path string) error {
				var z HostedZone
				if err := p.hostedZone(v, path, &z); err != nil {
					return err
				}
				a.HostedZones = append(a.HostedZones, z)
				return nil
			})
		case "namespaces":
			return p.list(v, path, func(_ int, v *yaml.Node, path string) error {
				var ns Namespace
				if err := p.namespace(v, path, &ns); err != nil {
					return err
				}
				a.Namespaces = append(a.Namespaces, ns)
				return nil
			})
		}
		return errUnknownKey
	})
}

func (p *parser) certificate(n *yaml.Node, path string, c *Certificate) error {
	return p.fields(n, path, &c.Src, func(key string, v *yaml.Node, path string) error {
		switch key {
		case "arn":
			return p.str(v, path, &c.ARN)
		case "domain":
			return p.str(v, path, &c.Domain)
		case "sans":
			return p.strs(v, path, &c.SANs)
		case "status":
			return p.str(v, path, &c.Status)
		case "type":
			return p.str(v, path, &c.Type)
		case "not_before":
			return p.time(v, path, &c.NotBefore)
		case "not_after":
			return p.time(v, path, &c.NotAfter)
		case "key_algorithm":
			return p.str(v, path, &c.KeyAlgorithm)
		}
		return errUnknownKey
	})
}

func (p *parser) loadBalancer(n *yaml.Node, path string, lb *LoadBalancer) error {
	return p.fields(n, path, &lb.Src, func(key string, v *yaml.Node, path string) error {
		switch key {
		case "name":
			return p.str(v, path, &lb.Name)
		case "region":
			return p.str(v, path, &lb.Region)
		case "type":
			return p.str(v, path, &lb.Type)
		case "scheme":
			return p.str(v, path, &lb.Scheme)
		case "dns_name":
			return p.str(v, path, &lb.DNSName)
		case "listeners":
			return p.list(v, path, func(_ int, v *yaml.Node, path string) error {
				var l Listener
				if err := p.listener(v, path, &l); err != nil {
					return err
				}
				lb.Listeners = append(lb.Listeners, l)
				return nil
			})
		case "target_groups":
			return p.list(v, path, func(_ int, v *yaml.Node, path string) error {
				var tg TargetGroup
				if err := p.targetGroup(v, path, &tg); err != nil {
					return err
				}
				lb.TargetGroups = append(lb.TargetGroups, tg)
				return nil
			})
		}
		return errUnknownKey
	})
}

func (p *parser) listener(n *yaml.Node, path string, l *Listener) error {
	return p.fields(n, path, &l.Src, func(key string, v *yaml.Node, path string) error {
		switch key {
		case "port":
			return p.int(v, path, &l.Port)
		case "protocol":
			return p.str(v, path, &l.Protocol)
		case "ssl_policy":
			return p.str(v, path, &l.SSLPolicy)
		case "certificate":
			return p.str(v, path, &l.Certificate)
		case "sni_certificates":
			return p.strs(v, path, &l.SNICertificates)
		case "default_action":
			return p.action(v, path, &l.DefaultAction)
		case "rules":
			return p.list(v, path, func(_ int, v *yaml.Node, path string) error {
				var r Rule
				if err := p.rule(v, path, &r); err != nil {
					return err
				}
				l.Rules = append(l.Rules, r)
				return nil
			})
		}
		return errUnknownKey
	})
}

func (p *parser) action(n *yaml.Node, path string, a *Action) error {
	return p.fields(n, path, &a.Src, func(key string, v *yaml.Node, path string) error {
		switch key {
		case "type":
			return p.str(v, path, &a.Type)
		case "target_group":
			return p.str(v, path, &a.TargetGroup)
		case "status":
			return p.str(v, path, &a.Status)
		case "protocol":
			return p.str(v, path, &a.Protocol)
		case "host":
			return p.str(v, path, &a.Host)
		case "port":
			return p.str(v, path, &a.Port)
		case "path":
			return p.str(v, path, &a.Path)
		case "query":
			return p.str(v, path, &a.Query)
		case "status_code":
			return p.str(v, path, &a.StatusCode)
		case "content_type":
			return p.str(v, path, &a.ContentType)
		}
		return errUnknownKey
	})
}

func (p *parser) rule(n *yaml.Node, path string, r *Rule) error {
	return p.fields(n, path, &r.Src, func(key string, v *yaml.Node, path string) error {
		switch key {
		case "priority":
			return p.int(v, path, &r.Priority)
		case "action":
			return p.action(v, path, &r.Action)
		case "conditions":
			return p.list(v, path, func(_ int, v *yaml.Node, path string) error {
				var c Condition
				err := p.fields(v, path, &c.Src, func(key string, v *yaml.Node, path string) error {
					switch key {
					case "field":
						return p.str(v, path, &c.Field)
					case "header_name":
						return p.str(v, path, &c.HeaderName)
					case "values":
						return p.strs(v, path, &c.Values)
					}
					return errUnknownKey
				})
				r.Conditions = append(r.Conditions, c)
				return err
			})
		}
		return errUnknownKey
	})
}

func (p *parser) targetGroup(n *yaml.Node, path string, tg *TargetGroup) error {
	return p.fields(n, path, &tg.Src, func(key string, v *yaml.Node, path string) error {
		switch key {
		case "name":
			return p.str(v, path, &tg.Name)
		case "protocol":
			return p.str(v, path, &tg.Protocol)
		case "port":
			return p.int(v, path, &tg.Port)
		case "health_check_path":
			return p.str(v, path, &tg.HealthCheckPath)
		case "targets":
			return p.list(v, path, func(_ int, v *yaml.Node, path string) error {
				var t Target
				err := p.fields(v, path, &t.Src, func(key string, v *yaml.Node, path string) error {
					switch key {
					case "id":
						return p.str(v, path, &t.ID)
					case "port":
						return p.int(v, path, &t.Port)
					case "health":
						return p.str(v, path, &t.Health)
					}
					return errUnknownKey
				})
				tg.Targets = append(tg.Targets, t)
				return err
			})
		}
		return errUnknownKey
	})
}

func (p *parser) distribution(n *yaml.Node, path string, d *Distribution) error {
	return p.fields(n, path, &d.Src, func(key string, v *yaml.Node, path string) error {
		switch key {
		case "id":
			return p.str(v, path, &d.ID)
		case "domain_name":
			return p.str(v, path, &d.DomainName)
		case "enabled":
			return p.bool(v, path, &d.Enabled)
		case "status":
			return p.str(v, path, &d.Status)
		case "aliases":
			return p.strs(v, path, &d.Aliases)
		case "viewer_certificate":
			vc := &d.ViewerCertificate
			return p.fields(v, path, &vc.Src, func(key string, v *yaml.Node, path string) error {
				switch key {
				case "acm_certificate_arn":
					return p.str(v, path, &vc.ACMCertificateARN)
				case "ssl_support_method":
					return p.str(v, path, &vc.SSLSupportMethod)
				case "minimum_protocol_version":
					return p.str(v, path, &vc.MinimumProtocolVersion)
				case "cloudfront_default_certificate":
					return p.bool(v, path, &vc.CloudFrontDefault)
				}
				return errUnknownKey
			})
		case "origins":
			return p.list(v, path, func(_ int, v *yaml.Node, path string) error {
				var o Origin
				err := p.fields(v, path, &o.Src, func(key string, v *yaml.Node, path string) error {
					switch key {
					case "id":
						return p.str(v, path, &o.ID)
					case "domain_name":
						return p.str(v, path, &o.DomainName)
					case "s3":
						return p.bool(v, path, &o.S3)
					case "protocol_policy":
						return p.str(v, path, &o.ProtocolPolicy)
					case "https_port":
						return p.int(v, path, &o.HTTPSPort)
					case "http_port":
						return p.int(v, path, &o.HTTPPort)
					case "ssl_protocols":
						return p.strs(v, path, &o.SSLProtocols)
					}
					return errUnknownKey
				})
				d.Origins = append(d.Origins, o)
				return err
			})
		case "default_behavior":
			return p.behavior(v, path, &d.DefaultBehavior, false)
		case "behaviors":
			return p.list(v, path, func(_ int, v *yaml.Node, path string) error {
				var b Behavior
				err := p.behavior(v, path, &b, true)
				d.Behaviors = append(d.Behaviors, b)
				return err
			})
		}
		return errUnknownKey
	})
}

func (p *parser) behavior(n *yaml.Node, path string, b *Behavior, withPath bool) error {
	return p.fields(n, path, &b.Src, func(key string, v *yaml.Node, path string) error {
		switch key {
		case "path":
			if !withPath {
				return p.errf(v, path, "the default behaviour has no path")
			}
			return p.str(v, path, &b.Path)
		case "origin":
			return p.str(v, path, &b.Origin)
		case "viewer_protocol_policy":
			return p.str(v, path, &b.ViewerProtocolPolicy)
		case "forward_host_header":
			return p.bool(v, path, &b.ForwardHostHeader)
		case "forwarded_headers":
			return p.strs(v, path, &b.ForwardedHeaders)
		}
		return errUnknownKey
	})
}

func (p *parser) hostedZone(n *yaml.Node, path string, z *HostedZone) error {
	return p.fields(n, path, &z.Src, func(key string, v *yaml.Node, path string) error {
		switch key {
		case "name":
			return p.str(v, path, &z.Name)
		case "id":
			return p.str(v, path, &z.ID)
		case "private":
			return p.bool(v, path, &z.Private)
		case "records":
			return p.list(v, path, func(_ int, v *yaml.Node, path string) error {
				var r Record
				err := p.fields(v, path, &r.Src, func(key string, v *yaml.Node, path string) error {
					switch key {
					case "name":
						return p.str(v, path, &r.Name)
					case "type":
						return p.str(v, path, &r.Type)
					case "ttl":
						return p.int64(v, path, &r.TTL)
					case "values":
						return p.strs(v, path, &r.Values)
					case "alias_target":
						return p.str(v, path, &r.AliasTarget)
					}
					return errUnknownKey
				})
				z.Records = append(z.Records, r)
				return err
			})
		}
		return errUnknownKey
	})
}

func (p *parser) namespace(n *yaml.Node, path string, ns *Namespace) error {
	return p.fields(n, path, &ns.Src, func(key string, v *yaml.Node, path string) error {
		switch key {
		case "name":
			return p.str(v, path, &ns.Name)
		case "region":
			return p.str(v, path, &ns.Region)
		case "type":
			return p.str(v, path, &ns.Type)
		case "services":
			return p.list(v, path, func(_ int, v *yaml.Node, path string) error {
				var s Service
				err := p.service(v, path, &s)
				ns.Services = append(ns.Services, s)
				return err
			})
		}
		return errUnknownKey
	})
}

func (p *parser) service(n *yaml.Node, path string, s *Service) error {
	return p.fields(n, path, &s.Src, func(key string, v *yaml.Node, path string) error {
		switch key {
		case "name":
			return p.str(v, path, &s.Name)
		case "health_check":
			return p.str(v, path, &s.HealthCheck)
		case "dns_records":
			s.DNSRecords = []DNSRecord{}
			return p.list(v, path, func(_ int, v *yaml.Node, path string) error {
				var r DNSRecord
				err := p.fields(v, path, &r.Src, func(key string, v *yaml.Node, path string) error {
					switch key {
					case "type":
						return p.str(v, path, &r.Type)
					case "ttl":
						return p.int64(v, path, &r.TTL)
					}
					return errUnknownKey
				})
				s.DNSRecords = append(s.DNSRecords, r)
				return err
			})
		case "instances":
			return p.list(v, path, func(_ int, v *yaml.Node, path string) error {
				var in Instance
				err := p.fields(v, path, &in.Src, func(key string, v *yaml.Node, path string) error {
					switch key {
					case "id":
						return p.str(v, path, &in.ID)
					case "ipv4":
						return p.str(v, path, &in.IPv4)
					case "port":
						return p.int(v, path, &in.Port)
					case "health":
						return p.str(v, path, &in.Health)
					case "attributes":
						in.Attributes = map[string]string{}
						return p.fields(v, path, nil, func(key string, v *yaml.Node, path string) error {
							var s string
							err := p.str(v, path, &s)
							in.Attributes[key] = s
							return err
						})
					}
					return errUnknownKey
				})
				s.Instances = append(s.Instances, in)
				return err
			})
		}
		return errUnknownKey
	})
}
