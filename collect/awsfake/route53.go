package awsfake

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

const route53NS = "https://route53.amazonaws.com/doc/2013-04-01/"

func route53Service() *service {
	return &service{
		contentType: "text/xml",
		operation:   route53Operation,
		handlers: map[string]handlerFunc{
			"ListHostedZones":        (*Endpoint).r53ListHostedZones,
			"ListResourceRecordSets": (*Endpoint).r53ListResourceRecordSets,
		},
		writeError:  func(w http.ResponseWriter, err *apiError) { writeXMLError(w, route53NS, err) },
		throttle:    func() *apiError { return &apiError{status: 400, code: "Throttling", message: "Rate exceeded"} },
		serverError: func() *apiError { return &apiError{status: 500, code: "InternalError", message: "Internal error"} },
		accessDenied: func(req *request) *apiError {
			return &apiError{status: 403, code: "AccessDenied", message: "User: arn:aws:iam::" + req.accountID + ":user/envdiff is not authorized to perform: route53:" + req.operation}
		},
		unknown: func(op string) *apiError {
			return &apiError{status: 404, code: "UnknownOperationException", message: "Unknown operation " + op, outcome: OutcomeUnknownOperation}
		},
	}
}

func route53Operation(r *http.Request, _ []byte) string {
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	if len(parts) < 2 || parts[0] != "2013-04-01" || r.Method != http.MethodGet {
		return r.Method + " " + r.URL.Path
	}
	switch {
	case len(parts) == 2 && parts[1] == "hostedzone":
		return "ListHostedZones"
	case len(parts) == 3 && parts[1] == "hostedzone":
		return "GetHostedZone"
	case len(parts) == 4 && parts[1] == "hostedzone" && parts[3] == "rrset":
		return "ListResourceRecordSets"
	case len(parts) == 2 && parts[1] == "hostedzonesbyname":
		return "ListHostedZonesByName"
	}
	return r.Method + " " + r.URL.Path
}

func (e *Endpoint) hostedZones(req *request) []*HostedZone {
	if req.account == nil {
		return nil
	}
	out := make([]*HostedZone, 0, len(req.account.HostedZones))
	for i := range req.account.HostedZones {
		out = append(out, &req.account.HostedZones[i])
	}
	return out
}

func invalidInput(msg string) *apiError {
	return &apiError{status: 400, code: "InvalidInput", message: msg}
}

func maxItems(s string, max int) (int, *apiError) {
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, invalidInput("MaxItems must be a number")
	}
	if n > max {
		n = max
	}
	return n, nil
}

func (e *Endpoint) r53ListHostedZones(req *request) (*reply, *apiError) {
	q := req.http.URL.Query()
	asked, aerr := maxItems(q.Get("maxitems"), 100)
	if aerr != nil {
		return nil, aerr
	}
	zones := e.hostedZones(req)
	marker := q.Get("marker")
	start := 0
	if marker != "" {
		// The marker is the id of the first zone of the page.
		start = slices.IndexFunc(zones, func(z *HostedZone) bool { return z.ID == marker })
		if start < 0 {
			return nil, invalidInput("Invalid marker")
		}
	}
	size := e.pageSize(asked, 100, 100)
	lo, hi, next := window(len(zones), start, size)
	var x xmlb
	x.raw(`<?xml version="1.0" encoding="UTF-8"?>`)
	x.openNS("ListHostedZonesResponse", route53NS).o("HostedZones")
	for _, z := range zones[lo:hi] {
		x.o("HostedZone").t("Id", "/hostedzone/"+z.ID).t("Name", escapeDNSName(z.Name)).
			t("CallerReference", "envdiff-"+strings.ToLower(z.ID)).
			o("Config").b("PrivateZone", z.Private).c("Config").
			i("ResourceRecordSetCount", len(z.Records)).c("HostedZone")
	}
	x.c("HostedZones")
	if marker != "" {
		x.t("Marker", marker)
	}
	x.b("IsTruncated", next >= 0)
	if next >= 0 {
		x.t("NextMarker", zones[next].ID)
	}
	x.i("MaxItems", size).c("ListHostedZonesResponse")
	return xmlReply(&x, nil)
}

// escapeDNSName writes a name as Route53 returns it: characters other than a-z, 0-9,
// '-', '_' and '.' as \ooo octal escapes, so a wildcard reads \052.
func escapeDNSName(name string) string {
	var b strings.Builder
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '-', c == '_', c == '.':
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "\\%03o", c)
		}
	}
	return b.String()
}

// unescapeDNSName undoes escapeDNSName for names clients send back (NextRecordName).
func unescapeDNSName(name string) string {
	var b strings.Builder
	for i := 0; i < len(name); i++ {
		if name[i] == '\\' && i+3 < len(name) {
			if n, err := strconv.ParseUint(name[i+1:i+4], 8, 8); err == nil {
				b.WriteByte(byte(n))
				i += 3
				continue
			}
		}
		b.WriteByte(name[i])
	}
	return strings.ToLower(b.String())
}

// recordOrder sorts record sets as Route53 does: by name with its labels reversed
// (com.example.www), then by type.
func recordOrder(aName, aType, bName, bType string) int {
	al := reversedLabels(aName)
	bl := reversedLabels(bName)
	if c := slices.Compare(al, bl); c != 0 {
		return c
	}
	return strings.Compare(aType, bType)
}

func reversedLabels(name string) []string {
	labels := strings.Split(strings.TrimSuffix(name, "."), ".")
	slices.Reverse(labels)
	return labels
}

func (e *Endpoint) r53ListResourceRecordSets(req *request) (*reply, *apiError) {
	parts := strings.Split(strings.Trim(req.http.URL.Path, "/"), "/")
	id := strings.TrimPrefix(parts[2], "hostedzone/")
	i := slices.IndexFunc(e.hostedZones(req), func(z *HostedZone) bool { return z.ID == id })
	if i < 0 {
		return nil, &apiError{status: 404, code: "NoSuchHostedZone", message: "No hosted zone found with ID: " + id}
	}
	z := e.hostedZones(req)[i]
	q := req.http.URL.Query()
	asked, aerr := maxItems(q.Get("maxitems"), 300)
	if aerr != nil {
		return nil, aerr
	}
	startName, startType := q.Get("name"), q.Get("type")
	if startType != "" && startName == "" {
		return nil, invalidInput("The input is not valid: type without name")
	}
	recs := make([]*Record, 0, len(z.Records))
	for j := range z.Records {
		recs = append(recs, &z.Records[j])
	}
	slices.SortStableFunc(recs, func(a, b *Record) int { return recordOrder(a.Name, a.Type, b.Name, b.Type) })
	start := 0
	if startName != "" {
		n := FQDN(unescapeDNSName(startName))
		start = len(recs)
		for j, r := range recs {
			if recordOrder(r.Name, r.Type, n, startType) >= 0 {
				start = j
				break
			}
		}
	}
	size := e.pageSize(asked, 300, 300)
	lo, hi, next := window(len(recs), start, size)
	var x xmlb
	x.raw(`<?xml version="1.0" encoding="UTF-8"?>`)
	x.openNS("ListResourceRecordSetsResponse", route53NS).o("ResourceRecordSets")
	for _, r := range recs[lo:hi] {
		x.o("ResourceRecordSet").t("Name", escapeDNSName(r.Name)).t("Type", r.Type)
		if r.AliasTarget != "" {
			x.o("AliasTarget").t("HostedZoneId", r.AliasZoneID).t("DNSName", escapeDNSName(r.AliasTarget)).
				b("EvaluateTargetHealth", false).c("AliasTarget")
		} else {
			x.t("TTL", strconv.FormatInt(r.TTL, 10)).o("ResourceRecords")
			for _, v := range r.Values {
				x.o("ResourceRecord").t("Value", v).c("ResourceRecord")
			}
			x.c("ResourceRecords")
		}
		x.c("ResourceRecordSet")
	}
	x.c("ResourceRecordSets").b("IsTruncated", next >= 0)
	if next >= 0 {
		x.t("NextRecordName", escapeDNSName(recs[next].Name)).t("NextRecordType", recs[next].Type)
	}
	x.i("MaxItems", size).c("ListResourceRecordSetsResponse")
	return xmlReply(&x, nil)
}
