package collect

import (
	"context"
	"fmt"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	sd "github.com/aws/aws-sdk-go-v2/service/servicediscovery"
	sdtypes "github.com/aws/aws-sdk-go-v2/service/servicediscovery/types"
)

// cloudMapAPI is the read-only part of the Cloud Map client envdiff uses. It avoids
// DiscoverInstances: that call goes to a data- host prefix and is quota'd apart.
type cloudMapAPI interface {
	sd.ListNamespacesAPIClient
	sd.ListServicesAPIClient
	sd.ListInstancesAPIClient
	sd.GetInstancesHealthStatusAPIClient
}

// collectCloudMap reads one region's namespaces → services → instances with health.
func collectCloudMap(ctx context.Context, c cloudMapAPI, region string, pageSize int32, errs *errorSet) []Namespace {
	var out []Namespace
	p := sd.NewListNamespacesPaginator(c, &sd.ListNamespacesInput{MaxResults: aws.Int32(pageSize)},
		func(o *sd.ListNamespacesPaginatorOptions) { o.StopOnDuplicateToken = true })
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			errs.add(fmt.Errorf("servicediscovery %s: list namespaces: %w", region, err))
			return nil
		}
		for _, n := range page.Namespaces {
			ns := Namespace{ID: str(n.Id), ARN: str(n.Arn), Name: normaliseDNSName(str(n.Name)),
				Type: string(n.Type), Region: region, Services: []Service{}}
			if n.Properties != nil && n.Properties.DnsProperties != nil {
				ns.HostedZoneID = str(n.Properties.DnsProperties.HostedZoneId)
			}
			out = append(out, ns)
		}
	}
	forEach(ctx, len(out), func(i int) {
		out[i].Services = listServices(ctx, c, region, &out[i], pageSize, errs)
	})
	return out
}

func listServices(ctx context.Context, c cloudMapAPI, region string, ns *Namespace, pageSize int32, errs *errorSet) []Service {
	out := []Service{}
	p := sd.NewListServicesPaginator(c, &sd.ListServicesInput{
		MaxResults: aws.Int32(pageSize),
		Filters: []sdtypes.ServiceFilter{{
			Name: sdtypes.ServiceFilterNameNamespaceId, Values: []string{ns.ID}, Condition: sdtypes.FilterConditionEq,
		}},
	}, func(o *sd.ListServicesPaginatorOptions) { o.StopOnDuplicateToken = true })
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			errs.add(fmt.Errorf("servicediscovery %s: list services of %s: %w", region, ns.Name, err))
			return out
		}
		for _, s := range page.Services {
			svc := Service{ID: str(s.Id), ARN: str(s.Arn), Name: str(s.Name), HealthCheck: "none", Instances: []Instance{}}
			if s.DnsConfig != nil {
				for _, r := range s.DnsConfig.DnsRecords {
					svc.DNSRecords = append(svc.DNSRecords, DNSRecord{Type: string(r.Type), TTL: aws.ToInt64(r.TTL)})
				}
			}
			switch {
			case s.HealthCheckCustomConfig != nil:
				svc.HealthCheck = "custom"
			case s.HealthCheckConfig != nil:
				svc.HealthCheck = "route53"
			}
			out = append(out, svc)
		}
	}
	for i := range out {
		out[i].Instances = listInstances(ctx, c, region, &out[i], pageSize, errs)
	}
	return out
}

func listInstances(ctx context.Context, c cloudMapAPI, region string, svc *Service, pageSize int32, errs *errorSet) []Instance {
	out := []Instance{}
	p := sd.NewListInstancesPaginator(c, &sd.ListInstancesInput{ServiceId: aws.String(svc.ID), MaxResults: aws.Int32(pageSize)},
		func(o *sd.ListInstancesPaginatorOptions) { o.StopOnDuplicateToken = true })
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			errs.add(fmt.Errorf("servicediscovery %s: list instances of %s: %w", region, svc.Name, err))
			return out
		}
		for _, in := range page.Instances {
			inst := Instance{ID: str(in.Id), Attributes: in.Attributes, IPv4: in.Attributes["AWS_INSTANCE_IPV4"]}
			if port, err := strconv.Atoi(in.Attributes["AWS_INSTANCE_PORT"]); err == nil {
				inst.Port = port
			}
			out = append(out, inst)
		}
		jobFrom(ctx).addItems(len(page.Instances))
	}
	if len(out) == 0 {
		return out
	}

	status := map[string]string{}
	hp := sd.NewGetInstancesHealthStatusPaginator(c, &sd.GetInstancesHealthStatusInput{ServiceId: aws.String(svc.ID), MaxResults: aws.Int32(pageSize)},
		func(o *sd.GetInstancesHealthStatusPaginatorOptions) { o.StopOnDuplicateToken = true })
	for hp.HasMorePages() {
		page, err := hp.NextPage(ctx)
		if err != nil {
			errs.add(fmt.Errorf("servicediscovery %s: get health of %s: %w", region, svc.Name, err))
			break
		}
		for id, h := range page.Status {
			status[id] = string(h)
		}
	}
	for i := range out {
		switch h, ok := status[out[i].ID]; {
		case ok:
			out[i].Health = h
		case svc.HealthCheck == "none":
			// Without a health check Cloud Map answers every instance as healthy.
			out[i].Health = string(sdtypes.HealthStatusHealthy)
		default:
			out[i].Health = string(sdtypes.HealthStatusUnknown)
		}
	}
	return out
}
