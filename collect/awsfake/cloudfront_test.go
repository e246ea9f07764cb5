package awsfake

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	cftypes "github.com/aws/aws-sdk-go-v2/service/cloudfront/types"
)

func TestCloudFrontSeed(t *testing.T) {
	for _, ps := range pageSizes {
		t.Run(fmt.Sprintf("page_size=%d", ps), func(t *testing.T) {
			_, url := seed(t, ps)
			ctx := context.Background()
			// Signed with eu-west-1, as a client with BaseEndpoint does: still global.
			c := cloudfront.NewFromConfig(sdkConfig(url, "111111111111", "eu-west-1"))
			var ds []cftypes.DistributionSummary
			p := cloudfront.NewListDistributionsPaginator(c, &cloudfront.ListDistributionsInput{})
			for p.HasMorePages() {
				page, err := p.NextPage(ctx)
				if err != nil {
					t.Fatal(err)
				}
				ds = append(ds, page.DistributionList.Items...)
			}
			var ids []string
			for _, d := range ds {
				ids = append(ids, aws.ToString(d.Id))
			}
			if !slices.Equal(ids, []string{"E1QA1EXAMPLE", "E1QA2EXAMPLE"}) {
				t.Fatalf("distributions %v", ids)
			}
			d := ds[0]
			if aws.ToString(d.DomainName) != "e1qa1example.cloudfront.net" || !slices.Equal(d.Aliases.Items, []string{"qa1.mydomain.com"}) {
				t.Errorf("domain %s aliases %v", aws.ToString(d.DomainName), d.Aliases.Items)
			}
			if aws.ToString(d.ViewerCertificate.ACMCertificateArn) != "arn:aws:acm:us-east-1:111111111111:certificate/qa1-cf" ||
				d.ViewerCertificate.SSLSupportMethod != cftypes.SSLSupportMethodSniOnly ||
				d.ViewerCertificate.MinimumProtocolVersion != cftypes.MinimumProtocolVersionTLSv122021 {
				t.Errorf("viewer certificate %+v", d.ViewerCertificate)
			}
			origins := d.Origins.Items
			if len(origins) != 2 || origins[0].S3OriginConfig == nil || origins[1].CustomOriginConfig == nil {
				t.Fatalf("origins %+v", origins)
			}
			coc := origins[1].CustomOriginConfig
			if coc.OriginProtocolPolicy != cftypes.OriginProtocolPolicyHttpsOnly || aws.ToInt32(coc.HTTPSPort) != 443 ||
				!slices.Equal(coc.OriginSslProtocols.Items, []cftypes.SslProtocol{cftypes.SslProtocolTLSv12}) {
				t.Errorf("custom origin %+v", coc)
			}
			if got := aws.ToString(d.DefaultCacheBehavior.OriginRequestPolicyId); got != PolicyCORSS3Origin {
				t.Errorf("default behaviour policy %s", got)
			}
			bs := d.CacheBehaviors.Items
			if len(bs) != 2 || aws.ToString(bs[1].PathPattern) != "/core/*" || aws.ToString(bs[1].TargetOriginId) != "core" ||
				aws.ToString(bs[1].OriginRequestPolicyId) != PolicyAllViewer || bs[1].ViewerProtocolPolicy != cftypes.ViewerProtocolPolicyHttpsOnly {
				t.Fatalf("behaviours %+v", bs)
			}

			cfg, err := c.GetDistributionConfig(ctx, &cloudfront.GetDistributionConfigInput{Id: aws.String("E1QA2EXAMPLE")})
			if err != nil {
				t.Fatal(err)
			}
			if aws.ToString(cfg.ETag) == "" || aws.ToString(cfg.DistributionConfig.CacheBehaviors.Items[1].OriginRequestPolicyId) != PolicyAllViewer {
				t.Errorf("config %+v", cfg.DistributionConfig)
			}

			pol, err := c.GetOriginRequestPolicy(ctx, &cloudfront.GetOriginRequestPolicyInput{Id: aws.String(PolicyAllViewer)})
			if err != nil {
				t.Fatal(err)
			}
			if hc := pol.OriginRequestPolicy.OriginRequestPolicyConfig.HeadersConfig; hc.HeaderBehavior != cftypes.OriginRequestPolicyHeaderBehaviorAllViewer {
				t.Errorf("AllViewer headers %+v", hc)
			}
			pol, err = c.GetOriginRequestPolicy(ctx, &cloudfront.GetOriginRequestPolicyInput{Id: aws.String(PolicyAllViewerExceptHostHeader)})
			if err != nil {
				t.Fatal(err)
			}
			if hc := pol.OriginRequestPolicy.OriginRequestPolicyConfig.HeadersConfig; hc.HeaderBehavior != cftypes.OriginRequestPolicyHeaderBehaviorAllExcept || !slices.Equal(hc.Headers.Items, []string{"host"}) {
				t.Errorf("AllViewerExceptHostHeader headers %+v", hc)
			}
		})
	}
}

func TestCloudFrontRich(t *testing.T) {
	_, url := rich(t, 0)
	ctx := context.Background()
	c := cloudfront.NewFromConfig(sdkConfig(url, "444444444444", "us-east-1"))
	out, err := c.ListDistributions(ctx, &cloudfront.ListDistributionsInput{})
	if err != nil {
		t.Fatal(err)
	}
	ds := out.DistributionList.Items
	if len(ds) != 3 {
		t.Fatalf("%d distributions", len(ds))
	}
	legacy := ds[0]
	if aws.ToBool(legacy.Enabled) || !aws.ToBool(legacy.ViewerCertificate.CloudFrontDefaultCertificate) {
		t.Errorf("legacy enabled %v viewer certificate %+v", aws.ToBool(legacy.Enabled), legacy.ViewerCertificate)
	}
	lb := legacy.DefaultCacheBehavior
	if lb.OriginRequestPolicyId != nil || lb.ForwardedValues == nil || !slices.Equal(lb.ForwardedValues.Headers.Items, []string{"Host", "Origin"}) {
		t.Errorf("legacy behaviour: policy %v forwarded %+v", lb.OriginRequestPolicyId, lb.ForwardedValues)
	}
	coc := legacy.Origins.Items[0].CustomOriginConfig
	if coc.OriginProtocolPolicy != cftypes.OriginProtocolPolicyMatchViewer || aws.ToInt32(coc.HTTPSPort) != 8443 || len(coc.OriginSslProtocols.Items) != 2 {
		t.Errorf("legacy origin %+v", coc)
	}
	tests := []struct {
		dist, policy string
	}{
		{"EMODERN", PolicyAllViewerExceptHostHeader}, // custom origin, Host not forwarded
		{"E3", PolicyCORSS3Origin},                   // S3 origin
	}
	for i, tt := range tests {
		d := ds[i+1]
		if aws.ToString(d.Id) != tt.dist || aws.ToString(d.DefaultCacheBehavior.OriginRequestPolicyId) != tt.policy {
			t.Errorf("%s default behaviour policy %s, want %s", aws.ToString(d.Id), aws.ToString(d.DefaultCacheBehavior.OriginRequestPolicyId), tt.policy)
		}
	}
	pol, err := c.GetOriginRequestPolicy(ctx, &cloudfront.GetOriginRequestPolicyInput{Id: aws.String(PolicyCORSS3Origin)})
	if err != nil {
		t.Fatal(err)
	}
	hc := pol.OriginRequestPolicy.OriginRequestPolicyConfig.HeadersConfig
	if hc.HeaderBehavior != cftypes.OriginRequestPolicyHeaderBehaviorWhitelist || !slices.Contains(hc.Headers.Items, "origin") {
		t.Errorf("CORS-S3Origin headers %+v", hc)
	}
	_, err = c.GetDistributionConfig(ctx, &cloudfront.GetDistributionConfigInput{Id: aws.String("ENOPE")})
	if code := errorCode(err); code != "NoSuchDistribution" {
		t.Errorf("unknown distribution: %v", err)
	}
	_, err = c.GetOriginRequestPolicy(ctx, &cloudfront.GetOriginRequestPolicyInput{Id: aws.String("00000000-0000-0000-0000-000000000000")})
	if code := errorCode(err); code != "NoSuchOriginRequestPolicy" {
		t.Errorf("unknown policy: %v", err)
	}
}
