package collect

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// session is one environment's credentials and base configuration; every client of the
// environment is built from it.
type session struct {
	cfg aws.Config
	// account keys the token buckets, so environments sharing an account share them.
	account string
	// key is the credentials' identity; environments with equal keys (names aside)
	// share reads.
	key sessionKey
}

// newSession resolves an environment's credentials and retrieves them once, with a
// short timeout, so that an expired SSO session or a denied AssumeRole is reported by
// name within seconds instead of as five failed collectors.
func newSession(ctx context.Context, env Environment, o Options, httpClient aws.HTTPClient) (*session, error) {
	var cfg aws.Config
	switch {
	case env.AccessKeyID != "":
		cfg = aws.Config{
			Region:      GlobalRegion,
			Credentials: credentials.NewStaticCredentialsProvider(env.AccessKeyID, env.SecretAccessKey, ""),
		}
	default:
		var loadOpts []func(*config.LoadOptions) error
		if env.Profile != "" {
			loadOpts = append(loadOpts, config.WithSharedConfigProfile(env.Profile))
		}
		loadOpts = append(loadOpts, config.WithRegion(GlobalRegion))
		if o.HTTPClient == nil {
			// A buildable client, so that LoadDefaultConfig can add a custom CA bundle
			// (AWS_CA_BUNDLE, ca_bundle) as it refuses to with a plain *http.Client.
			loadOpts = append(loadOpts, config.WithHTTPClient(awshttp.NewBuildableClient().WithTransportOptions(func(t *http.Transport) {
				t.MaxIdleConnsPerHost = o.Concurrency
			})))
		}
		var err error
		cfg, err = config.LoadDefaultConfig(ctx, loadOpts...)
		if err != nil {
			return nil, fmt.Errorf("environment %s: load AWS configuration: %w%s", env.Name, err, credentialHint(env))
		}
	}
	if env.AccessKeyID != "" || o.HTTPClient != nil {
		cfg.HTTPClient = httpClient
	}
	cfg.Retryer = o.Retryer
	if env.RoleARN != "" {
		provider := stscreds.NewAssumeRoleProvider(sts.NewFromConfig(cfg), env.RoleARN, func(ao *stscreds.AssumeRoleOptions) {
			if env.ExternalID != "" {
				ao.ExternalID = aws.String(env.ExternalID)
			}
			ao.RoleSessionName = env.SessionName
			if ao.RoleSessionName == "" {
				ao.RoleSessionName = "envdiff"
			}
		})
		cfg.Credentials = aws.NewCredentialsCache(provider)
	}
	if cfg.Credentials == nil {
		return nil, fmt.Errorf("environment %s: no AWS credentials found%s", env.Name, credentialHint(env))
	}

	rctx, cancel := context.WithTimeout(ctx, o.CredentialTimeout)
	defer cancel()
	if _, err := cfg.Credentials.Retrieve(rctx); err != nil {
		return nil, fmt.Errorf("environment %s: get credentials: %w%s", env.Name, err, credentialHint(env))
	}
	return &session{cfg: cfg, account: bucketAccount(env)}, nil
}

// credentialHint is the fix to try, as the user would type it.
func credentialHint(env Environment) string {
	switch {
	case env.RoleARN != "" && env.Profile != "":
		return fmt.Sprintf("; try: aws sso login --profile %s, then check that it may sts:AssumeRole %s", env.Profile, env.RoleARN)
	case env.RoleARN != "":
		return fmt.Sprintf("; try: check that the caller may sts:AssumeRole %s (and the external id)", env.RoleARN)
	case env.Profile != "":
		return fmt.Sprintf("; try: aws sso login --profile %s", env.Profile)
	case env.AccessKeyID != "":
		return ""
	default:
		return "; try: set profile: in envdiff.yaml for this environment, or aws sso login"
	}
}

// bucketAccount names the account an environment's calls count against. Without a
// configured account id, the credential source stands in for it: environments that
// share a profile and role share buckets.
func bucketAccount(env Environment) string {
	if env.Account != "" {
		return env.Account
	}
	return strings.Join([]string{"profile=" + env.Profile, "role=" + env.RoleARN}, ",")
}
