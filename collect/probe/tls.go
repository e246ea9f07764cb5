package probe

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"strconv"
	"syscall"
	"time"

	"github.com/envdiff/envdiff/collect"
)

// Kinds of a TLS probe's error.
const (
	errKindTimeout     = "timeout"
	errKindDNS         = "dns"
	errKindRefused     = "refused"
	errKindUnreachable = "unreachable"
	errKindCancelled   = "cancelled"
	errKindHandshake   = "handshake"
	errKindSkipped     = "skipped"
	errKindOther       = "other"
)

// probeTLS completes one handshake. The handshake skips Go's own verification so that
// the served certificate is recorded even when it is wrong; the chain and host name are
// then verified with crypto/x509 against opts.RootCAs, which is what CloudFront and
// browsers decide on.
func probeTLS(ctx context.Context, t tlsTarget, opts Options) collect.TLSProbe {
	p := collect.TLSProbe{Host: t.host, Address: t.address(), Uses: t.uses, Status: collect.ProbeUnknown}
	ctx, cancel := context.WithTimeout(ctx, opts.Timeout)
	defer cancel()

	if addr, ok := opts.override(t.dialName, t.host, t.port); ok {
		p.Dialled, p.Override = addr, true
	} else if opts.OnlyOverrides {
		p.Error, p.ErrorKind = "no override for "+t.address()+" and only_overrides is set", errKindSkipped
		return p
	} else {
		ips, err := opts.HostResolver.LookupHost(ctx, t.dialName)
		if err != nil || len(ips) == 0 {
			p.Error, p.ErrorKind = fmt.Sprintf("look up %s: %v", t.dialName, err), dialErrorKind(ctx, err, errKindDNS)
			return p
		}
		p.Dialled = net.JoinHostPort(ips[0], strconv.Itoa(t.port))
	}

	start := time.Now()
	var d net.Dialer
	raw, err := d.DialContext(ctx, "tcp", p.Dialled)
	if err != nil {
		p.Error, p.ErrorKind = fmt.Sprintf("connect %s: %v", p.Dialled, err), dialErrorKind(ctx, err, errKindOther)
		return p
	}
	defer raw.Close()
	conn := tls.Client(raw, &tls.Config{
		ServerName: t.host,
		// Verification happens below, by hand, so that a wrong certificate is still
		// recorded rather than aborting the handshake.
		InsecureSkipVerify: true, //nolint:gosec // verified with x509 after the handshake
	})
	if err := conn.HandshakeContext(ctx); err != nil {
		kind := dialErrorKind(ctx, err, errKindHandshake)
		p.Error, p.ErrorKind = fmt.Sprintf("TLS handshake with %s for %s: %v", p.Dialled, t.host, err), kind
		if kind == errKindHandshake {
			// The server answered and refused: that is what CloudFront gets too.
			p.Status = collect.ProbeFailed
		}
		return p
	}
	p.LatencyMS = float64(time.Since(start).Microseconds()) / 1000
	state := conn.ConnectionState()
	p.TLSVersion = tls.VersionName(state.Version)
	if len(state.PeerCertificates) == 0 {
		p.Status, p.Error, p.ErrorKind = collect.ProbeFailed, "the server sent no certificate", errKindHandshake
		return p
	}
	leaf := state.PeerCertificates[0]
	sum := sha256.Sum256(leaf.Raw)
	p.Cert = &collect.ServedCert{
		Subject:  leaf.Subject.String(),
		DNSNames: append([]string(nil), leaf.DNSNames...),
		Issuer:   leaf.Issuer.String(),
		NotAfter: leaf.NotAfter.UTC(),
		SHA256:   hex.EncodeToString(sum[:]),
		Chain:    len(state.PeerCertificates),
	}
	intermediates := x509.NewCertPool()
	for _, c := range state.PeerCertificates[1:] {
		intermediates.AddCert(c)
	}
	_, err = leaf.Verify(x509.VerifyOptions{
		DNSName:       t.host,
		Roots:         opts.RootCAs,
		Intermediates: intermediates,
		CurrentTime:   opts.Now(),
	})
	if err != nil {
		p.Status, p.VerifyError, p.VerifyKind = collect.ProbeFailed, err.Error(), verifyKind(err)
		return p
	}
	p.Status = collect.ProbeOK
	return p
}

// dialErrorKind tells "could not look" (timeout, refused, unreachable, cancelled) from
// fallback, the kind the caller gives to everything else.
func dialErrorKind(ctx context.Context, err error, fallback string) string {
	var netErr net.Error
	var dnsErr *net.DNSError
	switch {
	case errors.Is(ctx.Err(), context.Canceled) || errors.Is(err, context.Canceled):
		return errKindCancelled
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded):
		return errKindTimeout
	case errors.As(err, &netErr) && netErr.Timeout():
		return errKindTimeout
	case errors.Is(err, syscall.ECONNREFUSED):
		return errKindRefused
	case errors.Is(err, syscall.EHOSTUNREACH) || errors.Is(err, syscall.ENETUNREACH):
		return errKindUnreachable
	case errors.As(err, &dnsErr):
		return errKindDNS
	}
	return fallback
}

// verifyKind classifies crypto/x509's verdict for the reports.
func verifyKind(err error) string {
	var host x509.HostnameError
	var authority x509.UnknownAuthorityError
	var invalid x509.CertificateInvalidError
	switch {
	case errors.As(err, &host):
		return "hostname"
	case errors.As(err, &authority):
		return "unknown_authority"
	case errors.As(err, &invalid) && invalid.Reason == x509.Expired:
		return "expired"
	}
	return "other"
}
