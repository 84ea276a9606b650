# parkpi: the two commands a new machine needs are `make run` and `make test`.
GO        ?= go
BIN       := bin/parkpi
VERSION   := $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS   := -X main.version=$(VERSION)

.PHONY: run build test lint bench fuzz clean

run: ## start the app on data/parkpi.db (seeded with the Ninh Bình demo on first start)
	$(GO) run -ldflags "$(LDFLAGS)" ./cmd/parkpi serve

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/parkpi

# The web package's browser tests and walks of every page of every role run
# for minutes under -race on a shared machine: go test's default of ten
# minutes a package would fail them for being slow, not wrong.
test:
	$(GO) test -race -count=1 -timeout 30m ./...

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

bench:
	./scripts/bench.sh

# Each fuzz target for FUZZTIME (their seed corpora run in `make test`).
# Minimizing is one run (1x): an upload's input is a whole sheet of XML,
# and minimizing each new input would take the minute.
FUZZTIME ?= 60s
FUZZ     := $(GO) test -run '^$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 1x
fuzz:
	$(FUZZ) -fuzz '^FuzzParseNumber$$' ./internal/kpi
	$(FUZZ) -fuzz '^FuzzParseUpload$$' ./internal/excel
	$(FUZZ) -fuzz '^FuzzEntryForm$$' ./internal/web
	$(FUZZ) -fuzz '^FuzzTargetsCSV$$' ./internal/web

clean:
	rm -rf bin out test-artifacts
