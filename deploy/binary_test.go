package deploy_test

import "testing"

// TestBinary runs the built server the ways the deployments do. It builds
// the binary once, as the Dockerfile does (a full static compile), and
// shares it between the subtests.
func TestBinary(t *testing.T) {
	binary := buildBinary(t, t.TempDir())
	t.Run("ContainerContract", func(t *testing.T) { testContainerContract(t, binary) })
	t.Run("MultiUserIsolation", func(t *testing.T) { testMultiUserIsolation(t, binary) })
	t.Run("Memory", func(t *testing.T) { testInstanceMemory(t, binary) })
}
