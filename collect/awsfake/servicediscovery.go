package awsfake

import (
	"slices"
	"strings"
	"time"
)

func serviceDiscoveryService() *service {
	return &service{
		contentType: jsonContentType,
		operation:   jsonOperation("Route53AutoNaming_v20170314"),
		handlers: map[string]handlerFunc{
			"ListNamespaces":           (*Endpoint).sdListNamespaces,
			"ListServices":             (*Endpoint).sdListServices,
			"GetService":               (*Endpoint).sdGetService,
			"ListInstances":            (*Endpoint).sdListInstances,
			"GetInstancesHealthStatus": (*Endpoint).sdGetInstancesHealthStatus,
		},
		writeError: writeJSONError,
		throttle: func() *apiError {
			return &apiError{status: 400, code: "RequestLimitExceeded", message: "Rate exceeded"}
		},
		serverError: func() *apiError { return &apiError{status: 500, code: "InternalFailure", message: "Internal failure"} },
		accessDenied: func(req *request) *apiError {
			return &apiError{status: 400, code: "AccessDeniedException", message: "User: arn:aws:iam::" + req.accountID + ":user/envdiff is not authorized to perform: servicediscovery:" + req.operation}
		},
		unknown: func(op string) *apiError {
			return &apiError{status: 400, code: "UnknownOperationException", message: "Unknown operation " + op, outcome: OutcomeUnknownOperation}
		},
	}
}

type sdFilter struct {
	Name      string
	Values    []string
	Condition string
}

func (f sdFilter) match(v string) bool {
	switch f.Condition {
	case "BEGINS_WITH":
		return len(f.Values) > 0 && strings.HasPrefix(v, f.Values[0])
	case "EQ", "":
		if len(f.Values) == 1 {
			return v == f.Values[0]
		}
		return slices.Contains(f.Values, v)
	default: // IN
		return slices.Contains(f.Values, v)
	}
}

func (e *Endpoint) namespaces(req *request) []*Namespace {
	if req.account == nil {
		return nil
	}
	var out []*Namespace
	for i := range req.account.Namespaces {
		if ns := &req.account.Namespaces[i]; ns.Region == req.region {
			out = append(out, ns)
		}
	}
	return out
}

// sdPage applies NextToken and MaxResults (max 100, the default).
func (e *Endpoint) sdPage(token string, asked, total int) (lo, hi int, next string, aerr *apiError) {
	off, err := decodeToken(token)
	if err != nil {
		return 0, 0, "", &apiError{status: 400, code: "InvalidInput", message: "invalid NextToken"}
	}
	lo, hi, n := window(total, off, e.pageSize(asked, 100, 100))
	if n >= 0 {
		next = encodeToken(n)
	}
	return lo, hi, next, nil
}

func withToken(out map[string]any, next string) map[string]any {
	if next != "" {
		out["NextToken"] = next
	}
	return out
}

func (e *Endpoint) created() int64 { return epoch(e.clock().Add(-90 * 24 * time.Hour)) }

func (e *Endpoint) sdListNamespaces(req *request) (*reply, *apiError) {
	var in struct {
		NextToken  string
		MaxResults int
		Filters    []sdFilter
	}
	if err := decodeJSON(req, &in); err != nil {
		return nil, err
	}
	var nss []*Namespace
	for _, ns := range e.namespaces(req) {
		ok := true
		for _, f := range in.Filters {
			switch f.Name {
			case "TYPE":
				ok = ok && f.match(ns.Type)
			case "NAME":
				ok = ok && f.match(ns.Name)
			case "HTTP_NAME":
				ok = ok && f.match(ns.Name)
			}
		}
		if ok {
			nss = append(nss, ns)
		}
	}
	lo, hi, next, aerr := e.sdPage(in.NextToken, in.MaxResults, len(nss))
	if aerr != nil {
		return nil, aerr
	}
	items := []map[string]any{}
	for _, ns := range nss[lo:hi] {
		items = append(items, map[string]any{
			"Id": ns.ID, "Arn": ns.ARN, "Name": ns.Name, "Type": ns.Type, "Description": "",
			"ServiceCount": len(ns.Services), "Properties": namespaceProperties(ns), "CreateDate": e.created(),
		})
	}
	return jsonReply(withToken(map[string]any{"Namespaces": items}, next))
}

func namespaceProperties(ns *Namespace) map[string]any {
	props := map[string]any{"HttpProperties": map[string]string{"HttpName": ns.Name}}
	if ns.Type != "HTTP" {
		dns := map[string]any{"SOA": map[string]int{"TTL": 15}}
		if ns.HostedZoneID != "" {
			dns["HostedZoneId"] = ns.HostedZoneID
		}
		props["DnsProperties"] = dns
	}
	return props
}

type ownedService struct {
	ns  *Namespace
	svc *Service
}

func (e *Endpoint) services(req *request) []ownedService {
	var out []ownedService
	for _, ns := range e.namespaces(req) {
		for i := range ns.Services {
			out = append(out, ownedService{ns, &ns.Services[i]})
		}
	}
	return out
}

func (e *Endpoint) findService(req *request, id string) (ownedService, *apiError) {
	if o, ok := e.idx.services[id]; ok && visible(req, o.ns.Account, o.ns.Region) {
		return o, nil
	}
	return ownedService{}, &apiError{status: 400, code: "ServiceNotFound", message: "Service not found: " + id}
}

func serviceView(o ownedService, created int64, detail bool) map[string]any {
	s := o.svc
	v := map[string]any{
		"Id": s.ID, "Arn": s.ARN, "Name": s.Name, "Description": "", "InstanceCount": len(s.Instances),
		"CreateDate": created,
	}
	typ := "HTTP"
	if o.ns.Type != "HTTP" {
		typ = "DNS_HTTP"
		recs := []map[string]any{}
		for _, r := range s.DNSRecords {
			recs = append(recs, map[string]any{"Type": r.Type, "TTL": r.TTL})
		}
		dc := map[string]any{"RoutingPolicy": "MULTIVALUE", "DnsRecords": recs}
		if detail {
			dc["NamespaceId"] = o.ns.ID
		}
		v["DnsConfig"] = dc
	}
	v["Type"] = typ
	switch s.HealthCheck {
	case "custom":
		v["HealthCheckCustomConfig"] = map[string]int{"FailureThreshold": 1}
	case "route53":
		v["HealthCheckConfig"] = map[string]any{"Type": "HTTP", "ResourcePath": "/", "FailureThreshold": 1}
	}
	if detail {
		v["NamespaceId"] = o.ns.ID
		v["CreatorRequestId"] = "envdiff-" + s.ID
	}
	return v
}

func (e *Endpoint) sdListServices(req *request) (*reply, *apiError) {
	var in struct {
		NextToken  string
		MaxResults int
		Filters    []sdFilter
	}
	if err := decodeJSON(req, &in); err != nil {
		return nil, err
	}
	var svcs []ownedService
	for _, o := range e.services(req) {
		ok := true
		for _, f := range in.Filters {
			if f.Name == "NAMESPACE_ID" {
				ok = ok && f.match(o.ns.ID)
			}
		}
		if ok {
			svcs = append(svcs, o)
		}
	}
	lo, hi, next, aerr := e.sdPage(in.NextToken, in.MaxResults, len(svcs))
	if aerr != nil {
		return nil, aerr
	}
	items := []map[string]any{}
	for _, o := range svcs[lo:hi] {
		items = append(items, serviceView(o, e.created(), false))
	}
	return jsonReply(withToken(map[string]any{"Services": items}, next))
}

func (e *Endpoint) sdGetService(req *request) (*reply, *apiError) {
	var in struct{ Id string }
	if err := decodeJSON(req, &in); err != nil {
		return nil, err
	}
	o, aerr := e.findService(req, in.Id)
	if aerr != nil {
		return nil, aerr
	}
	return jsonReply(map[string]any{"Service": serviceView(o, e.created(), true)})
}

func (e *Endpoint) sdListInstances(req *request) (*reply, *apiError) {
	var in struct {
		ServiceId  string
		NextToken  string
		MaxResults int
	}
	if err := decodeJSON(req, &in); err != nil {
		return nil, err
	}
	o, aerr := e.findService(req, in.ServiceId)
	if aerr != nil {
		return nil, aerr
	}
	lo, hi, next, aerr := e.sdPage(in.NextToken, in.MaxResults, len(o.svc.Instances))
	if aerr != nil {
		return nil, aerr
	}
	items := []map[string]any{}
	for _, in := range o.svc.Instances[lo:hi] {
		items = append(items, map[string]any{"Id": in.ID, "Attributes": in.Attributes})
	}
	return jsonReply(withToken(map[string]any{"Instances": items}, next))
}

func (e *Endpoint) sdGetInstancesHealthStatus(req *request) (*reply, *apiError) {
	var in struct {
		ServiceId  string
		Instances  []string
		NextToken  string
		MaxResults int
	}
	if err := decodeJSON(req, &in); err != nil {
		return nil, err
	}
	o, aerr := e.findService(req, in.ServiceId)
	if aerr != nil {
		return nil, aerr
	}
	var insts []*Instance
	for i := range o.svc.Instances {
		inst := &o.svc.Instances[i]
		if len(in.Instances) == 0 || slices.Contains(in.Instances, inst.ID) {
			insts = append(insts, inst)
		}
	}
	for _, id := range in.Instances {
		if !slices.ContainsFunc(insts, func(x *Instance) bool { return x.ID == id }) {
			return nil, &apiError{status: 400, code: "InstanceNotFound", message: "Instance not found: " + id}
		}
	}
	lo, hi, next, aerr := e.sdPage(in.NextToken, in.MaxResults, len(insts))
	if aerr != nil {
		return nil, aerr
	}
	status := map[string]string{}
	for _, inst := range insts[lo:hi] {
		status[inst.ID] = inst.Health
	}
	return jsonReply(withToken(map[string]any{"Status": status}, next))
}
