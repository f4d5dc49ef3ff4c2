package deploy_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/types"

	"github.com/gmail-mcp/gmail-mcp/internal/config"
)

// semver is the official Semantic Versioning 2.0.0 pattern.
var semver = regexp.MustCompile(`^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$`)

// kamiwazaMeta is kamiwaza.json; unknown fields are rejected so a typo in a
// field name cannot pass unnoticed.
type kamiwazaMeta struct {
	Name            string            `json:"name"`
	Version         string            `json:"version"`
	SourceType      string            `json:"source_type"`
	Visibility      string            `json:"visibility"`
	Type            string            `json:"type"`
	Description     string            `json:"description"`
	Category        string            `json:"category"`
	Tags            []string          `json:"tags"`
	Author          string            `json:"author"`
	Image           string            `json:"image"`
	RiskTier        json.Number       `json:"risk_tier"`
	Verified        *bool             `json:"verified"`
	Capabilities    []string          `json:"capabilities"`
	RequiredEnvVars []string          `json:"required_env_vars"`
	EnvDefaults     map[string]string `json:"env_defaults"`
	Services        map[string]struct {
		HealthCheck kamiwazaProbe `json:"healthCheck"`
	} `json:"services"`
	PreferredModelType json.RawMessage `json:"preferred_model_type"`
}

type kamiwazaProbe struct {
	HTTPGet *struct {
		Path string `json:"path"`
		Port int    `json:"port"`
	} `json:"httpGet"`
	InitialDelaySeconds int `json:"initialDelaySeconds"`
	PeriodSeconds       int `json:"periodSeconds"`
}

func loadKamiwazaMeta(t *testing.T) (kamiwazaMeta, map[string]json.RawMessage) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("kamiwaza", "kamiwaza.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m kamiwazaMeta
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("kamiwaza.json: %v", err)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	return m, raw
}

// envNames is every variable the server reads, from config.Config's tags.
func envNames() map[string]bool {
	names := map[string]bool{}
	for f := range reflectFields[config.Config]() {
		if n := f.Tag.Get("env"); n != "" {
			names[n] = true
		}
	}
	return names
}

func TestKamiwazaMetadata(t *testing.T) {
	m, raw := loadKamiwazaMeta(t)

	for _, field := range []string{"name", "version", "source_type", "visibility", "description", "risk_tier", "verified", "type", "capabilities", "required_env_vars", "env_defaults", "preferred_model_type"} {
		if _, ok := raw[field]; !ok {
			t.Errorf("kamiwaza.json lacks %q", field)
		}
	}
	if !strings.HasPrefix(m.Name, "tool-") {
		t.Errorf("name %q must start with tool- (App Garden tool naming)", m.Name)
	}
	if !semver.MatchString(m.Version) {
		t.Errorf("version %q is not semver", m.Version)
	}
	if m.SourceType != "kamiwaza" {
		t.Errorf("source_type = %q, want kamiwaza", m.SourceType)
	}
	if m.Visibility != "public" && m.Visibility != "private" {
		t.Errorf("visibility = %q, want public or private", m.Visibility)
	}
	if m.Type != "tool" {
		t.Errorf("type = %q, want tool", m.Type)
	}
	if strings.TrimSpace(m.Description) == "" {
		t.Errorf("description is empty")
	}
	if tier, err := m.RiskTier.Int64(); err != nil || tier < 0 {
		t.Errorf("risk_tier = %s, want a non-negative integer", m.RiskTier)
	}
	if m.Verified == nil {
		t.Errorf("verified must be a boolean")
	}
	if string(raw["preferred_model_type"]) != "null" {
		t.Errorf("preferred_model_type = %s, want null", raw["preferred_model_type"])
	}
	if len(m.Capabilities) == 0 {
		t.Errorf("capabilities is empty")
	}
	known := envNames()
	for _, v := range m.RequiredEnvVars {
		if !known[v] {
			t.Errorf("required_env_vars names %q, which the server does not read", v)
		}
	}
	for _, k := range []string{"PORT", "MCP_PORT", "MCP_PATH"} {
		if _, ok := m.EnvDefaults[k]; !ok {
			t.Errorf("env_defaults lacks %s", k)
		}
	}
	for k := range m.EnvDefaults {
		if !known[k] {
			t.Errorf("env_defaults sets %q, which the server does not read", k)
		}
	}

	// The defaults plus the required variables must make a configuration the
	// server accepts, listening where the platform expects.
	environ := []string{"HOST=0.0.0.0"}
	for k, v := range m.EnvDefaults {
		environ = append(environ, k+"="+v)
	}
	for _, k := range m.RequiredEnvVars {
		environ = append(environ, k+"=value-for-"+strings.ToLower(k)+"-0123456789")
	}
	cfg, err := config.Load(environ, false)
	if err != nil {
		t.Fatalf("env_defaults + required_env_vars do not make a valid configuration: %v", err)
	}
	if cfg.ListenPort() != containerPort || cfg.MCPPath != "/mcp" {
		t.Errorf("server would listen on %d%s, want %d/mcp", cfg.ListenPort(), cfg.MCPPath, containerPort)
	}
	// The bearer token must be required: the container listens on 0.0.0.0.
	var withoutToken []string
	for _, e := range environ {
		if !strings.HasPrefix(e, "MCP_AUTH_TOKEN=") {
			withoutToken = append(withoutToken, e)
		}
	}
	if _, err := config.Load(withoutToken, false); err == nil {
		t.Errorf("config accepts an App Garden deployment without MCP_AUTH_TOKEN")
	}

	for name, svc := range m.Services {
		if svc.HealthCheck.HTTPGet == nil || svc.HealthCheck.HTTPGet.Path != "/health" || svc.HealthCheck.HTTPGet.Port != containerPort {
			t.Errorf("services.%s.healthCheck must be httpGet /health on %d", name, containerPort)
		}
	}
}

func TestAppGardenCompose(t *testing.T) {
	meta, _ := loadKamiwazaMeta(t)
	dir := t.TempDir()
	copyTree(t, "kamiwaza", dir)
	p := mustLoadCompose(t, dir, "docker-compose.appgarden.yml")

	if len(p.Services) != 1 {
		t.Fatalf("services = %v, want one tool service", p.ServiceNames())
	}
	for name, svc := range p.Services {
		if svc.Build != nil {
			t.Errorf("%s: build: is not allowed; App Garden deploys a prebuilt image", name)
		}
		repo, tag, ok := strings.Cut(svc.Image, ":")
		if !ok || repo != meta.Image || tag != meta.Version {
			t.Errorf("%s: image = %q, want %s:%s (kamiwaza.json image and version)", name, svc.Image, meta.Image, meta.Version)
		}
		if len(svc.Ports) != 1 {
			t.Fatalf("%s: ports = %+v, want the one container port", name, svc.Ports)
		}
		if port := svc.Ports[0]; port.Published != "" || port.HostIP != "" || port.Target != containerPort {
			t.Errorf("%s: port %+v: give the container port only (\"8000\"), the platform picks the host port", name, port)
		}
		checkDataVolume(t, p, name, "gmail-mcp-data")
		checkLimits(t, name, svc)
		if svc.ContainerName != "" {
			t.Errorf("%s: container_name would clash between users' instances", name)
		}
		for k, want := range meta.EnvDefaults {
			if got := svc.Environment[k]; got == nil || *got != want {
				t.Errorf("%s: environment %s = %v, want %q as in env_defaults", name, k, got, want)
			}
		}
		if got := svc.Environment["HOST"]; got == nil || *got != "0.0.0.0" {
			t.Errorf("%s: HOST must be 0.0.0.0 so the platform can reach the port", name)
		}
		checkXKamiwazaHealth(t, name, svc)
		if _, ok := meta.Services[name]; !ok {
			t.Errorf("kamiwaza.json services has no entry for compose service %q", name)
		}
	}
	for name, vol := range p.Volumes {
		if vol.External {
			t.Errorf("volume %s: external volumes are not allowed", name)
		}
	}
	if len(p.Networks) > 1 {
		t.Errorf("custom networks %v: App Garden manages networking", p.Networks)
	}
}

func checkXKamiwazaHealth(t *testing.T, name string, svc types.ServiceConfig) {
	t.Helper()
	ext, ok := svc.Extensions["x-kamiwaza"]
	if !ok {
		t.Fatalf("%s: no x-kamiwaza extension", name)
	}
	b, err := json.Marshal(ext)
	if err != nil {
		t.Fatal(err)
	}
	var x struct {
		HealthCheck kamiwazaProbe `json:"healthCheck"`
	}
	if err := json.Unmarshal(b, &x); err != nil {
		t.Fatalf("%s: x-kamiwaza: %v", name, err)
	}
	hc := x.HealthCheck.HTTPGet
	if hc == nil || hc.Path != "/health" || hc.Port != containerPort {
		t.Errorf("%s: x-kamiwaza.healthCheck = %s, want httpGet /health on %d", name, b, containerPort)
	}
}
