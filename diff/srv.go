package diff

import (
	"fmt"
	"strconv"
	"strings"
)

// srvValue is one SRV resource record value: "priority weight port target".
type srvValue struct {
	priority, weight, port uint16
	target                 string // normalised host name
}

// parseSRVValue reads an SRV value as Route53 serves it. Values come from AWS and are
// untrusted: anything but four fields with 16-bit numbers and a non-empty target is an
// error, never a guess (a port of "http" is not a port).
func parseSRVValue(v string) (srvValue, error) {
	f := strings.Fields(v)
	if len(f) != 4 {
		return srvValue{}, fmt.Errorf("SRV value %q: want \"priority weight port target\"", v)
	}
	var nums [3]uint16
	for i, name := range []string{"priority", "weight", "port"} {
		n, err := strconv.ParseUint(f[i], 10, 16)
		if err != nil {
			return srvValue{}, fmt.Errorf("SRV value %q: %s %q is not a number from 0 to 65535", v, name, f[i])
		}
		nums[i] = uint16(n)
	}
	target := normHost(f[3])
	if target == "" || strings.Contains(target, "..") || strings.HasPrefix(target, ".") || strings.HasSuffix(target, ".") {
		// "." alone means "no service here" (RFC 2782); an empty label names nothing.
		return srvValue{}, fmt.Errorf("SRV value %q: target %q is not a host name", v, f[3])
	}
	return srvValue{priority: nums[0], weight: nums[1], port: nums[2], target: target}, nil
}
