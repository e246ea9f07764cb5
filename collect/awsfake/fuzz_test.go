package awsfake

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// The endpoint never panics, whatever a client sends.
func FuzzServeHTTP(f *testing.F) {
	s, err := Embedded("seed-502")
	if err != nil {
		f.Fatal(err)
	}
	s.PageSize = 1
	e := New(s)
	f.Add("acm", "POST", "/", "CertificateManager.ListCertificates", `{"MaxItems":1,"NextToken":"x"}`)
	f.Add("acm", "POST", "/", "CertificateManager.DescribeCertificate", `{"CertificateArn":"arn:aws:acm:eu-west-1:111111111111:certificate/qa-wildcard"}`)
	f.Add("elasticloadbalancing", "POST", "/", "", "Action=DescribeRules&RuleArns.member.1=x&Marker=%ZZ")
	f.Add("elasticloadbalancing", "POST", "/", "", "Action=DescribeTargetGroups&PageSize=0")
	f.Add("cloudfront", "GET", "/2020-05-31/distribution?MaxItems=-1&Marker=E", "", "")
	f.Add("cloudfront", "GET", "/2020-05-31/distribution/E1QA1EXAMPLE/config", "", "")
	f.Add("route53", "GET", "/2013-04-01/hostedzone/Z/rrset?name=%5C05&type=A&maxitems=x", "", "")
	f.Add("route53", "GET", "/2013-04-01/hostedzone?marker=nope", "", "")
	f.Add("servicediscovery", "POST", "/", "Route53AutoNaming_v20170314.ListServices", `{"Filters":[{"Name":"NAMESPACE_ID","Values":[],"Condition":"BEGINS_WITH"}]}`)
	f.Add("servicediscovery", "POST", "/", "Route53AutoNaming_v20170314.GetInstancesHealthStatus", `{"ServiceId":1}`)
	f.Fuzz(func(t *testing.T, scope, method, target, amzTarget, body string) {
		if !strings.HasPrefix(target, "/") {
			target = "/" + target
		}
		req, err := http.NewRequest(method, "http://127.0.0.1"+target, strings.NewReader(body))
		if err != nil {
			return
		}
		req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKID111111111111/20261123/eu-west-1/"+scope+"/aws4_request, SignedHeaders=host, Signature=0")
		req.Header.Set("X-Amz-Target", amzTarget)
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		if rec.Code == 0 {
			t.Error("no status")
		}
	})
}

// Parsing never panics, and every error names the file.
func FuzzParseScenario(f *testing.F) {
	f.Add(base)
	f.Add("scenario: x\nenvironments: 3\n")
	f.Add("accounts: {\"1\": {load_balancers: [{listeners: [{rules: [{conditions: [{}]}]}]}]}}")
	f.Fuzz(func(t *testing.T, data string) {
		_, err := ParseScenario("f.yaml", []byte(data))
		if err != nil && !strings.HasPrefix(err.Error(), "f.yaml") {
			t.Errorf("error does not name the file: %v", err)
		}
	})
}
