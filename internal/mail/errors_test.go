package mail

import (
	"fmt"
	"testing"
)

func TestKindString(t *testing.T) {
	seen := map[string]bool{}
	for k := KindInternal; k <= KindNotConnected; k++ {
		name := k.String()
		if name == "unknown" || name == "" || seen[name] {
			t.Errorf("Kind(%d).String() = %q: every kind needs its own name", k, name)
		}
		seen[name] = true
	}
	if got := Kind(99).String(); got != "unknown" {
		t.Errorf("Kind(99) = %q", got)
	}
	if got := KindOf(fmt.Errorf("wrapped: %w", Errorf(KindNotFound, "x"))); got != KindNotFound {
		t.Errorf("KindOf through %%w = %v", got)
	}
}
