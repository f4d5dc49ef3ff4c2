# syntax=docker/dockerfile:1
#
# gmail-mcp image: one static binary on an empty (scratch) root.
#   docker build --build-arg VERSION=$(git describe --tags --always) -t gmail-mcp .
# The final image holds only the binary, the CA bundle (to reach Google over
# TLS) and an empty /data owned by the non-root user. Time zone data is
# compiled into the binary (-tags timetzdata), so no /usr/share/zoneinfo.

ARG GO_VERSION=1.26

FROM --platform=$BUILDPLATFORM golang:${GO_VERSION} AS build
WORKDIR /src
# Modules first, so source edits do not re-download them.
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
ARG VERSION=dev
ARG TARGETOS
ARG TARGETARCH
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 GOOS=${TARGETOS} GOARCH=${TARGETARCH} \
    go build -trimpath -tags timetzdata \
      -ldflags "-s -w -X main.version=${VERSION}" \
      -o /out/gmail-mcp ./cmd/gmail-mcp
# scratch has no mkdir: prepare /data here, owned by the runtime user, so a
# fresh named volume is created writable for uid 65532.
RUN mkdir -p /out/data && chown 65532:65532 /out/data && chmod 0700 /out/data

FROM scratch
ARG VERSION=dev
LABEL org.opencontainers.image.title="gmail-mcp" \
      org.opencontainers.image.description="MCP server giving an AI assistant safe access to one Gmail account" \
      org.opencontainers.image.version="${VERSION}"
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build --chown=65532:65532 /out/data /data
COPY --from=build /out/gmail-mcp /gmail-mcp
# Non-root, numeric so runAsNonRoot can verify it without an /etc/passwd.
USER 65532:65532
# The only writable path; the root filesystem can be mounted read-only.
VOLUME ["/data"]
ENV HOST=0.0.0.0 \
    PORT=8000 \
    GMAIL_TOKEN_FILE=/data/token.json
EXPOSE 8000
# No shell or curl in scratch: the binary checks its own /health.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
    CMD ["/gmail-mcp", "healthcheck"]
ENTRYPOINT ["/gmail-mcp"]
CMD ["serve"]
