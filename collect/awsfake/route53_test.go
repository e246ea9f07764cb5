package awsfake

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	r53types "github.com/aws/aws-sdk-go-v2/service/route53/types"
)

func TestRoute53Seed(t *testing.T) {
	for _, ps := range pageSizes {
		t.Run(fmt.Sprintf("page_size=%d", ps), func(t *testing.T) {
			_, url := seed(t, ps)
			ctx := context.Background()
			c := route53.NewFromConfig(sdkConfig(url, "333333333333", "eu-west-1"))
			var zones []r53types.HostedZone
			p := route53.NewListHostedZonesPaginator(c, &route53.ListHostedZonesInput{})
			for p.HasMorePages() {
				page, err := p.NextPage(ctx)
				if err != nil {
					t.Fatal(err)
				}
				zones = append(zones, page.HostedZones...)
			}
			var names []string
			for _, z := range zones {
				names = append(names, fmt.Sprintf("%s private=%v", aws.ToString(z.Name), z.Config.PrivateZone))
			}
			if want := []string{"mydomain.com. private=false", "prod.local. private=true"}; !slices.Equal(names, want) {
				t.Fatalf("zones %v, want %v", names, want)
			}
			var recs []string
			rp := route53.NewListResourceRecordSetsPaginator(c, &route53.ListResourceRecordSetsInput{HostedZoneId: zones[0].Id})
			for rp.HasMorePages() {
				page, err := rp.NextPage(ctx)
				if err != nil {
					t.Fatal(err)
				}
				for _, r := range page.ResourceRecordSets {
					recs = append(recs, fmt.Sprintf("%s %s %s", aws.ToString(r.Name), r.Type, aws.ToString(r.AliasTarget.DNSName)))
				}
			}
			want := []string{
				"mydomain.com. A e3prodexample.cloudfront.net.",
				"app.mydomain.com. A prod-core-1234567890.eu-west-1.elb.amazonaws.com.",
				"www.mydomain.com. A e3prodexample.cloudfront.net.",
			}
			if !slices.Equal(recs, want) {
				t.Errorf("records\n%s\nwant\n%s", strings.Join(recs, "\n"), strings.Join(want, "\n"))
			}
			out, err := c.ListResourceRecordSets(ctx, &route53.ListResourceRecordSetsInput{HostedZoneId: zones[1].Id})
			if err != nil {
				t.Fatal(err)
			}
			srv := out.ResourceRecordSets[0]
			if aws.ToString(srv.Name) != "core.prod.local." || srv.Type != r53types.RRTypeSrv || aws.ToInt64(srv.TTL) != 60 ||
				len(srv.ResourceRecords) != 3 || aws.ToString(srv.ResourceRecords[1].Value) != "1 1 32770 task-prod-b.core.prod.local." {
				t.Errorf("SRV record %+v", srv)
			}
		})
	}
}
