package awsfake

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"
)

// Server is an Endpoint listening on a loopback port.
type Server struct {
	URL      string
	Endpoint *Endpoint
	srv      *http.Server
	done     chan error

	closeOnce sync.Once
	closeErr  error
}

// Start serves s on addr ("" → 127.0.0.1 on a free port). Only loopback addresses are
// accepted: the endpoint answers anyone with any credentials.
func Start(s *Scenario, addr string, opts ...Option) (*Server, error) {
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("endpoint address %q: %w", addr, err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return nil, fmt.Errorf("endpoint address %q: only loopback addresses (127.0.0.1, ::1, localhost) are allowed", addr)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("endpoint listen on %s: %w", addr, err)
	}
	e := New(s, opts...)
	srv := &http.Server{Handler: e, ReadHeaderTimeout: 10 * time.Second}
	out := &Server{URL: "http://" + ln.Addr().String(), Endpoint: e, srv: srv, done: make(chan error, 1)}
	go func() {
		err := srv.Serve(ln)
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		}
		out.done <- err
	}()
	return out, nil
}

// Close stops the server, ending calls that hang on a timeout fault. Calling it again
// returns the first call's result.
func (s *Server) Close() error {
	s.closeOnce.Do(func() { s.closeErr = s.close() })
	return s.closeErr
}

func (s *Server) close() error {
	s.Endpoint.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := s.srv.Shutdown(ctx)
	if err != nil {
		err = errors.Join(err, s.srv.Close())
	}
	if serr := <-s.done; serr != nil && err == nil {
		err = serr
	}
	return err
}
