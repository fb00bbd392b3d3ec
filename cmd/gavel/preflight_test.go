package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/ircconn/ircnet"
)

// TestPreflight: a setting that cannot work is one clear line on the
// plain terminal, with the right exit status, before anything connects.
func TestPreflight(t *testing.T) {
	dir := t.TempDir()
	notDir := filepath.Join(dir, "file")
	os.WriteFile(notDir, []byte("x"), 0o600)
	base := []string{"--server", "127.0.0.1:1", "--nick", "n", "--channel", "#c",
		"--archive", filepath.Join(dir, "archive"), "--journal-dir", filepath.Join(dir, "journal"), "--log", filepath.Join(dir, "log")}
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"unset env password", []string{"chair", "--sasl", "plain", "--password", "env:GAVEL_TEST_UNSET_PW"}, 2, "$GAVEL_TEST_UNSET_PW is not set"},
		{"missing password file", []string{"bot", "--nickserv", "--password", "file:" + filepath.Join(dir, "nope")}, 2, "no such file"},
		{"tls file without tls", []string{"bot", "--tls-ca", notDir}, 2, "--tls-ca is used only with --tls"},
		{"missing tls file", []string{"chair", "--tls", "--tls-cert", filepath.Join(dir, "nope.pem")}, 2, "--tls-cert: no such file"},
		{"archive not writable", []string{"bot", "--archive", filepath.Join(notDir, "archive")}, 1, "the archive " + filepath.Join(notDir, "archive") + " is not writable"},
		{"journal not writable", []string{"chair", "--journal-dir", filepath.Join(notDir, "j")}, 1, "journal directory"},
		{"no such host", []string{"chair", "--server", "gavel-test.invalid:6667"}, 2, "--server gavel-test.invalid: no such host"},
		{"missing agenda", []string{"chair", "--agenda", filepath.Join(dir, "agenda.txt")}, 2, "--agenda"},
		{"bad port", []string{"bot", "--server", "h:99999"}, 2, "bad port"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("GAVEL_CONFIG", filepath.Join(dir, "none.toml"))
			args := append([]string{tc.args[0]}, base...)
			args = append(args, tc.args[1:]...)
			code, out, errOut := gavelWithin(t, 20*time.Second, args...)
			if code != tc.code || !strings.Contains(errOut, tc.want) || out != "" {
				t.Fatalf("exit %d (want %d)\nstderr: %q (want %q)\nstdout: %q", code, tc.code, errOut, tc.want, out)
			}
		})
	}
}

// gavelWithin runs gavel in-process with a deadline, so a command that
// wrongly goes on (to a full screen, to retries) fails the test instead
// of hanging it.
func gavelWithin(t *testing.T, d time.Duration, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	var o, e bytes.Buffer
	code = run(ctx, args, &o, &e)
	if ctx.Err() != nil {
		t.Fatalf("gavel %v did not finish within %s; stderr:\n%s", args, d, e.String())
	}
	return code, o.String(), e.String()
}

// TestChairConnectsBeforeTheScreen: a refused SASL password and an
// untrusted certificate are found by connecting first and said on the
// plain terminal (exit status 1); the full screen never opens.
func TestChairConnectsBeforeTheScreen(t *testing.T) {
	n := ircnet.Start(t)
	n.MustRegister(t, "chairacct", "right-password")
	dir := t.TempDir()
	base := []string{"chair", "--nick", "chairacct", "--channel", "#meeting",
		"--archive", filepath.Join(dir, "archive"), "--journal-dir", filepath.Join(dir, "journal"), "--log", filepath.Join(dir, "log")}
	t.Setenv("GAVEL_CONFIG", filepath.Join(dir, "none.toml"))
	t.Setenv("GAVEL_TEST_PW", "wrong-password")
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"wrong SASL password", []string{"--server", n.Addr(), "--sasl", "plain", "--password", "env:GAVEL_TEST_PW"}, "SASL authentication failed"},
		{"untrusted certificate", []string{"--server", n.TLSAddr(), "--tls"}, "not trusted"},
		{"failing password command", []string{"--server", n.Addr(), "--sasl", "plain", "--password", "cmd:exit 3"}, "password"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := gavelWithin(t, 30*time.Second, append(base, tc.args...)...)
			if code != 1 || !strings.Contains(errOut, tc.want) || out != "" {
				t.Fatalf("exit %d (want 1)\nstderr: %q (want %q)\nstdout: %q", code, errOut, tc.want, out)
			}
			if tc.name != "failing password command" && !strings.Contains(errOut, "gavel chair: connecting to ") {
				t.Fatalf("the wait for the connection is not said on the plain terminal: %q", errOut)
			}
			if strings.Contains(errOut, "\x1b[?1049h") {
				t.Fatal("the full screen opened")
			}
		})
	}
}
