package main

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// sshServer is a `gavel serve` process started by a test.
type sshServer struct {
	cmd  *exec.Cmd
	port int
	done chan struct{}
	mu   sync.Mutex
	errb bytes.Buffer
}

// stop ends the server by PID (SIGTERM, then SIGKILL) and waits for it.
func (s *sshServer) stop() {
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(5 * time.Second):
		s.cmd.Process.Kill()
		<-s.done
	}
}

func (s *sshServer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.errb.Write(p)
}

func (s *sshServer) log() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.errb.String()
}

// waitLog waits until the server's log holds every want (its stderr
// reaches the test through a pipe, a moment after the server wrote it).
func (s *sshServer) waitLog(t *testing.T, want ...string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		l, ok := s.log(), true
		for _, w := range want {
			ok = ok && strings.Contains(l, w)
		}
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server log lacks %q:\n%s", want, l)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// startServe runs the real binary's `gavel serve` and waits for its port.
// It is stopped (SIGTERM, by PID) when the test ends.
func startServe(t *testing.T, bin, state string, port int, args ...string) *sshServer {
	t.Helper()
	s := &sshServer{port: port}
	s.cmd = exec.Command(bin, append([]string{"serve", "--listen", fmt.Sprintf("127.0.0.1:%d", port)}, args...)...)
	s.cmd.Env = append(os.Environ(), "XDG_STATE_HOME="+state)
	s.cmd.Stderr = s
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s.done = make(chan struct{})
	done := s.done
	go func() { s.cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		s.stop()
		if t.Failed() {
			t.Logf("gavel serve log:\n%s", s.log())
		}
	})
	deadline := time.Now().Add(15 * time.Second)
	for !strings.Contains(s.log(), "gavel serve: sharing") {
		select {
		case <-done:
			t.Fatalf("gavel serve exited: %s", s.log())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("gavel serve did not start: %s", s.log())
		}
		time.Sleep(50 * time.Millisecond)
	}
	return s
}

// sshCommand is the OpenSSH client command line for one key.
func sshCommand(key, knownHosts, strict string, port int, extra ...string) []string {
	return append([]string{"ssh", "-i", key, "-p", fmt.Sprint(port), "-o", "IdentitiesOnly=yes",
		"-o", "StrictHostKeyChecking=" + strict, "-o", "UserKnownHostsFile=" + knownHosts,
		"-o", "HashKnownHosts=no", "-o", "BatchMode=yes", "-o", "LogLevel=ERROR"}, extra...)
}

// sshInTmux opens an interactive ssh session in a tmux window of w×h.
func sshInTmux(t *testing.T, w, h int, argv []string) *tmuxTerm {
	t.Helper()
	return tmuxRun(t, w, h, "ssh", append([]string{"env", "TERM=xterm-256color"}, argv...))
}

// TestServeOverSSH shares a fixture archive with `gavel serve` and reads it
// with the real OpenSSH client in tmux, as a colleague would: two sessions
// at once, each at its own size; search, open a meeting, its minutes,
// disconnect. A key not in --authorized-keys is refused; the archive is
// not changed by a reader; the host key survives a restart; an idle
// session is closed and a session past --max-sessions is turned away.
func TestServeOverSSH(t *testing.T) {
	for _, tool := range []string{"tmux", "ssh", "ssh-keygen"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is not installed: run the README test command (scripts/test.sh installs it)", tool)
		}
	}
	bin := buildGavel(t)
	logs := reviewFixture(t)
	tmp := t.TempDir()
	arch := filepath.Join(tmp, "archive")
	if out, err := exec.Command(bin, "import", "--archive", arch, logs).CombinedOutput(); !strings.Contains(string(out), "3 meetings imported") {
		t.Fatalf("import: %v\n%s", err, out)
	}
	keys := map[string]string{}
	for _, who := range []string{"alice", "mallory"} {
		keys[who] = filepath.Join(tmp, who)
		if out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", who, "-f", keys[who]).CombinedOutput(); err != nil {
			t.Fatalf("ssh-keygen: %v %s", err, out)
		}
	}
	pub, err := os.ReadFile(keys["alice"] + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	authorized := filepath.Join(tmp, "authorized_keys")
	os.WriteFile(authorized, append([]byte("# the team\n"), pub...), 0o600)
	state := filepath.Join(tmp, "state")
	known := filepath.Join(tmp, "known_hosts")
	port := freePort(t)
	srv := startServe(t, bin, state, port, "--archive", arch, "--authorized-keys", authorized)

	// Two readers at once, each with its own window.
	wide := sshInTmux(t, 120, 40, sshCommand(keys["alice"], known, "accept-new", port, "-t", "alice@127.0.0.1"))
	wide.waitScreen(20*time.Second, "Meetings (3)", "Zeppelin budget", "read-only")
	narrow := sshInTmux(t, 70, 20, sshCommand(keys["alice"], known, "yes", port, "-t", "bob@127.0.0.1"))
	s := narrow.waitScreen(20*time.Second, "Meetings (3)")
	if strings.Contains(s, arch) || strings.Contains(wide.screen(), arch) {
		t.Errorf("a reader sees the server's archive path:\n%s", s)
	}
	for _, l := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		if len([]rune(l)) > 70 {
			t.Fatalf("the 70-column session got a wider view:\n%s", s)
		}
	}
	// The narrow reader widens the window: the view follows.
	narrow.run("resize-window", "-t", narrow.name, "-x", "110", "-y", "30")
	narrow.waitScreen(30*time.Second, "Follow-ups")

	// Search, open the hit (in the log), then the minutes.
	wide.typeText("/")
	wide.waitScreen(5*time.Second, "search:")
	wide.typeText("zeppelin hangar")
	wide.keys("Enter")
	wide.waitScreen(30*time.Second, "(1 hits)", "the zeppelin hangar needs a new roof")
	wide.keys("Enter")
	s = wide.waitScreen(30*time.Second, "<bob> the zeppelin hangar needs a new roof", "line 5 of 8")
	if strings.ContainsRune(s, 0x1b) {
		t.Fatalf("raw escape reached the reader's terminal:\n%q", s)
	}
	wide.keys("Tab")
	wide.waitScreen(30*time.Second, "Meeting summary", "bob write the release notes")

	// Read-only: marking an action item done is not offered and changes nothing.
	wide.keys("Escape")
	time.Sleep(300 * time.Millisecond)
	wide.keys("Escape")
	wide.waitScreen(5*time.Second, "Meetings (3)")
	wide.typeText("a")
	s = wide.waitScreen(30*time.Second, "Action items")
	if strings.Contains(s, "mark done") {
		t.Errorf("a read-only reader is offered 'mark done':\n%s", s)
	}
	wide.typeText("d")
	time.Sleep(300 * time.Millisecond)
	if _, err := os.Stat(filepath.Join(arch, ".gavel-actions.json")); err == nil {
		t.Fatal("a reader changed the archive (.gavel-actions.json written)")
	}

	// Disconnect: q ends the program and the SSH session.
	wide.typeText("q")
	wide.waitScreen(30*time.Second, "ssh-exited-0")
	narrow.typeText("q")
	narrow.waitScreen(30*time.Second, "ssh-exited-0")

	// A key that is not authorized is refused before any UI.
	out, err := exec.Command(sshCommand(keys["mallory"], known, "yes", port, "-tt", "mallory@127.0.0.1")[0],
		sshCommand(keys["mallory"], known, "yes", port, "-tt", "mallory@127.0.0.1")[1:]...).CombinedOutput()
	if err == nil || !strings.Contains(string(out), "Permission denied") {
		t.Fatalf("unauthorized key: err=%v\n%s", err, out)
	}
	srv.waitLog(t, "ssh key refused", "ssh session closed")

	// Restart with the same state dir: the same host key (StrictHostKeyChecking=yes
	// against the known_hosts written at the first connection), one session at
	// most, and a short idle timeout.
	srv.stop()
	port2 := port
	startServe(t, bin, state, port2, "--archive", arch, "--authorized-keys", authorized, "--max-sessions", "1", "--idle-timeout", "3s")
	first := sshInTmux(t, 100, 30, sshCommand(keys["alice"], known, "yes", port2, "-t", "alice@127.0.0.1"))
	first.waitScreen(20*time.Second, "Meetings (3)")
	argv := sshCommand(keys["alice"], known, "yes", port2, "-tt", "alice@127.0.0.1")
	out, _ = exec.Command(argv[0], argv[1:]...).CombinedOutput()
	if !strings.Contains(string(out), "too many sessions") {
		t.Fatalf("a session past --max-sessions 1 was not turned away:\n%s", out)
	}
	t0 := time.Now()
	first.waitScreen(15*time.Second, "ssh-exited-")
	t.Logf("idle session closed %v after the last traffic", time.Since(t0).Round(100*time.Millisecond))
}
