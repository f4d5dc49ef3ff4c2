package deploy_test

import (
	"bytes"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/kyaml/filesys"
	"sigs.k8s.io/yaml"
)

// manifests is one `kustomize build`, decoded strictly into Kubernetes types.
type manifests struct {
	deployments []appsv1.Deployment
	services    []corev1.Service
	pvcs        []corev1.PersistentVolumeClaim
	secrets     []corev1.Secret
	policies    []networkingv1.NetworkPolicy
}

func kustomizeBuild(t *testing.T, dir string) manifests {
	t.Helper()
	k := krusty.MakeKustomizer(krusty.MakeDefaultOptions())
	rm, err := k.Run(filesys.MakeFsOnDisk(), dir)
	if err != nil {
		t.Fatalf("kustomize build %s: %v", dir, err)
	}
	var m manifests
	for _, r := range rm.Resources() {
		b, err := r.AsYAML()
		if err != nil {
			t.Fatal(err)
		}
		gvk := r.GetGvk()
		// UnmarshalStrict rejects unknown or duplicate fields: a misspelt key
		// would otherwise be dropped silently by the API server's client.
		var decodeErr error
		switch gvk.ApiVersion() + "/" + gvk.Kind {
		case "apps/v1/Deployment":
			var o appsv1.Deployment
			decodeErr = yaml.UnmarshalStrict(b, &o)
			m.deployments = append(m.deployments, o)
		case "v1/Service":
			var o corev1.Service
			decodeErr = yaml.UnmarshalStrict(b, &o)
			m.services = append(m.services, o)
		case "v1/PersistentVolumeClaim":
			var o corev1.PersistentVolumeClaim
			decodeErr = yaml.UnmarshalStrict(b, &o)
			m.pvcs = append(m.pvcs, o)
		case "v1/Secret":
			var o corev1.Secret
			decodeErr = yaml.UnmarshalStrict(b, &o)
			m.secrets = append(m.secrets, o)
		case "networking.k8s.io/v1/NetworkPolicy":
			var o networkingv1.NetworkPolicy
			decodeErr = yaml.UnmarshalStrict(b, &o)
			m.policies = append(m.policies, o)
		default:
			t.Fatalf("unexpected object %s %s", gvk, r.GetName())
		}
		if decodeErr != nil {
			t.Fatalf("%s %s does not decode strictly: %v", gvk.Kind, r.GetName(), decodeErr)
		}
	}
	if len(m.deployments) != 1 || len(m.services) != 1 || len(m.pvcs) != 1 || len(m.policies) != 1 {
		t.Fatalf("%s: got %d deployments, %d services, %d PVCs, %d network policies; want one each",
			dir, len(m.deployments), len(m.services), len(m.pvcs), len(m.policies))
	}
	return m
}

// checkInstance asserts the per-instance contract of one build; instance is
// the user's label ("" for the base).
func checkInstance(t *testing.T, m manifests, prefix, instance string) {
	t.Helper()
	d := m.deployments[0]
	if want := prefix + "gmail-mcp"; d.Name != want {
		t.Errorf("deployment name = %q, want %q", d.Name, want)
	}
	if d.Spec.Replicas == nil || *d.Spec.Replicas != 1 {
		t.Errorf("replicas = %v, want 1 (one instance per account)", d.Spec.Replicas)
	}
	if d.Spec.Strategy.Type != appsv1.RecreateDeploymentStrategyType {
		t.Errorf("strategy = %q, want Recreate (ReadWriteOnce volume)", d.Spec.Strategy.Type)
	}
	pod := d.Spec.Template.Spec
	if instance != "" {
		for what, labels := range map[string]map[string]string{
			"deployment selector": d.Spec.Selector.MatchLabels,
			"pod template":        d.Spec.Template.Labels,
			"service selector":    m.services[0].Spec.Selector,
			"network policy":      m.policies[0].Spec.PodSelector.MatchLabels,
		} {
			if labels["app.kubernetes.io/instance"] != instance {
				t.Errorf("%s labels %v lack app.kubernetes.io/instance=%s: another user's pod could match", what, labels, instance)
			}
		}
	}
	if !labelsMatch(m.services[0].Spec.Selector, d.Spec.Template.Labels) {
		t.Errorf("service selector %v does not select the pod %v", m.services[0].Spec.Selector, d.Spec.Template.Labels)
	}

	psc := pod.SecurityContext
	if psc == nil || !isTrue(psc.RunAsNonRoot) || psc.RunAsUser == nil || *psc.RunAsUser != 65532 ||
		psc.SeccompProfile == nil || psc.SeccompProfile.Type != corev1.SeccompProfileTypeRuntimeDefault {
		t.Errorf("pod securityContext = %+v, want runAsNonRoot, runAsUser 65532, seccomp RuntimeDefault", psc)
	}
	if pod.AutomountServiceAccountToken == nil || *pod.AutomountServiceAccountToken {
		t.Errorf("automountServiceAccountToken must be false: the server never calls the Kubernetes API")
	}
	if len(pod.Containers) != 1 {
		t.Fatalf("containers = %d, want 1", len(pod.Containers))
	}
	c := pod.Containers[0]
	sc := c.SecurityContext
	if sc == nil || !isTrue(sc.ReadOnlyRootFilesystem) || sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation ||
		!isTrue(sc.RunAsNonRoot) || sc.Capabilities == nil || !slices.Equal(sc.Capabilities.Drop, []corev1.Capability{"ALL"}) {
		t.Errorf("container securityContext = %+v, want readOnlyRootFilesystem, no privilege escalation, runAsNonRoot, drop ALL", sc)
	}

	checkProbe(t, "liveness", c, c.LivenessProbe, "/health")
	checkProbe(t, "readiness", c, c.ReadinessProbe, "/ready")
	checkProbe(t, "startup", c, c.StartupProbe, "/health")

	req, lim := c.Resources.Requests, c.Resources.Limits
	for _, r := range []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory} {
		rq, lm := req[r], lim[r]
		if rq.IsZero() || lm.IsZero() || rq.Cmp(lm) > 0 {
			t.Errorf("resources: %s request and limit must be set, request <= limit (got %v / %v)", r, &rq, &lm)
		}
	}
	if mem := lim[corev1.ResourceMemory]; mem.Cmp(*resource.NewQuantity(maxMemoryLimit, resource.BinarySI)) > 0 {
		t.Errorf("memory limit %v is above the measured sizing", &mem)
	}

	if len(c.EnvFrom) != 1 || c.EnvFrom[0].SecretRef == nil {
		t.Fatalf("envFrom = %+v, want the credentials Secret", c.EnvFrom)
	}
	secretName := c.EnvFrom[0].SecretRef.Name
	if !strings.HasPrefix(secretName, prefix+"gmail-mcp-credentials") {
		t.Errorf("envFrom secret = %q, want %sgmail-mcp-credentials", secretName, prefix)
	}
	env := map[string]string{}
	for _, e := range c.Env {
		env[e.Name] = e.Value
	}
	for k, want := range map[string]string{"HOST": "0.0.0.0", "PORT": "8000", "GMAIL_TOKEN_FILE": "/data/token.json"} {
		if env[k] != want {
			t.Errorf("env %s = %q, want %q", k, env[k], want)
		}
	}

	var mounted string
	for _, vm := range c.VolumeMounts {
		if vm.MountPath == dataVolumeTarget && !vm.ReadOnly {
			mounted = vm.Name
		}
	}
	if mounted == "" {
		t.Fatalf("no writable volume mounted on /data: %+v", c.VolumeMounts)
	}
	i := slices.IndexFunc(pod.Volumes, func(v corev1.Volume) bool { return v.Name == mounted })
	if i < 0 || pod.Volumes[i].PersistentVolumeClaim == nil || pod.Volumes[i].PersistentVolumeClaim.ClaimName != m.pvcs[0].Name {
		t.Errorf("/data volume does not use the PVC %q: %+v", m.pvcs[0].Name, pod.Volumes)
	}

	svc := m.services[0]
	if svc.Spec.Type != corev1.ServiceTypeClusterIP || len(svc.Spec.Ports) != 1 || svc.Spec.Ports[0].Port != containerPort {
		t.Errorf("service = %s %+v, want ClusterIP on %d", svc.Spec.Type, svc.Spec.Ports, containerPort)
	}
	checkNetworkPolicy(t, m.policies[0])
}

func checkProbe(t *testing.T, kind string, c corev1.Container, p *corev1.Probe, path string) {
	t.Helper()
	if p == nil || p.HTTPGet == nil {
		t.Errorf("%s probe missing or not HTTP", kind)
		return
	}
	if p.HTTPGet.Path != path {
		t.Errorf("%s probe path = %q, want %q", kind, p.HTTPGet.Path, path)
	}
	port := p.HTTPGet.Port.IntValue()
	if name := p.HTTPGet.Port.StrVal; name != "" {
		for _, cp := range c.Ports {
			if cp.Name == name {
				port = int(cp.ContainerPort)
			}
		}
	}
	if port != containerPort {
		t.Errorf("%s probe port %s does not resolve to %d", kind, p.HTTPGet.Port.String(), containerPort)
	}
}

func checkNetworkPolicy(t *testing.T, np networkingv1.NetworkPolicy) {
	t.Helper()
	types := slices.Sorted(slices.Values(np.Spec.PolicyTypes))
	if !slices.Equal(types, []networkingv1.PolicyType{"Egress", "Ingress"}) {
		t.Errorf("network policy types = %v, want Ingress and Egress", np.Spec.PolicyTypes)
	}
	var in, out []string
	for _, r := range np.Spec.Ingress {
		for _, p := range r.Ports {
			in = append(in, fmt.Sprintf("%s/%s", *p.Protocol, p.Port))
		}
		if len(r.Ports) == 0 {
			in = append(in, "any")
		}
	}
	for _, r := range np.Spec.Egress {
		for _, p := range r.Ports {
			out = append(out, fmt.Sprintf("%s/%s", *p.Protocol, p.Port))
		}
		if len(r.Ports) == 0 {
			out = append(out, "any")
		}
	}
	slices.Sort(in)
	slices.Sort(out)
	if want := []string{"TCP/8000"}; !slices.Equal(in, want) {
		t.Errorf("ingress allows %v, want only %v", in, want)
	}
	if want := []string{"TCP/443", "TCP/53", "UDP/53"}; !slices.Equal(out, want) {
		t.Errorf("egress allows %v, want only %v", out, want)
	}
}

func labelsMatch(selector, labels map[string]string) bool {
	if len(selector) == 0 {
		return false
	}
	for k, v := range selector {
		if labels[k] != v {
			return false
		}
	}
	return true
}

func isTrue(b *bool) bool { return b != nil && *b }

func TestKubernetesBase(t *testing.T) {
	m := kustomizeBuild(t, filepath.Join("kubernetes", "base"))
	checkInstance(t, m, "", "")
	// The base only references the Secret; each user's overlay makes it.
	if len(m.secrets) != 0 {
		t.Errorf("base carries %d secrets; credentials belong in per-user overlays", len(m.secrets))
	}
	if got := m.deployments[0].Spec.Template.Spec.Containers[0].EnvFrom[0].SecretRef.Name; got != "gmail-mcp-credentials" {
		t.Errorf("base secret reference = %q, want gmail-mcp-credentials", got)
	}
}

func TestKubernetesNewUser(t *testing.T) {
	dir := t.TempDir()
	copyTree(t, "kubernetes", dir)
	script := filepath.Join(dir, "new-user")

	builds := map[string]manifests{}
	for _, user := range []string{"alice", "bob"} {
		out, ok := runScript(t, script, user)
		if !ok {
			t.Fatalf("new-user %s failed:\n%s", user, out)
		}
		overlay := filepath.Join(dir, "overlays", user)
		envFile := filepath.Join(overlay, user+".env")
		token := envFileValue(t, envFile, "MCP_AUTH_TOKEN")
		if !hexToken.MatchString(token) {
			t.Errorf("%s's MCP_AUTH_TOKEN = %q, want 64 random hex digits", user, token)
		}
		if strings.Contains(out, token) {
			t.Errorf("new-user printed the bearer token")
		}
		m := kustomizeBuild(t, overlay)
		checkInstance(t, m, user+"-", user)
		if len(m.secrets) != 1 {
			t.Fatalf("%s: %d secrets, want the credentials Secret", user, len(m.secrets))
		}
		s := m.secrets[0]
		if ref := m.deployments[0].Spec.Template.Spec.Containers[0].EnvFrom[0].SecretRef.Name; ref != s.Name {
			t.Errorf("%s: deployment reads secret %q but the overlay makes %q", user, ref, s.Name)
		}
		if got := string(s.Data["MCP_AUTH_TOKEN"]); got != token {
			t.Errorf("%s: secret MCP_AUTH_TOKEN does not come from %s.env", user, user)
		}
		for _, k := range []string{"GMAIL_CLIENT_ID", "GMAIL_CLIENT_SECRET", "GMAIL_REFRESH_TOKEN", "GMAIL_TOKEN_KEY"} {
			if _, ok := s.Data[k]; !ok {
				t.Errorf("%s: secret lacks %s", user, k)
			}
		}
		builds[user] = m
	}

	// Nothing of alice's is bob's.
	names := func(m manifests) []string {
		return []string{m.deployments[0].Name, m.services[0].Name, m.pvcs[0].Name, m.policies[0].Name, m.secrets[0].Name}
	}
	alice, bob := names(builds["alice"]), names(builds["bob"])
	for _, n := range alice {
		if slices.Contains(bob, n) {
			t.Errorf("alice and bob share the object name %q", n)
		}
	}
	if maps.EqualFunc(builds["alice"].secrets[0].Data, builds["bob"].secrets[0].Data, bytes.Equal) {
		t.Errorf("alice and bob got identical credentials")
	}
	if labelsMatch(builds["alice"].services[0].Spec.Selector, builds["bob"].deployments[0].Spec.Template.Labels) {
		t.Errorf("alice's service selects bob's pod")
	}

	for _, tc := range []struct{ arg, wantMsg string }{
		{"alice", "already exists"},
		{"Alice", "not a valid name"},
		{"a_b", "not a valid name"},
		{"-a", "not a valid name"},
		{"../base", "not a valid name"},
		{"", "not a valid name"},
		{strings.Repeat("a", 41), "too long"},
	} {
		out, ok := runScript(t, script, tc.arg)
		if ok || !strings.Contains(out, tc.wantMsg) {
			t.Errorf("new-user %q: ok=%v output %q, want refusal saying %q", tc.arg, ok, out, tc.wantMsg)
		}
	}
}
