# gmail-mcp: the two commands that matter are `make demo` and `make test`.
SHELL := /bin/bash
GO ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -s -w -X main.version=$(VERSION)
BIN := bin/gmail-mcp
STATICCHECK_VERSION := v0.8.2
# The token `make demo` requires; the README's curl walk-through uses it.
DEMO_TOKEN ?= demo-token-0123456789abcdef
DEMO_PORT ?= 8000

.PHONY: build test demo lint fmt vet fuzz bench loadtest interop docker add-user k8s-user clean

build: ## static binary in bin/
	CGO_ENABLED=0 $(GO) build -trimpath -tags timetzdata -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/gmail-mcp

test: vet ## vet, then every test with the race detector
	$(GO) test -race -count=1 ./...

demo: build ## serve the built-in demo mailbox on 127.0.0.1:$(DEMO_PORT)
	MCP_AUTH_TOKEN=$(DEMO_TOKEN) PORT=$(DEMO_PORT) LOG_FORMAT=text ./$(BIN) --demo

vet:
	$(GO) vet ./...

fmt:
	gofmt -w $$(git ls-files '*.go')

lint: vet ## gofmt, vet and staticcheck
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
	$(GO) run honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION) ./...

fuzz: ## run every fuzz target for FUZZTIME each (default 20s)
	@for pkg in $$($(GO) list ./...); do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
	    echo "== $$pkg $$f"; $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $${FUZZTIME:-20s} $$pkg || exit 1; \
	  done; \
	done

bench: ## end-to-end benchmark table (docs/performance.md), then the micro benchmarks
	$(GO) run ./cmd/bench
	$(GO) test -run '^$$' -bench . -benchmem ./internal/mail/parse/ ./internal/mail/compose/ ./internal/gmail/

loadtest: ## 100 MCP sessions x 20 mixed tool calls against the demo fake; fails on any error or past 5 min
	$(GO) run ./cmd/loadtest -latency $${LATENCY:-40ms}

interop: ## conformance suite, TypeScript SDK client and Inspector CLI against gmail-mcp --demo (Node 22 comes from npm)
	bash test/interop/run.sh

IMAGE ?= gmail-mcp
docker: ## build the container image (needs a Docker engine)
	docker build --build-arg VERSION=$(VERSION) -t $(IMAGE):$(VERSION) -t $(IMAGE):latest .

add-user: ## add a user to deploy/compose/multi-user.yml: make add-user NAME=carol
	@test -n "$(NAME)" || { echo "usage: make add-user NAME=carol" >&2; exit 2; }
	sh deploy/compose/add-user "$(NAME)"

k8s-user: ## make a Kubernetes overlay for a user: make k8s-user NAME=carol
	@test -n "$(NAME)" || { echo "usage: make k8s-user NAME=carol" >&2; exit 2; }
	sh deploy/kubernetes/new-user "$(NAME)"

clean:
	rm -rf bin
