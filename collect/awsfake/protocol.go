package awsfake

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

type handlerFunc func(e *Endpoint, req *request) (*reply, *apiError)

// service is one AWS service: how it names operations and shapes its errors.
type service struct {
	contentType  string
	operation    func(r *http.Request, body []byte) string
	handlers     map[string]handlerFunc
	writeError   func(w http.ResponseWriter, err *apiError)
	throttle     func() *apiError
	serverError  func() *apiError
	accessDenied func(req *request) *apiError
	unknown      func(op string) *apiError
}

// services never changes after initialisation.
var services = map[string]*service{
	ServiceACM:              acmService(),
	ServiceELBv2:            elbv2Service(),
	ServiceCloudFront:       cloudFrontService(),
	ServiceRoute53:          route53Service(),
	ServiceServiceDiscovery: serviceDiscoveryService(),
}

// ---- awsJson1_1 (ACM, Cloud Map)

const jsonContentType = "application/x-amz-json-1.1"

func jsonOperation(prefix string) func(r *http.Request, _ []byte) string {
	return func(r *http.Request, _ []byte) string {
		target := r.Header.Get("X-Amz-Target")
		if op, ok := strings.CutPrefix(target, prefix+"."); ok {
			return op
		}
		return target
	}
}

func writeJSONError(w http.ResponseWriter, err *apiError) {
	body, _ := json.Marshal(map[string]string{"__type": err.code, "message": err.message})
	h := w.Header()
	h.Set("Content-Type", jsonContentType)
	h.Set("X-Amzn-ErrorType", err.code)
	h.Set("X-Amzn-RequestId", requestID())
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(err.status)
	_, _ = w.Write(body)
}

func jsonReply(v any) (*reply, *apiError) {
	body, err := json.Marshal(v)
	if err != nil {
		return nil, &apiError{status: 500, code: "InternalFailure", message: err.Error()}
	}
	return &reply{body: body}, nil
}

// decodeJSON reads a request body; an empty body is an empty request.
func decodeJSON(req *request, v any) *apiError {
	if len(bytes.TrimSpace(req.body)) == 0 {
		return nil
	}
	if err := json.Unmarshal(req.body, v); err != nil {
		return &apiError{status: 400, code: "SerializationException", message: err.Error(), outcome: OutcomeBadRequest}
	}
	return nil
}

// epoch is how awsJson protocols send timestamps: seconds as a number.
func epoch(t time.Time) int64 { return t.Unix() }

// ---- XML (awsQuery ELBv2, restXml CloudFront and Route53)

func writeXMLError(w http.ResponseWriter, ns string, err *apiError) {
	typ := "Sender"
	if err.status >= 500 {
		typ = "Receiver"
	}
	var x xmlb
	x.raw(`<?xml version="1.0" encoding="UTF-8"?>`)
	x.openNS("ErrorResponse", ns).o("Error").t("Type", typ).t("Code", err.code).t("Message", err.message).c("Error").t("RequestId", requestID()).c("ErrorResponse")
	h := w.Header()
	h.Set("Content-Type", "text/xml")
	h.Set("X-Amzn-RequestId", requestID())
	h.Set("Content-Length", strconv.Itoa(x.Len()))
	w.WriteHeader(err.status)
	_, _ = w.Write(x.Bytes())
}

// xmlb builds XML; every text goes through escaping, since scenario strings are not
// trusted to be well-formed XML.
type xmlb struct{ bytes.Buffer }

func (x *xmlb) raw(s string) *xmlb { x.WriteString(s); return x }

func (x *xmlb) o(tag string) *xmlb { x.WriteString("<" + tag + ">"); return x }

func (x *xmlb) openNS(tag, ns string) *xmlb {
	if ns == "" {
		return x.o(tag)
	}
	x.WriteString("<" + tag + ` xmlns="` + ns + `">`)
	return x
}

func (x *xmlb) c(tag string) *xmlb { x.WriteString("</" + tag + ">"); return x }

func (x *xmlb) t(tag, val string) *xmlb {
	x.WriteString("<" + tag + ">")
	_ = xml.EscapeText(x, []byte(val))
	x.WriteString("</" + tag + ">")
	return x
}

func (x *xmlb) i(tag string, v int) *xmlb { return x.t(tag, strconv.Itoa(v)) }

func (x *xmlb) b(tag string, v bool) *xmlb { return x.t(tag, strconv.FormatBool(v)) }

// members writes a query-protocol list: <tag><member>v</member>...</tag>.
func (x *xmlb) members(tag string, vals []string) *xmlb {
	x.o(tag)
	for _, v := range vals {
		x.t("member", v)
	}
	return x.c(tag)
}

// quantity writes a CloudFront list: <tag><Quantity>n</Quantity><Items><item>v</item>...</Items></tag>.
func (x *xmlb) quantity(tag, item string, vals []string) *xmlb {
	x.o(tag).i("Quantity", len(vals))
	if len(vals) > 0 {
		x.o("Items")
		for _, v := range vals {
			x.t(item, v)
		}
		x.c("Items")
	}
	return x.c(tag)
}

func xmlReply(x *xmlb, header map[string]string) (*reply, *apiError) {
	return &reply{body: x.Bytes(), header: header}, nil
}

// ---- pagination

// pageSize is the page a list call returns: what the caller asked for (or the API's
// default), capped by the API's maximum and the scenario's page_size.
func (e *Endpoint) pageSize(asked, def, max int) int {
	n := def
	if asked > 0 {
		n = asked
	}
	if n > max {
		n = max
	}
	if e.s.PageSize > 0 && n > e.s.PageSize {
		n = e.s.PageSize
	}
	if n < 1 {
		n = 1
	}
	return n
}

// Tokens are opaque to clients, as AWS's are; inside they are an offset.
func encodeToken(off int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("envdiff:" + strconv.Itoa(off)))
}

func decodeToken(tok string) (int, error) {
	if tok == "" {
		return 0, nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil {
		return 0, fmt.Errorf("invalid token")
	}
	s, ok := strings.CutPrefix(string(raw), "envdiff:")
	if !ok {
		return 0, fmt.Errorf("invalid token")
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("invalid token")
	}
	return n, nil
}

// window returns the slice bounds of a page and the next offset (-1 at the end).
func window(total, off, size int) (lo, hi, next int) {
	if off > total {
		off = total
	}
	hi = off + size
	if hi >= total {
		return off, total, -1
	}
	return off, hi, hi
}
