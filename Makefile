# The README's commands. `make test` is what CI runs.
GO ?= go

.PHONY: test demo build bench fuzz

test:
	$(GO) test -count=1 ./...

demo:
	$(GO) run ./cmd/envdiff demo

build:
	$(GO) build -o bin/envdiff ./cmd/envdiff

# Every fuzzer for FUZZTIME each (CI: 3s); e.g. `make fuzz FUZZTIME=5m` before a release.
FUZZTIME ?= 3s
fuzz:
	FUZZTIME=$(FUZZTIME) scripts/fuzz.sh

# The performance benchmark of issue 7 (README, Performance): about two and a half
# minutes; flags go in BENCHFLAGS, e.g. make bench BENCHFLAGS="--scale 2".
bench:
	$(GO) run ./bench/cmd/envdiff-bench $(BENCHFLAGS)
