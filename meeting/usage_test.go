package meeting

import (
	"strings"
	"testing"
)

// TestEveryCommandHasUsage keeps the usage lines and the command table in
// step: a command added without a usage line, or a line left behind by a
// removed command, fails here.
func TestEveryCommandHasUsage(t *testing.T) {
	for name := range commands {
		u := CommandUsage(name)
		if !strings.HasPrefix(u, "#"+name) {
			t.Errorf("#%s: usage %q does not start with the command", name, u)
		}
	}
	for name := range usage {
		if _, ok := commands[name]; !ok {
			t.Errorf("usage line for #%s, which is no command", name)
		}
	}
}
