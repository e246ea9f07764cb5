package awsfake

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzParseScenario feeds the scenario parser anything: it never panics, every error
// names the file, and a scenario it accepts can be served (the endpoint answers a list
// call without panicking).
func FuzzParseScenario(f *testing.F) {
	seed, err := embedded.ReadFile("scenarios/seed-502.yaml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	for _, s := range []string{
		"", "scenario: x\n", "scenario: [\n", "\x00\xff",
		"scenario: s\nenvironments:\n  - {name: a, role: passed, account: \"111111111111\"}\n  - {name: b, role: target, account: \"222222222222\"}\n",
		"scenario: s\nenvironments:\n  - {name: a, role: passed, account: \"111111111111\", regions: [1]}\n  - {name: a, role: target, account: \"x\"}\nfaults: [{env: a, service: acm, kind: timeout, times: -1}]\n",
		"scenario: s\nlatency_ms: -5\npage_size: 0\nrate_limits: aws\n",
		"scenario: &a s\nx: *a\n", "scenario: s\nscenario: t\n", "accounts: {\"1\": {certificates: [{arn: \"arn:aws:acm\"}]}}\n",
		"scenario: s\naccounts:\n  \"111111111111\":\n    certificates: [{arn: x, not_after: \"+99999999999d\"}]\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ParseScenario("fuzz.yaml", data)
		if err != nil {
			if !strings.Contains(err.Error(), "fuzz.yaml") {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		if len(s.Environments) < 2 {
			t.Fatalf("accepted a scenario with %d environments", len(s.Environments))
		}
		// Serve the accepted scenario: building the endpoint and answering a call walks
		// everything the parser let through.
		e := New(s, WithoutLatency())
		defer e.Close()
		key, _ := Credentials(s.Environments[0].Account)
		req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader("{}"))
		req.Header.Set("X-Amz-Target", "CertificateManager.ListCertificates")
		req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential="+key+"/20260101/us-east-1/acm/aws4_request, SignedHeaders=host, Signature=0")
		e.ServeHTTP(httptest.NewRecorder(), req)
	})
}
