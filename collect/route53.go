package collect

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/route53"
)

// route53API is the read-only part of the Route53 client envdiff uses.
type route53API interface {
	route53.ListHostedZonesAPIClient
	route53.ListResourceRecordSetsAPIClient
}

// collectRoute53 reads every hosted zone of the account, public and private, with all
// their records.
func collectRoute53(ctx context.Context, c route53API, zonePage, recordPage int32, errs *errorSet) []HostedZone {
	var zones []HostedZone
	p := route53.NewListHostedZonesPaginator(c, &route53.ListHostedZonesInput{MaxItems: aws.Int32(zonePage)},
		func(o *route53.ListHostedZonesPaginatorOptions) { o.StopOnDuplicateToken = true })
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			errs.add(fmt.Errorf("route53: list hosted zones: %w", err))
			return nil
		}
		for _, z := range page.HostedZones {
			hz := HostedZone{
				ID:      strings.TrimPrefix(str(z.Id), "/hostedzone/"),
				Name:    normaliseDNSName(str(z.Name)),
				Records: []Record{},
			}
			if z.Config != nil {
				hz.Private = z.Config.PrivateZone
			}
			zones = append(zones, hz)
		}
	}
	forEach(ctx, len(zones), func(i int) {
		zones[i].Records = listRecords(ctx, c, &zones[i], recordPage, errs)
	})
	return zones
}

func listRecords(ctx context.Context, c route53API, z *HostedZone, pageSize int32, errs *errorSet) []Record {
	out := []Record{}
	p := route53.NewListResourceRecordSetsPaginator(c, &route53.ListResourceRecordSetsInput{
		HostedZoneId: aws.String(z.ID), MaxItems: aws.Int32(pageSize),
	}, func(o *route53.ListResourceRecordSetsPaginatorOptions) { o.StopOnDuplicateToken = true })
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			errs.add(fmt.Errorf("route53: list records of zone %s (%s): %w", z.Name, z.ID, err))
			return out
		}
		for _, rr := range page.ResourceRecordSets {
			r := Record{
				Name:          normaliseDNSName(str(rr.Name)),
				Type:          string(rr.Type),
				TTL:           aws.ToInt64(rr.TTL),
				SetIdentifier: str(rr.SetIdentifier),
			}
			for _, v := range rr.ResourceRecords {
				r.Values = append(r.Values, str(v.Value))
			}
			if rr.AliasTarget != nil {
				r.AliasTarget = normaliseAliasTarget(str(rr.AliasTarget.DNSName))
			}
			out = append(out, r)
		}
		jobFrom(ctx).addItems(len(page.ResourceRecordSets))
	}
	return out
}

// normaliseDNSName gives a name the one spelling the snapshot uses: Route53's \ooo
// octal escapes decoded (\052 is *), lower case, no trailing dot. A malformed escape
// is kept as written rather than guessed at.
func normaliseDNSName(name string) string {
	var b strings.Builder
	for i := 0; i < len(name); i++ {
		if name[i] == '\\' && i+3 < len(name) && name[i+1] <= '3' && isOctal(name[i+1]) && isOctal(name[i+2]) && isOctal(name[i+3]) {
			v := (name[i+1]-'0')*64 + (name[i+2]-'0')*8 + (name[i+3] - '0')
			b.WriteByte(v)
			i += 3
			continue
		}
		b.WriteByte(name[i])
	}
	return strings.TrimSuffix(strings.ToLower(b.String()), ".")
}

func isOctal(c byte) bool { return c >= '0' && c <= '7' }

// normaliseAliasTarget normalises like a name and drops the "dualstack." prefix Route53
// puts before load balancer targets: it names the same load balancer, and the diff
// engine matches targets against DNSName as DescribeLoadBalancers returns it.
func normaliseAliasTarget(target string) string {
	return strings.TrimPrefix(normaliseDNSName(target), "dualstack.")
}
