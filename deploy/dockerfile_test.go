package deploy_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// instruction is one Dockerfile instruction, continuation lines joined.
type instruction struct{ cmd, args string }

// dockerfileStages reads the Dockerfile into its build stages.
func dockerfileStages(t *testing.T) [][]instruction {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot, "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	var stages [][]instruction
	var line string
	for raw := range strings.Lines(string(b)) {
		raw = strings.TrimSpace(raw)
		if strings.HasPrefix(raw, "#") || (raw == "" && line == "") {
			continue
		}
		if cont, ok := strings.CutSuffix(raw, `\`); ok {
			line += cont + " "
			continue
		}
		line += raw
		cmd, args, _ := strings.Cut(line, " ")
		line = ""
		in := instruction{strings.ToUpper(cmd), strings.Join(strings.Fields(args), " ")}
		if in.cmd == "FROM" {
			stages = append(stages, nil)
		}
		if len(stages) > 0 {
			stages[len(stages)-1] = append(stages[len(stages)-1], in)
		}
	}
	if len(stages) < 2 {
		t.Fatalf("Dockerfile has %d stages, want a build stage and a final stage", len(stages))
	}
	return stages
}

func TestDockerfileContract(t *testing.T) {
	stages := dockerfileStages(t)
	build, final := stages[0], stages[len(stages)-1]

	has := func(stage []instruction, cmd, args string) bool {
		return slices.Contains(stage, instruction{cmd, args})
	}
	from := final[0].args
	if from != "scratch" && !strings.HasPrefix(from, "gcr.io/distroless/static") {
		t.Errorf("final stage FROM %s, want scratch or distroless static", from)
	}
	for _, want := range []instruction{
		{"USER", "65532:65532"},
		{"VOLUME", `["/data"]`},
		{"EXPOSE", "8000"},
		{"ENTRYPOINT", `["/gmail-mcp"]`},
		{"COPY", "--from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt"},
		{"COPY", "--from=build --chown=65532:65532 /out/data /data"},
	} {
		if !has(final, want.cmd, want.args) {
			t.Errorf("final stage lacks %s %s", want.cmd, want.args)
		}
	}
	var env, healthcheck string
	for _, in := range final {
		switch in.cmd {
		case "ENV":
			env += " " + in.args
		case "HEALTHCHECK":
			healthcheck = in.args
		}
	}
	for _, kv := range []string{"HOST=0.0.0.0", "PORT=8000", "GMAIL_TOKEN_FILE=/data/token.json"} {
		if !slices.Contains(strings.Fields(env), kv) {
			t.Errorf("final stage ENV lacks %s", kv)
		}
	}
	if !strings.HasSuffix(healthcheck, `CMD ["/gmail-mcp", "healthcheck"]`) {
		t.Errorf("HEALTHCHECK %q: want the exec form CMD [\"/gmail-mcp\", \"healthcheck\"] (no shell in scratch)", healthcheck)
	}

	// The container test builds the binary with the same flags as the image.
	var goBuild string
	for _, in := range build {
		if in.cmd == "RUN" && strings.Contains(in.args, "go build") {
			goBuild = in.args
		}
	}
	for _, want := range []string{"CGO_ENABLED=0", "-trimpath", "-tags timetzdata", `-ldflags "-s -w -X main.version=${VERSION}"`, "./cmd/gmail-mcp"} {
		if !strings.Contains(goBuild, want) {
			t.Errorf("go build in the Dockerfile lacks %s: %q", want, goBuild)
		}
	}
	if !strings.Contains(strings.Join(buildFlags, " "), "-trimpath -tags timetzdata -ldflags -s -w -X main.version=") {
		t.Errorf("the container test builds with %v, not the Dockerfile's flags", buildFlags)
	}
}

// TestDockerignoreKeepsSecretsOut: credentials must never reach the build
// context, and with it an image layer.
func TestDockerignoreKeepsSecretsOut(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(repoRoot, ".dockerignore"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Fields(string(b))
	for _, want := range []string{".git", ".env", "**/*.env", "**/token.json"} {
		if !slices.Contains(lines, want) {
			t.Errorf(".dockerignore lacks %s", want)
		}
	}
}
