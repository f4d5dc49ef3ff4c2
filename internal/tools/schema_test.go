package tools

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

var update = flag.Bool("update", false, "rewrite testdata/tools.golden.json from the current tools")

// listTools returns tools/list as a client sees it, over an in-memory session.
func listTools(t *testing.T, d *Deps) []*mcp.Tool {
	t.Helper()
	s := mcp.NewServer(&mcp.Implementation{Name: "gmail-mcp", Version: "test"}, nil)
	Register(s, d)
	ct, st := mcp.NewInMemoryTransports()
	ctx := context.Background()
	ss, err := s.Connect(ctx, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ss.Close()
	cs, err := mcp.NewClient(&mcp.Implementation{Name: "t", Version: "1"}, nil).Connect(ctx, ct, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer cs.Close()
	res, err := cs.ListTools(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	return res.Tools
}

// TestToolsSnapshot makes every change to what clients see a reviewed diff:
// run `go test ./internal/tools -run TestToolsSnapshot -update` and commit the golden file.
func TestToolsSnapshot(t *testing.T) {
	got, err := json.MarshalIndent(listTools(t, &Deps{}), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	golden := filepath.Join("testdata", "tools.golden.json")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("tools/list differs from %s; if the change is intended, run with -update and review the diff.\ngot:\n%s", golden, got)
	}
}

// TestSchemasPortable: strict clients reject type unions with null.
func TestSchemasPortable(t *testing.T) {
	for _, tool := range listTools(t, &Deps{}) {
		for name, schema := range map[string]any{"input": tool.InputSchema, "output": tool.OutputSchema} {
			b, err := json.Marshal(schema)
			if err != nil {
				t.Fatal(err)
			}
			if bytes.Contains(b, []byte(`"null"`)) {
				t.Errorf("%s %s schema has a null type: %s", tool.Name, name, b)
			}
			if schema == nil {
				t.Errorf("%s has no %s schema", tool.Name, name)
			}
		}
		if tool.Annotations == nil || tool.Annotations.Title == "" {
			t.Errorf("%s has no annotations", tool.Name)
		}
		if len(tool.Description) < 40 {
			t.Errorf("%s: description too thin for a model to act on: %q", tool.Name, tool.Description)
		}
	}
}

// TestReadmeListsEveryTool keeps the README's tool table in step with tools/list.
func TestReadmeListsEveryTool(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	start := bytes.Index(readme, []byte("<!-- tools-table:start -->"))
	end := bytes.Index(readme, []byte("<!-- tools-table:end -->"))
	if start < 0 || end < start {
		t.Fatal("README.md has no tools table markers")
	}
	var documented []string
	for _, m := range regexp.MustCompile("(?m)^\\| `([a-z_]+)` \\|").FindAllSubmatch(readme[start:end], -1) {
		documented = append(documented, string(m[1]))
	}
	var served []string
	for _, tool := range listTools(t, &Deps{}) {
		served = append(served, tool.Name)
	}
	slices.Sort(documented)
	slices.Sort(served)
	if !slices.Equal(documented, served) {
		t.Errorf("README tools table lists %s\nbut tools/list serves %s", strings.Join(documented, ", "), strings.Join(served, ", "))
	}
}
