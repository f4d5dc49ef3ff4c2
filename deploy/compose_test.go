package deploy_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/types"
)

const (
	dataVolumeTarget = "/data"
	containerPort    = 8000
	// Memory limits above this would mean the sizing in docs/multi-user.md was
	// ignored (the older tool asked for 1G).
	maxMemoryLimit = 128 << 20
)

// loadCompose loads file (relative to dir) with the Compose Specification's
// own loader, as `docker compose` would: .env in dir feeds interpolation and
// env_file entries are read and merged into each service's environment.
func loadCompose(t *testing.T, dir, file string) (*types.Project, error) {
	t.Helper()
	opts, err := cli.NewProjectOptions([]string{filepath.Join(dir, file)},
		cli.WithWorkingDirectory(dir),
		cli.WithName("contract-test"),
		cli.WithEnvFiles(),
		cli.WithDotEnv,
	)
	if err != nil {
		t.Fatalf("compose options: %v", err)
	}
	return opts.LoadProject(context.Background())
}

func mustLoadCompose(t *testing.T, dir, file string) *types.Project {
	t.Helper()
	p, err := loadCompose(t, dir, file)
	if err != nil {
		t.Fatalf("load %s: %v", file, err)
	}
	return p
}

// hostService is what every compose service that runs one user's instance on
// a host must be.
type hostService struct {
	envFile string // base name of its env_file
	port    string // published host port on 127.0.0.1
	volume  string // named volume mounted on /data
	token   string // MCP_AUTH_TOKEN its env file holds
}

func checkHostService(t *testing.T, p *types.Project, name string, want hostService) {
	t.Helper()
	svc, ok := p.Services[name]
	if !ok {
		t.Fatalf("service %q missing; have %v", name, p.ServiceNames())
	}
	if len(svc.EnvFiles) != 1 || filepath.Base(svc.EnvFiles[0].Path) != want.envFile {
		t.Errorf("%s: env_file = %+v, want only %s", name, svc.EnvFiles, want.envFile)
	}
	if got := svc.Environment["MCP_AUTH_TOKEN"]; got == nil || *got != want.token {
		t.Errorf("%s: MCP_AUTH_TOKEN does not come from %s", name, want.envFile)
	}
	if len(svc.Ports) != 1 {
		t.Fatalf("%s: ports = %+v, want exactly one", name, svc.Ports)
	}
	port := svc.Ports[0]
	if port.HostIP != "127.0.0.1" || port.Published != want.port || port.Target != containerPort {
		t.Errorf("%s: port = %s:%s:%d, want 127.0.0.1:%s:%d", name, port.HostIP, port.Published, port.Target, want.port, containerPort)
	}
	checkDataVolume(t, p, name, want.volume)
	if !svc.ReadOnly {
		t.Errorf("%s: read_only is not set", name)
	}
	if svc.User != "65532:65532" {
		t.Errorf("%s: user = %q, want 65532:65532", name, svc.User)
	}
	if !slices.Contains(svc.CapDrop, "ALL") {
		t.Errorf("%s: cap_drop = %v, want ALL", name, svc.CapDrop)
	}
	if !slices.Contains(svc.SecurityOpt, "no-new-privileges:true") {
		t.Errorf("%s: security_opt = %v, want no-new-privileges:true", name, svc.SecurityOpt)
	}
	if svc.Restart != types.RestartPolicyUnlessStopped {
		t.Errorf("%s: restart = %q, want unless-stopped", name, svc.Restart)
	}
	checkHealthcheck(t, name, svc)
	checkLimits(t, name, svc)
}

func checkHealthcheck(t *testing.T, name string, svc types.ServiceConfig) {
	t.Helper()
	hc := svc.HealthCheck
	if hc == nil || hc.Disable {
		t.Fatalf("%s: no healthcheck", name)
	}
	// Exec form: the scratch image has no shell.
	if want := []string{"CMD", "/gmail-mcp", "healthcheck"}; !slices.Equal(hc.Test, want) {
		t.Errorf("%s: healthcheck test = %q, want %q", name, hc.Test, want)
	}
	if hc.Interval == nil || hc.Timeout == nil || hc.Retries == nil {
		t.Errorf("%s: healthcheck interval, timeout and retries must be set", name)
	}
}

func checkLimits(t *testing.T, name string, svc types.ServiceConfig) {
	t.Helper()
	if svc.Deploy == nil || svc.Deploy.Resources.Limits == nil {
		t.Fatalf("%s: deploy.resources.limits not set", name)
	}
	lim := svc.Deploy.Resources.Limits
	if lim.MemoryBytes <= 0 || lim.MemoryBytes > maxMemoryLimit {
		t.Errorf("%s: memory limit = %d bytes, want 1..%d", name, lim.MemoryBytes, maxMemoryLimit)
	}
	if lim.NanoCPUs <= 0 {
		t.Errorf("%s: cpus limit not set", name)
	}
	// GOMEMLIMIT must sit below the hard limit or it cannot help.
	if v := svc.Environment["GOMEMLIMIT"]; v != nil {
		if got := parseMiB(t, *v); got >= int64(lim.MemoryBytes) {
			t.Errorf("%s: GOMEMLIMIT=%s is not below the memory limit %d", name, *v, lim.MemoryBytes)
		}
	}
}

func parseMiB(t *testing.T, s string) int64 {
	t.Helper()
	n, ok := strings.CutSuffix(s, "MiB")
	if !ok {
		t.Fatalf("GOMEMLIMIT=%q: write it in MiB", s)
	}
	var v int64
	for _, c := range n {
		if c < '0' || c > '9' {
			t.Fatalf("GOMEMLIMIT=%q is not a whole number of MiB", s)
		}
		v = v*10 + int64(c-'0')
	}
	return v << 20
}

// checkDataVolume asserts that service name mounts the declared named volume
// on /data and nothing else (the only writable path).
func checkDataVolume(t *testing.T, p *types.Project, name, volume string) {
	t.Helper()
	svc := p.Services[name]
	if len(svc.Volumes) != 1 {
		t.Fatalf("%s: volumes = %+v, want exactly the data volume", name, svc.Volumes)
	}
	v := svc.Volumes[0]
	if v.Type != types.VolumeTypeVolume || v.Source != volume || v.Target != dataVolumeTarget || v.ReadOnly {
		t.Errorf("%s: volume = %s %s:%s (ro=%v), want named volume %s:%s", name, v.Type, v.Source, v.Target, v.ReadOnly, volume, dataVolumeTarget)
	}
	if _, ok := p.Volumes[volume]; !ok {
		t.Errorf("%s: volume %q is not declared at the top level", name, volume)
	}
	if len(svc.Tmpfs) != 0 {
		t.Errorf("%s: tmpfs %v: the server writes only to /data", name, svc.Tmpfs)
	}
}

func TestRootComposeContract(t *testing.T) {
	dir := t.TempDir()
	copyTree(t, filepath.Join(repoRoot, "docker-compose.yml"), filepath.Join(dir, "docker-compose.yml"))
	const token = "0123456789abcdef0123456789abcdef"

	tests := []struct {
		name     string
		env      map[string]string
		wantPort string
	}{
		{"default port", map[string]string{"MCP_AUTH_TOKEN": token}, "8000"},
		{"HOST_PORT from .env", map[string]string{"MCP_AUTH_TOKEN": token, "HOST_PORT": "9123"}, "9123"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fillEnvFile(t, filepath.Join(repoRoot, ".env.example"), filepath.Join(dir, ".env"), tc.env)
			if _, set := tc.env["HOST_PORT"]; !set {
				removeEnvKey(t, filepath.Join(dir, ".env"), "HOST_PORT")
			}
			p := mustLoadCompose(t, dir, "docker-compose.yml")
			if len(p.Services) != 1 {
				t.Fatalf("services = %v, want one (one user per instance)", p.ServiceNames())
			}
			checkHostService(t, p, "gmail-mcp", hostService{".env", tc.wantPort, "gmail-mcp-data", token})
			if svc := p.Services["gmail-mcp"]; svc.Build == nil || svc.Image == "" {
				t.Errorf("root compose should both build the image and name it")
			}
		})
	}

	t.Run("missing bearer token fails at load", func(t *testing.T) {
		fillEnvFile(t, filepath.Join(repoRoot, ".env.example"), filepath.Join(dir, ".env"), nil)
		_, err := loadCompose(t, dir, "docker-compose.yml")
		if err == nil || !strings.Contains(err.Error(), "MCP_AUTH_TOKEN") {
			t.Fatalf("load without MCP_AUTH_TOKEN: err = %v, want one naming MCP_AUTH_TOKEN", err)
		}
	})
}

func removeEnvKey(t *testing.T, path, key string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	for line := range strings.Lines(string(b)) {
		if !strings.HasPrefix(line, key+"=") {
			out.WriteString(line)
		}
	}
	if err := os.WriteFile(path, []byte(out.String()), 0o600); err != nil {
		t.Fatal(err)
	}
}
