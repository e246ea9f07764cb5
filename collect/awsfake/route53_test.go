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

func TestRoute53Rich(t *testing.T) {
	for _, ps := range []int{1, 2, 0} {
		t.Run(fmt.Sprintf("page_size=%d", ps), func(t *testing.T) {
			_, url := rich(t, ps)
			c := route53.NewFromConfig(sdkConfig(url, "444444444444", "us-east-1"))
			zones, err := c.ListHostedZones(context.Background(), &route53.ListHostedZonesInput{})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			rp := route53.NewListResourceRecordSetsPaginator(c, &route53.ListResourceRecordSetsInput{HostedZoneId: zones.HostedZones[0].Id})
			for rp.HasMorePages() {
				page, err := rp.NextPage(context.Background())
				if err != nil {
					t.Fatal(err)
				}
				for _, r := range page.ResourceRecordSets {
					s := fmt.Sprintf("%s %s", aws.ToString(r.Name), r.Type)
					if r.AliasTarget != nil {
						s += fmt.Sprintf(" alias %s %s", aws.ToString(r.AliasTarget.DNSName), aws.ToString(r.AliasTarget.HostedZoneId))
					} else {
						s += fmt.Sprintf(" ttl %d", aws.ToInt64(r.TTL))
						for _, v := range r.ResourceRecords {
							s += " " + aws.ToString(v.Value)
						}
					}
					got = append(got, s)
				}
			}
			zoneID := strings.TrimPrefix(aws.ToString(zones.HostedZones[0].Id), "/hostedzone/")
			// Route53's order: labels reversed (com.example.www), then type; '*' as \052.
			want := []string{
				"example.com. A alias emodern.cloudfront.net. Z2FDTNDATAQYW2",
				`example.com. TXT ttl 300 "v=spf1 -all"`,
				`\052.example.com. CNAME ttl 300 example.com`,
				"api.example.com. A alias web-1234567890.eu-west-1.elb.amazonaws.com. Z32O12XQLNTSW2",
				"b.example.com. AAAA ttl 60 2001:db8::1",
				"a.b.example.com. A ttl 300 192.0.2.1 192.0.2.2",
				"www.example.com. CNAME alias example.com. " + zoneID,
			}
			if !slices.Equal(got, want) {
				t.Errorf("records\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

func TestRoute53NoSuchZone(t *testing.T) {
	_, url := rich(t, 0)
	c := route53.NewFromConfig(sdkConfig(url, "444444444444", "us-east-1"))
	_, err := c.ListResourceRecordSets(context.Background(), &route53.ListResourceRecordSetsInput{HostedZoneId: aws.String("ZNOPE")})
	if code := errorCode(err); code != "NoSuchHostedZone" {
		t.Errorf("error %v, want NoSuchHostedZone", err)
	}
}

func TestDNSNameEscaping(t *testing.T) {
	tests := []struct{ in, want string }{
		{"*.example.com.", `\052.example.com.`},
		{"_sip._tcp.example.com.", "_sip._tcp.example.com."},
		{"a b.example.com.", `a\040b.example.com.`},
	}
	for _, tt := range tests {
		if got := escapeDNSName(tt.in); got != tt.want {
			t.Errorf("escape(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := unescapeDNSName(tt.want); got != tt.in {
			t.Errorf("unescape(%q) = %q, want %q", tt.want, got, tt.in)
		}
	}
}
