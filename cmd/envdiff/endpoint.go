package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/envdiff/envdiff/collect/awsfake"
)

// endpointOptions are the flags of `envdiff endpoint`.
type endpointOptions struct {
	g           *globalOptions
	addr        string
	withLatency bool
}

func newEndpointCmd(g *globalOptions) *cobra.Command {
	o := &endpointOptions{g: g}
	cmd := &cobra.Command{
		Use:   "endpoint --scenario FILE [--addr 127.0.0.1:PORT]",
		Short: "Serve a scenario on a local AWS endpoint, for any AWS client, until Ctrl-C",
		Long: `endpoint serves a scenario file over the real AWS wire protocols (ACM, ELBv2,
CloudFront, Route53, Cloud Map) on a loopback port until Ctrl-C, and prints the URL and
each environment's static credentials as shell exports, so the AWS CLI, another SDK or
your own scripts can be pointed at it. In another terminal, paste the AWS_ENDPOINT_URL
line and one environment's line, then e.g.:

  aws elbv2 describe-load-balancers

--scenario also takes the name of an embedded scenario (seed-502).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return o.run(cmd.Context(), cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	cmd.Flags().StringVar(&o.addr, "addr", "", "listen address, loopback only (default 127.0.0.1 on a free port)")
	cmd.Flags().BoolVar(&o.withLatency, "latency", true, "honour the scenario's latency_ms")
	return cmd
}

func (o *endpointOptions) run(ctx context.Context, stdout, stderr io.Writer) error {
	if o.g.scenario == "" {
		return usageErr("envdiff endpoint: --scenario FILE is required (or an embedded scenario: %s)", strings.Join(awsfake.EmbeddedNames(), ", "))
	}
	s, err := loadScenarioArg(o.g.scenario)
	if err != nil {
		return err
	}
	var opts []awsfake.Option
	if !o.withLatency {
		opts = append(opts, awsfake.WithoutLatency())
	}
	srv, err := awsfake.Start(s, o.addr, opts...)
	if err != nil {
		return usageErr("--addr: %v", err)
	}
	defer srv.Close()
	if _, err := io.WriteString(stdout, endpointExports(s, srv.URL)); err != nil {
		return fmt.Errorf("write endpoint details: %w", err)
	}
	fmt.Fprintf(stderr, "envdiff: serving scenario %s at %s; Ctrl-C stops\n", s.Name, srv.URL)
	<-ctx.Done()
	if err := srv.Close(); err != nil {
		return fmt.Errorf("stop endpoint: %w", err)
	}
	return nil
}

// endpointExports is what `envdiff endpoint` prints: shell lines a user can eval.
func endpointExports(s *awsfake.Scenario, url string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# envdiff endpoint: scenario %s\n", s.Name)
	fmt.Fprintf(&b, "export AWS_ENDPOINT_URL=%s\n", url)
	for _, e := range s.Environments {
		key, secret := awsfake.Credentials(e.Account)
		fmt.Fprintf(&b, "# %s (%s): account %s, regions %s\n", e.Name, e.Role, e.Account, strings.Join(e.Regions, ","))
		fmt.Fprintf(&b, "export AWS_ACCESS_KEY_ID=%s AWS_SECRET_ACCESS_KEY=%s AWS_REGION=%s AWS_DEFAULT_REGION=%s\n", key, secret, e.Regions[0], e.Regions[0])
	}
	return b.String()
}

// loadScenarioArg loads the scenario a --scenario flag names: a file, or failing that
// the name of an embedded scenario. A bad file is a usage error (exit 2) whose message
// is FILE:LINE: key: problem.
func loadScenarioArg(arg string) (*awsfake.Scenario, error) {
	s, err := awsfake.LoadScenario(arg)
	if errors.Is(err, fs.ErrNotExist) && slices.Contains(awsfake.EmbeddedNames(), arg) {
		s, err = awsfake.Embedded(arg)
	}
	if err != nil {
		return nil, scenarioUsageErr(arg, err)
	}
	return s, nil
}

// scenarioUsageErr turns a scenario that cannot be loaded into a usage error naming the
// file (parse errors already start with FILE:LINE).
func scenarioUsageErr(path string, err error) error {
	var perr *awsfake.Error
	if errors.As(err, &perr) {
		return usageErr("%v", err)
	}
	if errors.Is(err, fs.ErrNotExist) {
		return usageErr("--scenario %s: no such file", path)
	}
	return usageErr("--scenario %s: %v", path, err)
}
