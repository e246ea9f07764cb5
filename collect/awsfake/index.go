package awsfake

import "slices"

// index finds resources by ARN or id in constant time, so that a collector's walk over a
// big generated scenario costs the endpoint linear, not quadratic, work. Pointers go into
// the scenario, which must not change once served.
type index struct {
	certs     map[string]*Certificate
	lbs       map[string]*LoadBalancer
	listeners map[string]listenerRef
	tgs       map[string]ownedTG
	tgLBs     map[string][]string // target group ARN → load balancers forwarding to it
	services  map[string]ownedService
}

type listenerRef struct {
	lb *LoadBalancer
	l  *Listener
}

func newIndex(s *Scenario) *index {
	x := &index{
		certs:     map[string]*Certificate{},
		lbs:       map[string]*LoadBalancer{},
		listeners: map[string]listenerRef{},
		tgs:       map[string]ownedTG{},
		tgLBs:     map[string][]string{},
		services:  map[string]ownedService{},
	}
	for _, a := range s.Accounts {
		for i := range a.Certificates {
			x.certs[a.Certificates[i].ARN] = &a.Certificates[i]
		}
		for i := range a.LoadBalancers {
			lb := &a.LoadBalancers[i]
			x.lbs[lb.ARN] = lb
			for j := range lb.TargetGroups {
				x.tgs[lb.TargetGroups[j].ARN] = ownedTG{lb, &lb.TargetGroups[j]}
			}
			for j := range lb.Listeners {
				l := &lb.Listeners[j]
				x.listeners[l.ARN] = listenerRef{lb, l}
				x.forward(lb, l.DefaultAction)
				for _, r := range l.Rules {
					x.forward(lb, r.Action)
				}
			}
		}
		for i := range a.Namespaces {
			ns := &a.Namespaces[i]
			for j := range ns.Services {
				x.services[ns.Services[j].ID] = ownedService{ns, &ns.Services[j]}
			}
		}
	}
	return x
}

func (x *index) forward(lb *LoadBalancer, a Action) {
	if a.TargetGroupARN != "" && !slices.Contains(x.tgLBs[a.TargetGroupARN], lb.ARN) {
		x.tgLBs[a.TargetGroupARN] = append(x.tgLBs[a.TargetGroupARN], lb.ARN)
	}
}

// visible reports whether a resource of account and region answers a caller's request.
func visible(req *request, account, region string) bool {
	return req.account != nil && account == req.accountID && region == req.region
}
