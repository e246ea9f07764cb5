package collect_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/envdiff/envdiff/collect"
)

// FuzzLoadSnapshots feeds the snapshot loader any file: it never panics, every error
// names the file, and whatever it accepts survives a write and a reload unchanged.
func FuzzLoadSnapshots(f *testing.F) {
	good, err := collect.MarshalSnapshots(sampleSnapshots())
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(good[:len(good)/2])
	for _, s := range []string{
		"", "{}", "null", "[]", "\x00\x01\x02", `{"schema":"envdiff.snapshot/v2"}`,
		`{"schema":"envdiff.snapshot/v1","snapshots":[null]}`,
		`{"schema":"envdiff.snapshot/v1","snapshots":[{"schema":"envdiff.snapshot/v1"}]}`,
		`{"schema":"envdiff.snapshot/v1","environment":{"name":"qa1"},"load_balancers":[{"listeners":[{"port":-1}]}]}`,
		`{"schema":"envdiff.snapshot/v1","environment":{"name":"\u001b[2J"},"certificates":{}}`,
		`{"schema":"envdiff.snapshot/v99999999999999999999"}`,
	} {
		f.Add([]byte(s))
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "in.json")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		snaps, err := collect.LoadSnapshots(path)
		if err != nil {
			if !strings.Contains(err.Error(), path) {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		out := filepath.Join(dir, "out.json")
		if err := collect.WriteSnapshots(out, snaps); err != nil {
			t.Fatalf("write what was read: %v", err)
		}
		again, err := collect.LoadSnapshots(out)
		if err != nil {
			t.Fatalf("reload what was written: %v", err)
		}
		if !reflect.DeepEqual(snaps, again) {
			t.Fatalf("a write and reload changed the snapshots")
		}
	})
}
