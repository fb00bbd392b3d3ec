package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/ircconn/ircnet"
)

// panePID is the gavel process in tt's pane: the pane runs sh, whose child
// is the test binary run as gavel.
func (tt *tmuxTerm) panePID() int {
	tt.t.Helper()
	sh := strings.TrimSpace(tt.run("display-message", "-p", "-t", tt.name, "#{pane_pid}"))
	data, err := os.ReadFile(filepath.Join("/proc", sh, "task", sh, "children"))
	if err != nil {
		tt.t.Fatal(err)
	}
	f := strings.Fields(string(data))
	if len(f) == 0 {
		tt.t.Fatalf("no gavel process under pane shell %s", sh)
	}
	pid, _ := strconv.Atoi(f[0])
	return pid
}

// TestChairGapInTmux: the chair's gavel is killed -9 mid-meeting while bob
// talks; started again on its journal, the chair view shows the gap, the
// lines the server replayed (marked ↺) and that nothing is missing.
func TestChairGapInTmux(t *testing.T) {
	n := ircnet.StartWith(t, ircnet.Options{ChanHistory: true})
	bob := people(t, n, "#meeting", "bob")[0]
	dir := t.TempDir()
	chair := func() *tmuxTerm {
		return startTmux(t, 120, 40, []string{"HOME=" + dir, "XDG_CONFIG_HOME=" + dir + "/config"},
			"chair", "--server", n.Addr(), "--nick", "chair", "--channel", "#meeting",
			"--archive", filepath.Join(dir, "archive"), "--journal-dir", filepath.Join(dir, "journal"),
			"--log", filepath.Join(dir, "chair.log"), "--reconnect-min", "200ms")
	}
	tt := chair()
	tt.waitScreen(20*time.Second, "connected")
	bob.Expect(t, 20*time.Second, joined("chair"))
	tt.keys("C-x", "s")
	tt.typeText("Gap view")
	tt.keys("Enter")
	tt.waitScreen(10*time.Second, "REC")
	bob.Privmsg("#meeting", "before the crash")
	tt.waitScreen(10*time.Second, "before the crash")

	if err := syscall.Kill(tt.panePID(), syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	// the server saw the connection drop
	bob.Expect(t, 20*time.Second, func(m ircnet.Msg) bool { return m.Command == "QUIT" && m.Nick == "chair" })
	bob.Privmsg("#meeting", "said while the chair was down")
	time.Sleep(1500 * time.Millisecond) // whole-second history times: not the same second as the crash

	tt = chair()
	s := tt.waitScreen(30*time.Second, "not connected from", "↺ <bob> said while the chair was down", "nothing is missing")
	if strings.Count(s, "before the crash") != 1 {
		t.Fatalf("a line before the crash shows twice (replayed and from the journal):\n%s", s)
	}
}
