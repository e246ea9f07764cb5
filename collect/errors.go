package collect

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"
)

// throttleCodes are the error codes AWS services answer when a caller goes past a
// quota; each service picks its own.
var throttleCodes = map[string]bool{
	"Throttling":                             true,
	"ThrottlingException":                    true,
	"ThrottledException":                     true,
	"RequestLimitExceeded":                   true,
	"TooManyRequestsException":               true,
	"RequestThrottled":                       true,
	"RequestThrottledException":              true,
	"PriorRequestNotComplete":                true,
	"SlowDown":                               true,
	"ProvisionedThroughputExceededException": true,
}

var accessDeniedCodes = map[string]bool{
	"AccessDenied":                true,
	"AccessDeniedException":       true,
	"UnauthorizedOperation":       true,
	"UnrecognizedClientException": true,
	"InvalidClientTokenId":        true,
	"ExpiredToken":                true,
	"ExpiredTokenException":       true,
	"SignatureDoesNotMatch":       true,
	"InvalidSignatureException":   true,
	"OptInRequired":               true,
	"AuthFailure":                 true,
}

// callTimeoutError is what an attempt that outlived Options.CallTimeout returns; it is
// never retried, so a hung endpoint costs one timeout, not MaxAttempts of them.
type callTimeoutError struct {
	timeout string
	err     error
}

func (e *callTimeoutError) Error() string {
	return fmt.Sprintf("no answer within the per-call timeout of %s: %v", e.timeout, e.err)
}
func (e *callTimeoutError) Unwrap() error { return e.err }
func (e *callTimeoutError) Timeout() bool { return true }

// isThrottle reports whether err is a service's throttling answer.
func isThrottle(err error) bool {
	var ae smithy.APIError
	return errors.As(err, &ae) && throttleCodes[ae.ErrorCode()]
}

// classify maps an SDK error onto the error kinds of the snapshot model.
func classify(err error) string {
	if err == nil {
		return ""
	}
	var cte *callTimeoutError
	if errors.As(err, &cte) || errors.Is(err, context.DeadlineExceeded) {
		return ErrTimeout
	}
	var de *smithy.DeserializationError
	if errors.As(err, &de) {
		return ErrMalformed
	}
	var ae smithy.APIError
	if errors.As(err, &ae) {
		code := ae.ErrorCode()
		switch {
		case throttleCodes[code]:
			return ErrThrottled
		case accessDeniedCodes[code] || strings.Contains(code, "AccessDenied"):
			return ErrAccessDenied
		}
	}
	var re *awshttp.ResponseError
	if errors.As(err, &re) {
		switch s := re.HTTPStatusCode(); {
		case s >= 500:
			return ErrServerError
		case s == 403:
			return ErrAccessDenied
		case s == 429:
			return ErrThrottled
		}
	}
	if ae != nil && ae.ErrorFault() == smithy.FaultServer {
		return ErrServerError
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return ErrTimeout
	}
	return ErrOther
}

// operationOf names the API operation an SDK error came from, if it says.
func operationOf(err error) string {
	var oe *smithy.OperationError
	if errors.As(err, &oe) {
		return oe.Operation()
	}
	return ""
}

// errorSet gathers a collector's failures, one per (operation, kind): access denied on
// DescribeCertificate for 500 certificates is one problem, not 500.
type errorSet struct {
	mu              sync.Mutex
	service, region string
	seen            map[string]bool
	list            []CollectError
}

func newErrorSet(service, region string) *errorSet {
	return &errorSet{service: service, region: region, seen: map[string]bool{}}
}

func (s *errorSet) add(err error) {
	if err == nil {
		return
	}
	ce := CollectError{
		Service:   s.service,
		Region:    s.region,
		Operation: operationOf(err),
		Kind:      classify(err),
		Message:   err.Error(),
	}
	key := ce.Operation + "\x00" + ce.Kind
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.seen[key] {
		return
	}
	s.seen[key] = true
	s.list = append(s.list, ce)
}
