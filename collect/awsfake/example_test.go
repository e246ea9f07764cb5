package awsfake_test

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"

	"github.com/envdiff/envdiff/collect/awsfake"
)

// A scenario run points the real SDK clients at the endpoint with each account's
// static credentials; nothing else changes.
func ExampleStart() {
	s, err := awsfake.Embedded("seed-502")
	if err != nil {
		panic(err)
	}
	srv, err := awsfake.Start(s, "", awsfake.WithoutLatency())
	if err != nil {
		panic(err)
	}
	defer srv.Close()

	key, secret := awsfake.Credentials("333333333333") // production's account
	cfg := aws.Config{
		Region:       "eu-west-1",
		Credentials:  credentials.NewStaticCredentialsProvider(key, secret, ""),
		BaseEndpoint: aws.String(srv.URL),
	}
	out, err := elb.NewFromConfig(cfg).DescribeLoadBalancers(context.Background(), &elb.DescribeLoadBalancersInput{})
	if err != nil {
		panic(err)
	}
	for _, lb := range out.LoadBalancers {
		fmt.Println(aws.ToString(lb.LoadBalancerName), aws.ToString(lb.DNSName))
	}
	for _, c := range srv.Endpoint.Calls() {
		fmt.Println(c.Service, c.Operation, c.Account, c.Region, c.Outcome)
	}
	// Output:
	// prod-core prod-core-1234567890.eu-west-1.elb.amazonaws.com
	// elbv2 DescribeLoadBalancers 333333333333 eu-west-1 ok
}
