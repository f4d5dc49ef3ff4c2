package deploy_test

import (
	"iter"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"testing"
)

// reflectFields yields T's struct fields.
func reflectFields[T any]() iter.Seq[reflect.StructField] {
	return reflect.TypeFor[T]().Fields()
}

var envLine = regexp.MustCompile(`(?m)^#? ?([A-Z][A-Z0-9_]*)=`)

// TestEnvExampleDocumentsEveryVariable keeps .env.example in step with
// config.Config: every variable the server reads is there, and nothing else.
func TestEnvExampleDocumentsEveryVariable(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(repoRoot, ".env.example"))
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, m := range envLine.FindAllStringSubmatch(string(b), -1) {
		listed[m[1]] = true
	}
	known := envNames()
	for name := range known {
		if !listed[name] {
			t.Errorf(".env.example does not document %s", name)
		}
	}
	// HOST_PORT is read by docker-compose.yml, not by the server.
	for name := range listed {
		if !known[name] && name != "HOST_PORT" {
			t.Errorf(".env.example lists %s, which nothing reads", name)
		}
	}
}
