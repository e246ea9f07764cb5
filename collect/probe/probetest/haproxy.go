package probetest

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// lookHAProxy finds the haproxy executable (Debian installs it in /usr/sbin, which is
// not always on PATH).
func lookHAProxy() (string, bool) {
	if path, err := exec.LookPath("haproxy"); err == nil {
		return path, true
	}
	for _, p := range []string{"/usr/sbin/haproxy", "/usr/local/sbin/haproxy"} {
		if _, err := os.Stat(p); err == nil {
			return p, true
		}
	}
	return "", false
}

const missingHAProxy = "haproxy is not installed (apt-get install haproxy); in CI it is required"

// HAProxyBinary returns the haproxy executable. Where it is missing the test is skipped
// with a message saying how to install it, except in CI (CI=true), where .ci/run
// installs it and its absence is a failure.
func HAProxyBinary(t testing.TB) string {
	t.Helper()
	path, ok := lookHAProxy()
	if !ok {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true and %s: .ci/run must install it", missingHAProxy)
		}
		t.Skip("skipping the HAProxy referee: " + missingHAProxy)
	}
	return path
}

// OptionalHAProxy returns the haproxy executable, or "" (with a log line) where it is
// missing outside CI: for tests whose own assertions stand without the referee.
func OptionalHAProxy(t testing.TB) string {
	t.Helper()
	path, ok := lookHAProxy()
	if !ok {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true and %s: .ci/run must install it", missingHAProxy)
		}
		t.Log("not validating with haproxy -c: " + missingHAProxy)
	}
	return path
}

// CheckConfig runs `haproxy -c -f path`: the configuration must be one HAProxy accepts.
// A configuration without a listener is valid but "will not start" (exit 2); that is
// accepted, since the tests' configurations only declare backends. Without haproxy
// (outside CI) it only logs, so the caller's own assertions still run.
func CheckConfig(t testing.TB, path string) {
	t.Helper()
	bin := OptionalHAProxy(t)
	if bin == "" {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, bin, "-c", "-f", path).CombinedOutput()
	if err != nil && !bytes.Contains(out, []byte("Configuration file has no error")) {
		t.Fatalf("haproxy -c -f %s rejects the configuration: %v\n%s", path, err, out)
	}
}

// HAProxy is a running haproxy process with an admin stats socket.
type HAProxy struct {
	Socket string
	Config string // path of the configuration file
}

// StartHAProxy writes a global section with an admin stats socket, then body, checks the
// result with haproxy -c, and runs it in the foreground until the test ends.
func StartHAProxy(t testing.TB, body string) *HAProxy {
	t.Helper()
	bin := HAProxyBinary(t)
	// Unix socket paths are limited to ~108 bytes; t.TempDir() can be longer.
	dir, err := os.MkdirTemp("", "hap")
	if err != nil {
		t.Fatalf("temp dir: %v", err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	h := &HAProxy{Socket: filepath.Join(dir, "admin.sock"), Config: filepath.Join(dir, "haproxy.cfg")}
	cfg := fmt.Sprintf("global\n    stats socket %s mode 600 level admin\n\n%s", h.Socket, body)
	if err := os.WriteFile(h.Config, []byte(cfg), 0o600); err != nil {
		t.Fatalf("write %s: %v", h.Config, err)
	}
	CheckConfig(t, h.Config)
	var out bytes.Buffer
	cmd := exec.Command(bin, "-db", "-f", h.Config)
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatalf("start haproxy: %v", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-exited
	})
	deadline := time.Now().Add(5 * time.Second)
	for {
		if c, err := net.Dial("unix", h.Socket); err == nil {
			c.Close()
			return h
		}
		select {
		case err := <-exited:
			t.Fatalf("haproxy exited before opening its stats socket: %v\n%s", err, out.String())
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("haproxy did not open %s within 5s\n%s", h.Socket, out.String())
		}
	}
}

// Command sends one command to the stats socket and returns the answer.
func (h *HAProxy) Command(t testing.TB, command string) string {
	t.Helper()
	c, err := net.DialTimeout("unix", h.Socket, 2*time.Second)
	if err != nil {
		t.Fatalf("stats socket %s: %v", h.Socket, err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(2 * time.Second))
	if _, err := c.Write([]byte(command + "\n")); err != nil {
		t.Fatalf("stats socket %q: %v", command, err)
	}
	var b strings.Builder
	r := bufio.NewReader(c)
	if _, err := r.WriteTo(&b); err != nil {
		t.Fatalf("stats socket %q: %v", command, err)
	}
	return b.String()
}

// ServerState is one row of `show servers state`.
type ServerState struct {
	Backend string
	Name    string
	Addr    string
	Port    int
	// OpState is 0 (stopped), 1 (starting), 2 (running), 3 (stopping).
	OpState int
	// AdminState is a bit field; 0x20 is RMAINT (maintenance because of resolution).
	AdminState int
	FQDN       string
	SRVRecord  string
}

// Resolved reports whether HAProxy gave the server an address from DNS.
func (s ServerState) Resolved() bool {
	return s.AdminState&0x20 == 0 && s.Addr != "" && s.Addr != "-" && s.Addr != "0.0.0.0"
}

// ServersState reads `show servers state BACKEND`, by the header's column names (the
// column set differs between HAProxy versions).
func (h *HAProxy) ServersState(t testing.TB, backend string) []ServerState {
	t.Helper()
	out := h.Command(t, "show servers state "+backend)
	var cols []string
	var rows []ServerState
	for _, line := range strings.Split(out, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "" || line == "1":
			continue
		case strings.HasPrefix(line, "#"):
			cols = strings.Fields(strings.TrimPrefix(line, "#"))
			continue
		}
		if cols == nil {
			t.Fatalf("show servers state %s: no header in %q", backend, out)
		}
		f := strings.Fields(line)
		get := func(name string) string {
			for i, c := range cols {
				if c == name && i < len(f) {
					return f[i]
				}
			}
			return ""
		}
		port, _ := strconv.Atoi(get("srv_port"))
		op, _ := strconv.Atoi(get("srv_op_state"))
		admin, _ := strconv.Atoi(get("srv_admin_state"))
		rows = append(rows, ServerState{
			Backend: get("be_name"), Name: get("srv_name"), Addr: get("srv_addr"), Port: port,
			OpState: op, AdminState: admin, FQDN: get("srv_fqdn"), SRVRecord: get("srvrecord"),
		})
	}
	return rows
}
