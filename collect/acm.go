package collect

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	acmtypes "github.com/aws/aws-sdk-go-v2/service/acm/types"
)

// acmAPI is the read-only part of the ACM client envdiff uses.
type acmAPI interface {
	acm.ListCertificatesAPIClient
	DescribeCertificate(context.Context, *acm.DescribeCertificateInput, ...func(*acm.Options)) (*acm.DescribeCertificateOutput, error)
}

// collectACM reads every certificate of one region, whatever its key type: without
// Includes.KeyTypes ListCertificates silently returns RSA_1024/RSA_2048 ones only.
func collectACM(ctx context.Context, c acmAPI, region string, pageSize int32, errs *errorSet) []Certificate {
	var arns []string
	p := acm.NewListCertificatesPaginator(c, &acm.ListCertificatesInput{
		MaxItems: aws.Int32(pageSize),
		Includes: &acmtypes.Filters{KeyTypes: acmtypes.KeyAlgorithm("").Values()},
	}, func(o *acm.ListCertificatesPaginatorOptions) { o.StopOnDuplicateToken = true })
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			errs.add(fmt.Errorf("acm %s: list certificates: %w", region, err))
			return nil
		}
		for _, s := range page.CertificateSummaryList {
			if arn := str(s.CertificateArn); arn != "" {
				arns = append(arns, arn)
			}
		}
	}

	certs := make([]Certificate, len(arns))
	ok := make([]bool, len(arns))
	forEach(ctx, len(arns), func(i int) {
		out, err := c.DescribeCertificate(ctx, &acm.DescribeCertificateInput{CertificateArn: aws.String(arns[i])})
		if err != nil {
			errs.add(fmt.Errorf("acm %s: describe %s: %w", region, arns[i], err))
			return
		}
		if out.Certificate == nil {
			return
		}
		certs[i], ok[i] = certificateFrom(out.Certificate, arns[i], region), true
		jobFrom(ctx).addItems(1)
	})
	kept := certs[:0]
	for i := range certs {
		if ok[i] {
			kept = append(kept, certs[i])
		}
	}
	return kept
}

func certificateFrom(d *acmtypes.CertificateDetail, arn, region string) Certificate {
	if a := str(d.CertificateArn); a != "" {
		arn = a
	}
	c := Certificate{
		ARN:          arn,
		Region:       region,
		Account:      arnAccount(arn),
		DomainName:   str(d.DomainName),
		SANs:         append([]string{}, d.SubjectAlternativeNames...),
		Status:       string(d.Status),
		Type:         string(d.Type),
		KeyAlgorithm: string(d.KeyAlgorithm),
		NotBefore:    aws.ToTime(d.NotBefore).UTC(),
		NotAfter:     aws.ToTime(d.NotAfter).UTC(),
		InUseBy:      d.InUseBy,
	}
	if r := arnRegion(arn); r != "" {
		c.Region = r
	}
	return c
}
