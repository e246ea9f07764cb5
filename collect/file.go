package collect

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/envdiff/envdiff/internal/fsutil"
)

// MaxSnapshotFileSize bounds what LoadSnapshots reads: a snapshot of a large account is
// a few tens of megabytes (about 1 KiB per resource); anything far beyond that is not a
// snapshot, and reading it whole would cost several times its size in memory.
const MaxSnapshotFileSize = 64 << 20

const schemaPrefix = "envdiff.snapshot/v"

// fileEnvelope is the snapshot file format: one JSON object holding the schema and the
// snapshots of one or several environments,
//
//	{"schema": "envdiff.snapshot/v1", "snapshots": [{"schema": "envdiff.snapshot/v1", ...}]}
//
// LoadSnapshots also reads a bare snapshot object (one environment).
type fileEnvelope struct {
	Schema    string      `json:"schema"`
	Snapshots []*Snapshot `json:"snapshots"`
}

// WriteSnapshots writes snaps to path atomically with mode 0600 (snapshots describe
// infrastructure; they are not for every local user to read).
func WriteSnapshots(path string, snaps []*Snapshot) error {
	data, err := MarshalSnapshots(snaps)
	if err != nil {
		return fmt.Errorf("snapshot %s: %w", path, err)
	}
	return fsutil.WriteFileAtomic(path, data, 0o600)
}

// MarshalSnapshots encodes snaps in the snapshot file format (for stdout).
func MarshalSnapshots(snaps []*Snapshot) ([]byte, error) {
	env := fileEnvelope{Schema: SchemaVersion, Snapshots: make([]*Snapshot, 0, len(snaps))}
	for _, s := range snaps {
		if s == nil {
			continue
		}
		if s.Schema == "" {
			c := *s
			c.Schema = SchemaVersion
			s = &c
		}
		env.Snapshots = append(env.Snapshots, s)
	}
	data, err := json.MarshalIndent(env, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode snapshots: %w", err)
	}
	return append(data, '\n'), nil
}

// LoadSnapshots reads a snapshot file written by WriteSnapshots (or a bare snapshot).
// Every error names the file.
func LoadSnapshots(path string) ([]*Snapshot, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("snapshot %s: %w", path, err)
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Size() > MaxSnapshotFileSize {
		return nil, fmt.Errorf("snapshot %s: %d bytes, larger than the %d MiB a snapshot file may have", path, fi.Size(), MaxSnapshotFileSize>>20)
	}
	// The limit holds for pipes and files that grow while read, too.
	data, err := io.ReadAll(io.LimitReader(f, MaxSnapshotFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("snapshot %s: %w", path, err)
	}
	if len(data) > MaxSnapshotFileSize {
		return nil, fmt.Errorf("snapshot %s: larger than the %d MiB a snapshot file may have", path, MaxSnapshotFileSize>>20)
	}
	snaps, err := ParseSnapshots(data)
	var se *schemaError
	switch {
	case errors.As(err, &se) && se.index == 0:
		return nil, fmt.Errorf("snapshot %s %w", path, err)
	case err != nil:
		return nil, fmt.Errorf("snapshot %s: %w", path, err)
	}
	return snaps, nil
}

// ParseSnapshots decodes the snapshot file format, checking every schema.
func ParseSnapshots(data []byte) ([]*Snapshot, error) {
	var probe struct {
		Schema    string          `json:"schema"`
		Snapshots json.RawMessage `json:"snapshots"`
	}
	if err := json.Unmarshal(data, &probe); err != nil {
		return nil, jsonError(data, err)
	}
	if err := checkSchema(probe.Schema); err != nil {
		return nil, err
	}
	var snaps []*Snapshot
	if probe.Snapshots != nil {
		var env fileEnvelope
		if err := json.Unmarshal(data, &env); err != nil {
			return nil, jsonError(data, err)
		}
		snaps = env.Snapshots
	} else {
		var s Snapshot
		if err := json.Unmarshal(data, &s); err != nil {
			return nil, jsonError(data, err)
		}
		snaps = []*Snapshot{&s}
	}
	out := snaps[:0]
	for i, s := range snaps {
		if s == nil {
			continue
		}
		if err := checkSchema(s.Schema); err != nil {
			se := err.(*schemaError)
			se.index = i + 1
			return nil, se
		}
		if s.Environment.Name == "" {
			return nil, fmt.Errorf("snapshot %d: no environment name", i+1)
		}
		out = append(out, s)
	}
	if len(out) == 0 {
		return nil, errors.New("holds no snapshots")
	}
	return out, nil
}

// schemaError is a schema this envdiff does not read; index is the snapshot within
// the file (0: the file itself).
type schemaError struct {
	index int
	msg   string
}

func (e *schemaError) Error() string {
	if e.index > 0 {
		return fmt.Sprintf("(snapshot %d) %s", e.index, e.msg)
	}
	return e.msg
}

// checkSchema accepts this version, and names a newer one as newer so that the user
// knows to upgrade rather than suspect the file.
func checkSchema(schema string) error {
	if schema == SchemaVersion {
		return nil
	}
	if schema == "" {
		return &schemaError{msg: fmt.Sprintf("has no schema field: not an envdiff snapshot file (want %s)", SchemaVersion)}
	}
	mine, _ := strconv.Atoi(strings.TrimPrefix(SchemaVersion, schemaPrefix))
	if v, ok := strings.CutPrefix(schema, schemaPrefix); ok {
		if n, err := strconv.Atoi(v); err == nil && n > mine {
			return &schemaError{msg: fmt.Sprintf("has schema %s, newer than this envdiff understands (v%d): upgrade envdiff", schema, mine)}
		}
	}
	return &schemaError{msg: fmt.Sprintf("has schema %q, not %s", schema, SchemaVersion)}
}

// jsonError names the line and column of a decoding error.
func jsonError(data []byte, err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	off := int64(-1)
	switch {
	case errors.As(err, &se):
		off = se.Offset
	case errors.As(err, &te):
		off = te.Offset
	}
	if off < 0 || off > int64(len(data)) {
		return fmt.Errorf("invalid JSON: %w", err)
	}
	line := bytes.Count(data[:off], []byte("\n")) + 1
	col := int(off) - bytes.LastIndexByte(data[:off], '\n')
	return fmt.Errorf("line %d, column %d: invalid JSON: %w", line, col, err)
}
