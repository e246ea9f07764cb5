package awsfake

import (
	"context"
	"fmt"
	"slices"
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
