package collect

import "time"

// Phases of a progress event.
const (
	PhaseStarted = "started"
	PhaseDone    = "done"
	PhaseFailed  = "failed"
	// PhaseProgress reports counts while a collector is still running.
	PhaseProgress = "progress"
)

// Event reports the progress of one collector (environment × service × region). The
// dashboard's collection view and the stderr progress line consume them.
type Event struct {
	Env     string
	Service string
	Region  string
	Phase   string
	Calls   int // API calls made so far
	Items   int // resources read so far
	Elapsed time.Duration
	Err     *CollectError // set when Phase is PhaseFailed
	// SharedWith names the environment whose read this one reuses (same account and
	// credentials): it makes no calls of its own, which "0 calls" alone does not say.
	SharedWith string
}
