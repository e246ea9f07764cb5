package collect

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	cftypes "github.com/aws/aws-sdk-go-v2/service/cloudfront/types"
)

// cloudfrontAPI is the read-only part of the CloudFront client envdiff uses.
type cloudfrontAPI interface {
	cloudfront.ListDistributionsAPIClient
	GetOriginRequestPolicy(context.Context, *cloudfront.GetOriginRequestPolicyInput, ...func(*cloudfront.Options)) (*cloudfront.GetOriginRequestPolicyOutput, error)
}

// The managed origin request policies whose Host handling is known without a call.
const (
	policyAllViewer                 = "216adef6-5c7f-47e4-b989-5492eafa07d3"
	policyAllViewerExceptHostHeader = "b689b0a8-53d0-40ab-baf2-68738e2966ac"
	// Whitelists without Host.
	policyCORSS3Origin     = "88a5eaf4-2fd4-4709-b370-b4c650ea3fcf"
	policyCORSCustomOrigin = "59781a5b-3903-41f3-afcb-af62929ccde1"
	policyUserAgentReferer = "acba4595-bd28-49b8-b9fe-13317c0390fa"
)

// hostDecision is whether the Host header reaches the origin, and why.
type hostDecision struct {
	forwards bool
	source   string
}

// collectCloudFront reads every distribution; ListDistributions carries the whole
// configuration, so the only other calls are for custom origin request policies, each
// looked up once.
func collectCloudFront(ctx context.Context, c cloudfrontAPI, pageSize int32, errs *errorSet) []Distribution {
	var out []Distribution
	policies := map[string]*hostDecision{}
	p := cloudfront.NewListDistributionsPaginator(c, &cloudfront.ListDistributionsInput{MaxItems: aws.Int32(pageSize)},
		func(o *cloudfront.ListDistributionsPaginatorOptions) { o.StopOnDuplicateToken = true })
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			errs.add(fmt.Errorf("cloudfront: list distributions: %w", err))
			return out
		}
		if page.DistributionList == nil {
			continue
		}
		for _, s := range page.DistributionList.Items {
			out = append(out, distributionFrom(ctx, c, s, policies, errs))
		}
		jobFrom(ctx).addItems(len(page.DistributionList.Items))
	}
	return out
}

func distributionFrom(ctx context.Context, c cloudfrontAPI, s cftypes.DistributionSummary, policies map[string]*hostDecision, errs *errorSet) Distribution {
	d := Distribution{
		ID:         str(s.Id),
		ARN:        str(s.ARN),
		DomainName: normaliseDNSName(str(s.DomainName)),
		Enabled:    aws.ToBool(s.Enabled),
		Status:     str(s.Status),
		Aliases:    []string{},
		Origins:    []Origin{},
		Behaviors:  []Behavior{},
	}
	if s.Aliases != nil {
		for _, a := range s.Aliases.Items {
			d.Aliases = append(d.Aliases, normaliseDNSName(a))
		}
	}
	if v := s.ViewerCertificate; v != nil {
		d.ViewerCertificate = ViewerCertificate{
			CloudFrontDefault:      aws.ToBool(v.CloudFrontDefaultCertificate),
			ACMCertificateARN:      str(v.ACMCertificateArn),
			IAMCertificateID:       str(v.IAMCertificateId),
			SSLSupportMethod:       string(v.SSLSupportMethod),
			MinimumProtocolVersion: string(v.MinimumProtocolVersion),
		}
	}
	if s.Origins != nil {
		for _, o := range s.Origins.Items {
			d.Origins = append(d.Origins, originFrom(o))
		}
	}
	if b := s.DefaultCacheBehavior; b != nil {
		d.DefaultBehavior = behaviorFrom(ctx, c, "", str(b.TargetOriginId), string(b.ViewerProtocolPolicy),
			str(b.OriginRequestPolicyId), b.ForwardedValues, policies, errs)
	}
	if s.CacheBehaviors != nil {
		for _, b := range s.CacheBehaviors.Items {
			d.Behaviors = append(d.Behaviors, behaviorFrom(ctx, c, str(b.PathPattern), str(b.TargetOriginId),
				string(b.ViewerProtocolPolicy), str(b.OriginRequestPolicyId), b.ForwardedValues, policies, errs))
		}
	}
	return d
}

func originFrom(o cftypes.Origin) Origin {
	out := Origin{ID: str(o.Id), DomainName: normaliseDNSName(str(o.DomainName)), OriginPath: str(o.OriginPath)}
	out.S3 = o.S3OriginConfig != nil
	if co := o.CustomOriginConfig; co != nil {
		out.ProtocolPolicy = string(co.OriginProtocolPolicy)
		out.HTTPPort = int(aws.ToInt32(co.HTTPPort))
		out.HTTPSPort = int(aws.ToInt32(co.HTTPSPort))
		if co.OriginSslProtocols != nil {
			for _, p := range co.OriginSslProtocols.Items {
				out.SSLProtocols = append(out.SSLProtocols, string(p))
			}
		}
	}
	return out
}

func behaviorFrom(ctx context.Context, c cloudfrontAPI, path, origin, viewer, policyID string, fv *cftypes.ForwardedValues,
	policies map[string]*hostDecision, errs *errorSet) Behavior {
	b := Behavior{PathPattern: path, TargetOriginID: origin, ViewerProtocolPolicy: viewer, OriginRequestPolicyID: policyID}
	switch {
	case policyID != "":
		dec := policies[policyID]
		if dec == nil {
			dec = resolvePolicy(ctx, c, policyID, errs)
			policies[policyID] = dec
		}
		b.ForwardsHost, b.HostForwardingSource = dec.forwards, dec.source
	case fv != nil && fv.Headers != nil:
		for _, h := range fv.Headers.Items {
			if h == "*" || strings.EqualFold(h, "Host") {
				b.ForwardsHost = true
			}
		}
		b.HostForwardingSource = "legacy ForwardedValues.Headers"
	default:
		b.HostForwardingSource = "no origin request policy"
	}
	return b
}

// resolvePolicy decides Host forwarding for one origin request policy. When the policy
// cannot be read, the collector records the error and the behaviour reads as not
// forwarding, which the recorded error marks as unknown.
func resolvePolicy(ctx context.Context, c cloudfrontAPI, id string, errs *errorSet) *hostDecision {
	switch id {
	case policyAllViewer:
		return &hostDecision{true, "origin request policy AllViewer (managed)"}
	case policyAllViewerExceptHostHeader:
		return &hostDecision{false, "origin request policy AllViewerExceptHostHeader (managed)"}
	case policyCORSS3Origin:
		return &hostDecision{false, "origin request policy CORS-S3Origin (managed)"}
	case policyCORSCustomOrigin:
		return &hostDecision{false, "origin request policy CORS-CustomOrigin (managed)"}
	case policyUserAgentReferer:
		return &hostDecision{false, "origin request policy UserAgentRefererHeaders (managed)"}
	}
	out, err := c.GetOriginRequestPolicy(ctx, &cloudfront.GetOriginRequestPolicyInput{Id: aws.String(id)})
	if err != nil {
		errs.add(fmt.Errorf("cloudfront: get origin request policy %s: %w", id, err))
		return &hostDecision{false, "origin request policy " + id + " (unreadable)"}
	}
	var cfg *cftypes.OriginRequestPolicyConfig
	if out.OriginRequestPolicy != nil {
		cfg = out.OriginRequestPolicy.OriginRequestPolicyConfig
	}
	name := id
	if cfg != nil && str(cfg.Name) != "" {
		name = str(cfg.Name)
	}
	src := "origin request policy " + name
	if cfg == nil || cfg.HeadersConfig == nil {
		return &hostDecision{false, src}
	}
	return &hostDecision{headersForwardHost(cfg.HeadersConfig), src}
}

// headersForwardHost applies a policy's header behaviour to the Host header.
func headersForwardHost(h *cftypes.OriginRequestPolicyHeadersConfig) bool {
	listed := false
	if h.Headers != nil {
		for _, name := range h.Headers.Items {
			if strings.EqualFold(name, "Host") {
				listed = true
			}
		}
	}
	switch h.HeaderBehavior {
	case cftypes.OriginRequestPolicyHeaderBehaviorAllViewer,
		cftypes.OriginRequestPolicyHeaderBehaviorAllViewerAndWhitelistCloudFront:
		return true
	case cftypes.OriginRequestPolicyHeaderBehaviorWhitelist:
		return listed
	case cftypes.OriginRequestPolicyHeaderBehaviorAllExcept:
		return !listed
	default:
		return false
	}
}
