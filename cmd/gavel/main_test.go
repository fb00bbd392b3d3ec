package main

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
)

// TestMain lets tests run the real gavel as a child process (for kill -9,
// for tmux): re-executing this test binary with GAVEL_TEST_AS_MAIN=1 runs
// main() with the given arguments instead of the tests.
func TestMain(m *testing.M) {
	if os.Getenv("GAVEL_TEST_AS_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// gavel runs a command in-process and returns its exit code and output.
func gavel(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = run(context.Background(), args, &o, &e)
	return code, o.String(), e.String()
}

func TestHelp(t *testing.T) {
	code, out, _ := gavel(t, "--help")
	if code != 0 || !strings.Contains(out, "Commands:") || !strings.Contains(out, "bot") {
		t.Fatalf("gavel --help: %d\n%s", code, out)
	}
	for name := range registry {
		code, _, _ := gavel(t, name, "--help")
		if code != 0 {
			t.Errorf("gavel %s --help exited %d", name, code)
		}
	}
	if code, _, errOut := gavel(t, "frobnicate"); code != 2 || !strings.Contains(errOut, "unknown command") {
		t.Fatalf("unknown command: %d %q", code, errOut)
	}
	if code, _, errOut := gavel(t, "bot", "--nick", "x"); code != 2 || !strings.Contains(errOut, "required") {
		t.Fatalf("bot without server: %d %q", code, errOut)
	}
	if code, _, errOut := gavel(t, "bot", "--server", "h:1", "--nick", "x", "--channel", "#c", "--password", "hunter2"); code != 2 || !strings.Contains(errOut, "literal passwords") {
		t.Fatalf("literal password accepted: %d %q", code, errOut)
	}
}
