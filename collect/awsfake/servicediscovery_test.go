package awsfake

import (
	"context"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	sd "github.com/aws/aws-sdk-go-v2/service/servicediscovery"
	sdtypes "github.com/aws/aws-sdk-go-v2/service/servicediscovery/types"
)

func TestServiceDiscoverySeed(t *testing.T) {
	for _, ps := range pageSizes {
		t.Run(fmt.Sprintf("page_size=%d", ps), func(t *testing.T) {
			_, url := seed(t, ps)
			ctx := context.Background()
			c := sd.NewFromConfig(sdkConfig(url, "222222222222", "eu-west-1"))
			var nss []sdtypes.NamespaceSummary
			p := sd.NewListNamespacesPaginator(c, &sd.ListNamespacesInput{})
			for p.HasMorePages() {
				page, err := p.NextPage(ctx)
				if err != nil {
					t.Fatal(err)
				}
				nss = append(nss, page.Namespaces...)
			}
			if len(nss) != 1 || aws.ToString(nss[0].Name) != "staging.local" || nss[0].Type != sdtypes.NamespaceTypeDnsPrivate {
				t.Fatalf("namespaces %+v", nss)
			}
			if nss[0].Properties == nil || aws.ToString(nss[0].Properties.DnsProperties.HostedZoneId) == "" {
				t.Errorf("namespace has no hosted zone id")
			}
			var svcs []sdtypes.ServiceSummary
			sp := sd.NewListServicesPaginator(c, &sd.ListServicesInput{Filters: []sdtypes.ServiceFilter{{
				Name: sdtypes.ServiceFilterNameNamespaceId, Values: []string{aws.ToString(nss[0].Id)}, Condition: sdtypes.FilterConditionEq,
			}}})
			for sp.HasMorePages() {
				page, err := sp.NextPage(ctx)
				if err != nil {
					t.Fatal(err)
				}
				svcs = append(svcs, page.Services...)
			}
			if len(svcs) != 1 || aws.ToString(svcs[0].Name) != "core" {
				t.Fatalf("services %+v", svcs)
			}
			got, err := c.GetService(ctx, &sd.GetServiceInput{Id: svcs[0].Id})
			if err != nil {
				t.Fatal(err)
			}
			dr := got.Service.DnsConfig.DnsRecords
			if len(dr) != 2 || dr[0].Type != sdtypes.RecordTypeSrv || aws.ToInt64(dr[0].TTL) != 60 || got.Service.HealthCheckCustomConfig == nil {
				t.Errorf("service %+v", got.Service)
			}
			var insts []sdtypes.InstanceSummary
			ip := sd.NewListInstancesPaginator(c, &sd.ListInstancesInput{ServiceId: svcs[0].Id})
			for ip.HasMorePages() {
				page, err := ip.NextPage(ctx)
				if err != nil {
					t.Fatal(err)
				}
				insts = append(insts, page.Instances...)
			}
			if len(insts) != 2 || insts[1].Attributes["AWS_INSTANCE_IPV4"] != "10.2.1.11" || insts[1].Attributes["AWS_INSTANCE_PORT"] != "32769" {
				t.Fatalf("instances %+v", insts)
			}
			health := map[string]sdtypes.HealthStatus{}
			hp := sd.NewGetInstancesHealthStatusPaginator(c, &sd.GetInstancesHealthStatusInput{ServiceId: svcs[0].Id})
			for hp.HasMorePages() {
				page, err := hp.NextPage(ctx)
				if err != nil {
					t.Fatal(err)
				}
				for k, v := range page.Status {
					health[k] = v
				}
			}
			if len(health) != 2 || health["task-stg-a"] != sdtypes.HealthStatusHealthy {
				t.Errorf("health %v", health)
			}
		})
	}
}

func TestServiceDiscoveryRich(t *testing.T) {
	_, url := rich(t, 1)
	ctx := context.Background()
	c := sd.NewFromConfig(sdkConfig(url, "444444444444", "eu-west-1"))
	out, err := c.ListNamespaces(ctx, &sd.ListNamespacesInput{Filters: []sdtypes.NamespaceFilter{{
		Name: sdtypes.NamespaceFilterNameType, Values: []string{"HTTP"}, Condition: sdtypes.FilterConditionEq,
	}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Namespaces) != 1 || aws.ToString(out.Namespaces[0].Name) != "http-only" || out.Namespaces[0].Properties.DnsProperties != nil {
		t.Fatalf("HTTP namespaces %+v", out.Namespaces)
	}
	all, err := c.ListServices(ctx, &sd.ListServicesInput{MaxResults: aws.Int32(10)})
	if err != nil {
		t.Fatal(err)
	}
	if len(all.Services) != 1 || all.NextToken == nil {
		t.Fatalf("page_size 1: %d services, next token %v", len(all.Services), all.NextToken)
	}
	api, err := c.GetService(ctx, &sd.GetServiceInput{Id: all.Services[0].Id})
	if err != nil {
		t.Fatal(err)
	}
	if hc := api.Service.HealthCheckConfig; hc == nil || hc.Type != sdtypes.HealthCheckTypeHttp || api.Service.HealthCheckCustomConfig != nil {
		t.Errorf("route53 health check %+v", api.Service)
	}
	inst, err := c.ListInstances(ctx, &sd.ListInstancesInput{ServiceId: api.Service.Id, NextToken: aws.String(encodeToken(1))})
	if err != nil {
		t.Fatal(err)
	}
	attrs := inst.Instances[0].Attributes
	want := map[string]string{"AWS_INSTANCE_IPV4": "10.0.1.2", "AWS_INSTANCE_PORT": "8080", "AVAILABILITY_ZONE": "eu-west-1b", "ECS_SERVICE_NAME": "api", "team": "core"}
	for k, v := range want {
		if attrs[k] != v {
			t.Errorf("attribute %s = %q, want %q", k, attrs[k], v)
		}
	}
	h, err := c.GetInstancesHealthStatus(ctx, &sd.GetInstancesHealthStatusInput{ServiceId: api.Service.Id, Instances: []string{"api-2"}})
	if err != nil {
		t.Fatal(err)
	}
	if h.Status["api-2"] != sdtypes.HealthStatusUnhealthy {
		t.Errorf("health %v", h.Status)
	}
	_, err = c.GetService(ctx, &sd.GetServiceInput{Id: aws.String("srv-nope")})
	if code := errorCode(err); code != "ServiceNotFound" {
		t.Errorf("unknown service: %v", err)
	}
}
