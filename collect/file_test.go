package collect_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/envdiff/envdiff/collect"
)

func sampleSnapshots() []*collect.Snapshot {
	at := time.Date(2026, 11, 23, 19, 0, 0, 0, time.UTC)
	return []*collect.Snapshot{
		{
			Schema:      collect.SchemaVersion,
			Environment: collect.Environment{Name: "staging", Role: collect.RolePassed, Account: "222222222222", Regions: []string{"eu-west-1"}, Domains: []string{"staging.mydomain.com"}},
			CollectedAt: at,
			Certificates: []collect.Certificate{{
				ARN: "arn:aws:acm:eu-west-1:222222222222:certificate/w", Region: "eu-west-1", Account: "222222222222",
				DomainName: "*.mydomain.com", SANs: []string{"*.mydomain.com"}, Status: "ISSUED", Type: "AMAZON_ISSUED",
				KeyAlgorithm: "EC_prime256v1", NotBefore: at.AddDate(0, -6, 0), NotAfter: at.AddDate(0, 6, 0),
			}},
			LoadBalancers: []collect.LoadBalancer{}, Distributions: []collect.Distribution{},
			HostedZones: []collect.HostedZone{}, Namespaces: []collect.Namespace{},
			Errors:  []collect.CollectError{{Service: "elbv2", Region: "eu-west-1", Operation: "DescribeLoadBalancers", Kind: "access_denied", Message: "denied"}},
			Timings: []collect.Timing{{Service: "acm", Region: "eu-west-1", Seconds: 0.5, Calls: 2, Items: 1}},
		},
		{
			Schema:       collect.SchemaVersion,
			Environment:  collect.Environment{Name: "production", Role: collect.RoleTarget, Regions: []string{"eu-west-1"}, Domains: []string{"mydomain.com"}},
			CollectedAt:  at,
			Certificates: []collect.Certificate{}, LoadBalancers: []collect.LoadBalancer{}, Distributions: []collect.Distribution{},
			HostedZones: []collect.HostedZone{}, Namespaces: []collect.Namespace{},
			Errors: []collect.CollectError{}, Timings: []collect.Timing{},
		},
	}
}

func TestSnapshotFileRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "snap.json")
	want := sampleSnapshots()
	if err := collect.WriteSnapshots(path, want); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode = %v, want 0600", fi.Mode().Perm())
	}
	got, err := collect.LoadSnapshots(path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("reloaded snapshots differ:\n got %+v\nwant %+v", got[0], want[0])
	}
}

func TestSnapshotFileNeverHoldsCredentials(t *testing.T) {
	snaps := sampleSnapshots()
	snaps[0].Environment.AccessKeyID, snaps[0].Environment.SecretAccessKey = "AKIDSECRETKEY", "s3cr3t-value"
	snaps[0].Environment.Profile, snaps[0].Environment.RoleARN = "prod-sso", "arn:aws:iam::1:role/x"
	data, err := collect.MarshalSnapshots(snaps)
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"AKIDSECRETKEY", "s3cr3t-value", "prod-sso"} {
		if strings.Contains(string(data), secret) {
			t.Errorf("snapshot file holds %q", secret)
		}
	}
}

func TestLoadSnapshotsRefuses(t *testing.T) {
	tests := []struct {
		name, content string
		want          []string
	}{
		{"newer schema", `{"schema":"envdiff.snapshot/v2","snapshots":[]}`,
			[]string{"has schema envdiff.snapshot/v2, newer than this envdiff understands (v1): upgrade envdiff"}},
		{"newer snapshot inside", `{"schema":"envdiff.snapshot/v1","snapshots":[{"schema":"envdiff.snapshot/v3","environment":{"name":"x"}}]}`,
			[]string{"snapshot 1", "envdiff.snapshot/v3, newer"}},
		{"not a snapshot", `{"scenario":"seed-502"}`, []string{"no schema field"}},
		{"other schema", `{"schema":"envdiff.report/v1"}`, []string{`"envdiff.report/v1"`}},
		{"bad JSON", "{\n  \"schema\": \"envdiff.snapshot/v1\",\n  \"snapshots\": [\n    {,\n", []string{"line 4"}},
		{"wrong type", `{"schema":"envdiff.snapshot/v1","snapshots":[{"schema":"envdiff.snapshot/v1","environment":{"name":"x"},"timings":[{"calls":"many"}]}]}`, []string{"invalid JSON"}},
		{"empty", `{"schema":"envdiff.snapshot/v1","snapshots":[]}`, []string{"holds no snapshots"}},
		{"no environment name", `{"schema":"envdiff.snapshot/v1","snapshots":[{"schema":"envdiff.snapshot/v1"}]}`, []string{"no environment name"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "in.json")
			if err := os.WriteFile(path, []byte(tt.content), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := collect.LoadSnapshots(path)
			if err == nil {
				t.Fatal("loaded; want an error")
			}
			for _, w := range append(tt.want, path) {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestLoadSnapshotsNewerSchemaMessage(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.json")
	if err := os.WriteFile(path, []byte(`{"schema":"envdiff.snapshot/v2"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := collect.LoadSnapshots(path)
	want := "snapshot " + path + " has schema envdiff.snapshot/v2, newer than this envdiff understands (v1): upgrade envdiff"
	if err == nil || err.Error() != want {
		t.Errorf("error = %v\nwant    %s", err, want)
	}
}

func TestLoadSnapshotsReadsABareSnapshot(t *testing.T) {
	path := filepath.Join(t.TempDir(), "one.json")
	if err := os.WriteFile(path, []byte(`{"schema":"envdiff.snapshot/v1","environment":{"name":"qa1","role":"passed"}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := collect.LoadSnapshots(path)
	if err != nil || len(got) != 1 || got[0].Environment.Name != "qa1" {
		t.Fatalf("got %v, %v", got, err)
	}
}

func TestLoadSnapshotsRefusesHugeFiles(t *testing.T) {
	path := filepath.Join(t.TempDir(), "huge.json")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	// A sparse file: the size check must refuse it before reading a byte.
	if err := f.Truncate(collect.MaxSnapshotFileSize + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	_, err = collect.LoadSnapshots(path)
	if err == nil || !strings.Contains(err.Error(), "64 MiB") || !strings.Contains(err.Error(), path) {
		t.Errorf("error = %v, want a size refusal naming the file", err)
	}
}

func TestLoadSnapshotsMissingFileNamesIt(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nope.json")
	_, err := collect.LoadSnapshots(path)
	if err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("error = %v, want it to name %s", err, path)
	}
}
