package main

import (
	"bufio"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
)

// The printed exports are enough for an AWS client to reach the environment.
func TestEndpointCommandServesUntilCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	root := newRootCmd(buildInfo{Version: "test"})
	root.SetArgs([]string{"endpoint", "--scenario", "seed-502"})
	root.SetOut(pw)
	root.SetErr(io.Discard)
	done := make(chan error, 1)
	go func() {
		done <- root.ExecuteContext(ctx)
		pw.Close()
	}()

	env := map[string]string{}
	var current string
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "# production ") {
			current = "production"
		}
		if rest, ok := strings.CutPrefix(line, "export "); ok && (current == "production" || strings.HasPrefix(rest, "AWS_ENDPOINT_URL=")) {
			for _, kv := range strings.Fields(rest) {
				k, v, _ := strings.Cut(kv, "=")
				env[k] = v
			}
			if current == "production" {
				break
			}
		}
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	if env["AWS_ENDPOINT_URL"] == "" || env["AWS_ACCESS_KEY_ID"] != "AKID333333333333" || env["AWS_REGION"] != "eu-west-1" {
		t.Fatalf("exports %v", env)
	}
	c := elb.NewFromConfig(aws.Config{
		Region:       env["AWS_REGION"],
		Credentials:  credentials.NewStaticCredentialsProvider(env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"], ""),
		BaseEndpoint: aws.String(env["AWS_ENDPOINT_URL"]),
	})
	out, err := c.DescribeLoadBalancers(ctx, &elb.DescribeLoadBalancersInput{})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.LoadBalancers) != 1 || aws.ToString(out.LoadBalancers[0].LoadBalancerName) != "prod-core" {
		t.Errorf("load balancers %+v", out.LoadBalancers)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("endpoint returned %v after Ctrl-C", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("endpoint did not stop after its context was cancelled")
	}
}

func TestEndpointCommandUsageErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("scenario: x\nenvironmentz: []\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"bad file", []string{"endpoint", "--scenario", bad}, bad + ":2: environmentz: unknown key"},
		{"missing file", []string{"endpoint", "--scenario", filepath.Join(dir, "nope.yaml")}, "no such file"},
		{"no scenario", []string{"endpoint"}, "--scenario FILE is required"},
		{"non-loopback address", []string{"endpoint", "--scenario", "seed-502", "--addr", "0.0.0.0:0"}, "only loopback"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := newRootCmd(buildInfo{Version: "test"})
			root.SetArgs(tt.args)
			root.SetOut(io.Discard)
			root.SetErr(io.Discard)
			err := root.ExecuteContext(context.Background())
			ee, ok := err.(*exitError)
			if !ok || ee.code != exitUsage {
				t.Fatalf("error %v (%T), want a usage error (exit 2)", err, err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q, want it to contain %q", err, tt.want)
			}
		})
	}
}
