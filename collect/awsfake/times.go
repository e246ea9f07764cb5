package awsfake

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Time is an absolute time or one relative to the run ("+10d"), so that a scenario's
// certificates stay "expiring in 10 days" whenever it is served.
type Time struct {
	At     time.Time     // absolute when non-zero
	Offset time.Duration // relative to the endpoint's clock otherwise
}

// Relative returns a Time d from the run.
func Relative(d time.Duration) Time { return Time{Offset: d} }

// Resolve returns the absolute time, relative ones counted from now.
func (t Time) Resolve(now time.Time) time.Time {
	if !t.At.IsZero() {
		return t.At
	}
	return now.Add(t.Offset)
}

func (t Time) isZero() bool { return t.At.IsZero() && t.Offset == 0 }

// ParseTime reads an RFC 3339 time or a signed offset in days, hours or minutes
// (+10d, -3d, +36h, +90m).
func ParseTime(s string) (Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Time{}, fmt.Errorf("empty time")
	}
	if s[0] == '+' || s[0] == '-' {
		if len(s) < 3 {
			return Time{}, fmt.Errorf("bad relative time %q: want e.g. +10d, -3d, +36h", s)
		}
		unit := s[len(s)-1]
		n, err := strconv.Atoi(s[1 : len(s)-1])
		if err != nil || n < 0 {
			return Time{}, fmt.Errorf("bad relative time %q: want e.g. +10d, -3d, +36h", s)
		}
		var d time.Duration
		switch unit {
		case 'd':
			d = time.Duration(n) * 24 * time.Hour
		case 'h':
			d = time.Duration(n) * time.Hour
		case 'm':
			d = time.Duration(n) * time.Minute
		default:
			return Time{}, fmt.Errorf("bad relative time %q: unit must be d, h or m", s)
		}
		if s[0] == '-' {
			d = -d
		}
		return Time{Offset: d}, nil
	}
	at, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return Time{}, fmt.Errorf("bad time %q: want RFC 3339 (2026-01-02T15:04:05Z) or relative (+10d)", s)
	}
	return Time{At: at}, nil
}
