# The README's commands. `make test` is what CI runs.
GO ?= go

.PHONY: test demo build bench fuzz

test:
	$(GO) test -count=1 ./...

demo:
	$(GO) run ./cmd/envdiff demo

build:
	$(GO) build -o bin/envdiff ./cmd/envdiff
