package awsfake

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	"github.com/aws/aws-sdk-go-v2/service/acm/types"
)

func TestACMSeed(t *testing.T) {
	for _, ps := range pageSizes {
		t.Run(fmt.Sprintf("page_size=%d", ps), func(t *testing.T) {
			e, url := seed(t, ps)
			ctx := context.Background()
			c := acm.NewFromConfig(sdkConfig(url, "333333333333", "us-east-1"))
			var arns []string
			p := acm.NewListCertificatesPaginator(c, &acm.ListCertificatesInput{})
			for p.HasMorePages() {
				page, err := p.NextPage(ctx)
				if err != nil {
					t.Fatal(err)
				}
				for _, s := range page.CertificateSummaryList {
					arns = append(arns, aws.ToString(s.CertificateArn))
					if got := s.SubjectAlternativeNameSummaries; !slices.Equal(got, []string{"mydomain.com", "www.mydomain.com"}) {
						t.Errorf("SANs = %v", got)
					}
					if !aws.ToBool(s.InUse) || s.Status != types.CertificateStatusIssued {
						t.Errorf("InUse %v Status %v", aws.ToBool(s.InUse), s.Status)
					}
				}
			}
			if want := []string{"arn:aws:acm:us-east-1:333333333333:certificate/prod-cf"}; !slices.Equal(arns, want) {
				t.Fatalf("us-east-1 certificates = %v, want %v", arns, want)
			}
			d, err := c.DescribeCertificate(ctx, &acm.DescribeCertificateInput{CertificateArn: aws.String(arns[0])})
			if err != nil {
				t.Fatal(err)
			}
			cert := d.Certificate
			if got, want := aws.ToTime(cert.NotAfter), fixedNow.Add(180*24*time.Hour); !got.Equal(want) {
				t.Errorf("NotAfter = %v, want %v", got, want)
			}
			if got := cert.InUseBy; !slices.Equal(got, []string{"arn:aws:cloudfront::333333333333:distribution/E3PRODEXAMPLE"}) {
				t.Errorf("InUseBy = %v", got)
			}
			if cert.KeyAlgorithm != types.KeyAlgorithmRsa2048 || cert.Type != types.CertificateTypeAmazonIssued {
				t.Errorf("KeyAlgorithm %v Type %v", cert.KeyAlgorithm, cert.Type)
			}
			if n := len(e.Calls()); n < 2 {
				t.Errorf("recorded %d calls", n)
			}
		})
	}
}

func listCerts(t *testing.T, c *acm.Client, in *acm.ListCertificatesInput) []types.CertificateSummary {
	t.Helper()
	var out []types.CertificateSummary
	p := acm.NewListCertificatesPaginator(c, in)
	for p.HasMorePages() {
		page, err := p.NextPage(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, page.CertificateSummaryList...)
	}
	return out
}

func certIDs(cs []types.CertificateSummary) []string {
	var ids []string
	for _, c := range cs {
		arn := aws.ToString(c.CertificateArn)
		ids = append(ids, arn[len("arn:aws:acm:eu-west-1:444444444444:certificate/"):])
	}
	return ids
}

func TestACMListFilters(t *testing.T) {
	allKeys := &types.Filters{KeyTypes: []types.KeyAlgorithm{types.KeyAlgorithmRsa2048, types.KeyAlgorithmEcPrime256v1}}
	tests := []struct {
		name string
		in   *acm.ListCertificatesInput
		want []string
	}{
		// As on AWS: without Includes.KeyTypes an ECDSA certificate is silently missing.
		{"default lists RSA_1024 and RSA_2048 only", &acm.ListCertificatesInput{}, []string{"rsa", "expired", "unused", "weak"}},
		{"every key type", &acm.ListCertificatesInput{Includes: allKeys}, []string{"rsa", "ecdsa", "expired", "unused"}},
		{"issued only", &acm.ListCertificatesInput{Includes: allKeys, CertificateStatuses: []types.CertificateStatus{types.CertificateStatusIssued}}, []string{"rsa", "ecdsa", "unused"}},
	}
	for _, ps := range pageSizes {
		_, url := rich(t, ps)
		c := acm.NewFromConfig(sdkConfig(url, "444444444444", "eu-west-1"))
		for _, tt := range tests {
			t.Run(fmt.Sprintf("%s/page_size=%d", tt.name, ps), func(t *testing.T) {
				if got := certIDs(listCerts(t, c, tt.in)); !slices.Equal(got, tt.want) {
					t.Errorf("got %v, want %v", got, tt.want)
				}
			})
		}
	}
}

func TestACMDescribe(t *testing.T) {
	_, url := rich(t, 0)
	ctx := context.Background()
	c := acm.NewFromConfig(sdkConfig(url, "444444444444", "eu-west-1"))
	lbARN := "arn:aws:elasticloadbalancing:eu-west-1:444444444444:loadbalancer/app/web/"
	tests := []struct {
		id                  string
		notBefore, notAfter time.Time
		status              types.CertificateStatus
		inUse               bool
		typ                 types.CertificateType
		sans                []string
	}{
		{"rsa", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), fixedNow.Add(10 * 24 * time.Hour), types.CertificateStatusIssued, true, types.CertificateTypeAmazonIssued, []string{"*.example.com", "example.com"}},
		{"ecdsa", fixedNow.Add(-180 * 24 * time.Hour), fixedNow.Add(180 * 24 * time.Hour), types.CertificateStatusIssued, true, types.CertificateTypeImported, []string{"api.example.com"}},
		{"expired", fixedNow.Add(-180 * 24 * time.Hour), fixedNow.Add(-3 * 24 * time.Hour), types.CertificateStatusExpired, false, types.CertificateTypeAmazonIssued, []string{"old.example.com"}},
		{"unused", fixedNow.Add(-180 * 24 * time.Hour), fixedNow.Add(180 * 24 * time.Hour), types.CertificateStatusIssued, false, types.CertificateTypeAmazonIssued, []string{"unused.example.com"}},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			out, err := c.DescribeCertificate(ctx, &acm.DescribeCertificateInput{CertificateArn: aws.String("arn:aws:acm:eu-west-1:444444444444:certificate/" + tt.id)})
			if err != nil {
				t.Fatal(err)
			}
			d := out.Certificate
			if !aws.ToTime(d.NotBefore).Equal(tt.notBefore) || !aws.ToTime(d.NotAfter).Equal(tt.notAfter) {
				t.Errorf("validity %v – %v, want %v – %v", aws.ToTime(d.NotBefore), aws.ToTime(d.NotAfter), tt.notBefore, tt.notAfter)
			}
			if d.Status != tt.status || d.Type != tt.typ || !slices.Equal(d.SubjectAlternativeNames, tt.sans) {
				t.Errorf("status %s type %s SANs %v", d.Status, d.Type, d.SubjectAlternativeNames)
			}
			if inUse := len(d.InUseBy) == 1 && strings.HasPrefix(d.InUseBy[0], lbARN); inUse != tt.inUse {
				t.Errorf("InUseBy %v, want in use by the web load balancer: %v", d.InUseBy, tt.inUse)
			}
		})
	}
}

func TestACMNotFound(t *testing.T) {
	_, url := rich(t, 0)
	ctx := context.Background()
	tests := []struct {
		name, account, region, arn, code string
	}{
		{"other region", "444444444444", "us-east-1", "arn:aws:acm:eu-west-1:444444444444:certificate/rsa", "ResourceNotFoundException"},
		{"no such certificate", "444444444444", "eu-west-1", "arn:aws:acm:eu-west-1:444444444444:certificate/nope", "ResourceNotFoundException"},
		{"not an ARN", "444444444444", "eu-west-1", "rsa", "InvalidArnException"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := acm.NewFromConfig(sdkConfig(url, tt.account, tt.region))
			_, err := c.DescribeCertificate(ctx, &acm.DescribeCertificateInput{CertificateArn: aws.String(tt.arn)})
			if code := errorCode(err); code != tt.code {
				t.Errorf("error %v, want code %s", err, tt.code)
			}
		})
	}
}
