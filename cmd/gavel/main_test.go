package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
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
	if code != 0 || !strings.Contains(out, "COMMANDS") || !strings.Contains(out, "bot") {
		t.Fatalf("gavel --help: %d\n%s", code, out)
	}
	for _, c := range registry {
		code, out, _ := gavel(t, c.name, "--help")
		if code != 0 || !strings.Contains(out, "gavel "+c.name) {
			t.Errorf("gavel %s --help exited %d:\n%s", c.name, code, out)
		}
	}
}

// TestExitCodesAndErrors: usage errors exit 2 and say what to run; each
// message is printed once.
func TestExitCodesAndErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"frobnicate"}, 2, `gavel: unknown command "frobnicate"`},
		{[]string{"serch", "x"}, 2, "did you mean search"},
		{[]string{"bot", "--nick", "x"}, 2, "gavel bot: --server, --nick and --channel are required"},
		{[]string{"bot", "--server", "h:1", "--nick", "x", "--channel", "#c", "--password", "hunter2"}, 2, "literal passwords"},
		{[]string{"review", "-archive", "/x"}, 2, "unknown shorthand flag"},
		{[]string{"search"}, 2, "gavel search: missing QUERY..."},
		{[]string{"replay", "a", "b"}, 2, "too many arguments (want LOG)"},
		{[]string{"index", "extra"}, 2, `unexpected argument "extra"`},
		{[]string{"minutes", "--format", "all", "x.log"}, 2, "give --out DIR"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			t.Setenv("GAVEL_CONFIG", "/nonexistent/config.toml")
			code, _, errOut := gavel(t, tc.args...)
			if code != tc.code || !strings.Contains(errOut, tc.want) {
				t.Fatalf("exit %d, want %d; stderr %q lacks %q", code, tc.code, errOut, tc.want)
			}
			if first, _, _ := strings.Cut(errOut, "\n"); strings.Count(errOut, first) != 1 {
				t.Fatalf("message printed twice: %q", errOut)
			}
		})
	}
	t.Setenv("GAVEL_CONFIG", "/nonexistent/config.toml")
	if code, _, errOut := gavel(t); code != 2 || !strings.Contains(errOut, "COMMANDS") {
		t.Fatalf("bare gavel without config: %d %q", code, errOut)
	}
}

// TestVersionCompletionMan: --version from build info, completion scripts
// for bash, zsh and fish, a man page naming the long flags.
func TestVersionCompletionMan(t *testing.T) {
	code, out, _ := gavel(t, "--version")
	if code != 0 || !strings.HasPrefix(out, "gavel version ") {
		t.Fatalf("--version: %d %q", code, out)
	}
	for _, sh := range []struct{ shell, want string }{
		{"bash", "__start_gavel"}, {"zsh", "#compdef gavel"}, {"fish", "complete -c gavel"},
	} {
		code, out, _ := gavel(t, "completion", sh.shell)
		if code != 0 || !strings.Contains(out, sh.want) {
			t.Errorf("completion %s: %d, lacks %q", sh.shell, code, sh.want)
		}
	}
	// fang writes the man page to the process's stdout: run gavel as a child.
	cmd := exec.Command(os.Args[0], "man")
	cmd.Env = append(os.Environ(), "GAVEL_TEST_AS_MAIN=1")
	man, err := cmd.Output()
	if err != nil || !strings.Contains(string(man), ".TH GAVEL 1") || !strings.Contains(string(man), `\fB--archive\fP`) {
		t.Fatalf("gavel man: %v\n%.600s", err, man)
	}
}
