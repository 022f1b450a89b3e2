# Comptoir — `make help` lists the targets.
SHELL   := bash
VERSION ?= $(shell git describe --always --dirty 2>/dev/null || echo dev)
DIST    := embed/dist
WASM    := GOOS=js GOARCH=wasm go build -trimpath -ldflags="-s -w"
LDFLAGS := -s -w -X main.version=$(VERSION)

.PHONY: help apps build run test check bench fuzz clean

help: ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-7s %s\n", $$1, $$2}'

apps: ## compile both WebAssembly apps, generate their pages, fingerprint and precompress them into embed/dist
	rm -rf $(DIST)/widget $(DIST)/agent
	@mkdir -p $(DIST)/widget/web $(DIST)/agent/web
	$(WASM) -o $(DIST)/widget/web/app.wasm ./widget
	go run ./widget -out $(DIST)/widget -version $$(sha256sum $(DIST)/widget/web/app.wasm | cut -c1-16)
	cp -r widget/web/. $(DIST)/widget/web/
	go run ./embed/fingerprint -prefix /w $(DIST)/widget
	$(WASM) -o $(DIST)/agent/web/app.wasm ./agentapp
	go run ./agentapp -out $(DIST)/agent -version $$(sha256sum $(DIST)/agent/web/app.wasm | cut -c1-16)
	cp -r agentapp/web/. $(DIST)/agent/web/
	go run ./embed/fingerprint -prefix /agent $(DIST)/agent
	go run ./embed/precompress $(DIST)

build: apps ## build bin/comptoir with the apps embedded
	go build -trimpath -ldflags="$(LDFLAGS)" -o bin/comptoir ./server

run: build ## build and start on http://localhost:8080 (data in ./data)
	./bin/comptoir

test: apps ## run every test, browser tests included (needs /usr/bin/chromium)
	go vet ./...
	GOOS=js GOARCH=wasm go vet ./widget/... ./agentapp/... ./wire/...
	go test -race -count=1 ./...

check: ## gofmt, vet, staticcheck, govulncheck
	@test -z "$$(gofmt -l .)" || { gofmt -l .; echo "gofmt needed"; exit 1; }
	go vet ./...
	go run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...
	go run golang.org/x/vuln/cmd/govulncheck@v1.1.4 ./...

bench: ## store write path, idle-connection memory, then the load generator (see docs/benchmarks.md)
	go test -run '^$$' -bench AppendMessage -benchtime 2s ./server/store
	go test -run '^$$' -bench IdleVisitorMemory -benchtime 5000x ./server/chat
	go run ./bench $(BENCHFLAGS)

fuzz: ## run each fuzz target for a while (FUZZTIME=30s); `make test` runs their seed corpus
	go test -run '^$$' -fuzz FuzzDecodeFrame -fuzztime $${FUZZTIME:-30s} ./wire
	go test -run '^$$' -fuzz FuzzVerify -fuzztime $${FUZZTIME:-30s} ./server/identity
	go test -run '^$$' -fuzz FuzzKeys -fuzztime $${FUZZTIME:-30s} ./server/store
	go test -run '^$$' -fuzz FuzzSniff -fuzztime $${FUZZTIME:-30s} ./server/upload
	go test -run '^$$' -fuzz FuzzGate -fuzztime $${FUZZTIME:-30s} ./server/park

clean: ## remove build output
	rm -rf bin $(DIST)/widget $(DIST)/agent
