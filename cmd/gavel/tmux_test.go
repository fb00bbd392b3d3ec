package main

import (
	"encoding/json"

	"fmt"
	"github.com/gavel-irc/gavel/ircconn/ircnet"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// tmuxTerm drives a real gavel binary in a private tmux server, as a person
// would: keys in, screen out.
type tmuxTerm struct {
	t      *testing.T
	socket string
	name   string
}

// startTmux runs this test binary as gavel (GAVEL_TEST_AS_MAIN) with args
// in a detached tmux session of w×h. It fails the test when tmux is
// missing: the README test command installs it.
func startTmux(t *testing.T, w, h int, env []string, args ...string) *tmuxTerm {
	t.Helper()
	argv := append([]string{"env", "GAVEL_TEST_AS_MAIN=1", "TERM=xterm-256color"}, env...)
	return tmuxRun(t, w, h, "gavel", append(append(argv, os.Args[0]), args...))
}

// tmuxRun runs argv in a detached tmux session of w×h on a private tmux
// server, keeping the pane after argv exits ("<what>-exited-STATUS", so a
// crash can still be read) and showing the screen when the test fails.
func tmuxRun(t *testing.T, w, h int, what string, argv []string) *tmuxTerm {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Fatal("tmux is not installed: run the README test command (scripts/test.sh installs it)")
	}
	tt := &tmuxTerm{t: t, socket: fmt.Sprintf("gavel-test-%d-%d", os.Getpid(), time.Now().UnixNano()), name: "g"}
	quoted := make([]string, len(argv))
	for i, a := range argv {
		quoted[i] = shellQuote(a)
	}
	cmd := strings.Join(quoted, " ") + "; echo " + what + "-exited-$?; sleep 30"
	tt.run("-f", "/dev/null", "new-session", "-d", "-s", tt.name, "-x", fmt.Sprint(w), "-y", fmt.Sprint(h), cmd)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("%s screen at failure:\n%s", what, tt.screen())
		}
		exec.Command("tmux", "-L", tt.socket, "kill-server").Run()
	})
	return tt
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

func (tt *tmuxTerm) run(args ...string) string {
	tt.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", tt.socket}, args...)...).CombinedOutput()
	if err != nil {
		tt.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

func (tt *tmuxTerm) screen() string {
	out, _ := exec.Command("tmux", "-L", tt.socket, "capture-pane", "-p", "-t", tt.name).CombinedOutput()
	return string(out)
}

// keys sends tmux key names (C-x, Enter, Escape …).
func (tt *tmuxTerm) keys(k ...string) { tt.run(append([]string{"send-keys", "-t", tt.name}, k...)...) }

// typeText types literally.
func (tt *tmuxTerm) typeText(s string) { tt.run("send-keys", "-t", tt.name, "-l", s) }

// waitScreen waits until every want is on screen.
func (tt *tmuxTerm) waitScreen(timeout time.Duration, want ...string) string {
	tt.t.Helper()
	deadline := time.Now().Add(timeout)
	var s string
	for time.Now().Before(deadline) {
		s = tt.screen()
		ok := true
		for _, w := range want {
			if !strings.Contains(s, w) {
				ok = false
				break
			}
		}
		if ok {
			return s
		}
		time.Sleep(100 * time.Millisecond)
	}
	tt.t.Fatalf("screen never showed %q", want)
	return s
}

// TestDemoInTmux: the README's run command on a fresh machine — no server,
// no config — plays the bundled meeting to its minutes.
func TestDemoInTmux(t *testing.T) {
	home := t.TempDir()
	tt := startTmux(t, 100, 30, []string{"HOME=" + home, "XDG_CONFIG_HOME=" + home + "/c"}, "demo", "--speed", "400")
	tt.waitScreen(15*time.Second, "Chairs", "Votes", "Actions", "This topic", "REC")
	s := tt.waitScreen(30*time.Second, "Minutes", "Meeting summary")
	if !strings.Contains(s, "Gavel release sync") {
		t.Fatalf("minutes view:\n%s", s)
	}
	tt.keys("q")
	tt.waitScreen(10*time.Second, "gavel-exited-0")
}

// TestDemoNarrowInTmux: at 60x20 the side panes do not fit beside the
// channel; F2 swaps them in, so votes and actions stay reachable, and
// every screen line fits the width.
func TestDemoNarrowInTmux(t *testing.T) {
	home := t.TempDir()
	tt := startTmux(t, 60, 20, []string{"HOME=" + home, "XDG_CONFIG_HOME=" + home + "/c"}, "demo", "--speed", "2")
	s := tt.waitScreen(15*time.Second, "REC", "f2 votes/actions")
	if strings.Contains(s, "Votes") {
		t.Fatalf("60 columns: the channel should have the screen:\n%s", s)
	}
	tt.keys("F2")
	s = tt.waitScreen(10*time.Second, "Chairs", "Votes", "Actions")
	for i, l := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		if n := len([]rune(l)); n > 60 {
			t.Fatalf("line %d has %d columns at 60:\n%s", i, n, s)
		}
	}
	tt.keys("F2")
	tt.waitScreen(10*time.Second, "<")
	// The help fits 60 columns and scrolls to its end.
	tt.keys("F1")
	s = tt.waitScreen(10*time.Second, "gavel — keys", "↓ more")
	// page down to the end, reading every page
	for i := 0; i < 20 && strings.Contains(s, "↓ more"); i++ {
		prev := tt.screen()
		tt.keys("PageDown")
		for deadline := time.Now().Add(5 * time.Second); tt.screen() == prev && time.Now().Before(deadline); {
			time.Sleep(50 * time.Millisecond)
		}
		s += tt.screen()
		if !strings.Contains(tt.screen(), "↓ more") {
			break
		}
	}
	flat := strings.Join(strings.Fields(s), " ") // the help wraps anywhere at 60 columns
	for _, want := range []string{"any other key closes this help", "#votesrequired N"} {
		if !strings.Contains(flat, want) {
			t.Fatalf("paging through the help never showed %q:\n%s", want, s)
		}
	}
	for i, l := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		if n := len([]rune(l)); n > 60 {
			t.Fatalf("help line %d has %d columns at 60:\n%s", i, n, s)
		}
	}
	tt.keys("Escape")
	tt.waitScreen(10*time.Second, "›") // wait: ESC then a key at once reads as Alt+key
	tt.keys("C-c")
	tt.keys("y")
	tt.waitScreen(10*time.Second, "gavel-exited-0")
}

// TestChairInTmux chairs a meeting with keys only, in the real binary,
// against the real test IRC network, at 120x40 and 80x24: participants
// (test code) talk and vote, their +1s show in the Votes pane, and the
// minutes files come out at #endmeeting.
func TestChairInTmux(t *testing.T) {
	for _, size := range [][2]int{{120, 40}, {80, 24}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			n := ircnet.Start(t)
			ps := people(t, n, "#meeting", "bob", "carol")
			bob, carol := ps[0], ps[1]
			dir := t.TempDir()
			archive := filepath.Join(dir, "archive")
			tt := startTmux(t, size[0], size[1], []string{"HOME=" + dir, "XDG_CONFIG_HOME=" + dir + "/config"},
				"chair", "--server", n.Addr(), "--nick", "chair", "--channel", "#meeting",
				"--archive", archive, "--journal-dir", filepath.Join(dir, "journal"), "--log", filepath.Join(dir, "chair.log"))
			tt.waitScreen(20*time.Second, "connected")
			bob.Expect(t, 20*time.Second, joined("chair"))

			// command types a meeting command with the keys and waits until
			// the server has delivered it (bob sees it), so participants'
			// lines that follow come after it.
			prefix := map[string]string{"s": "#startmeeting ", "t": "#topic ", "i": "#info ", "a": "#action ",
				"g": "#agreed ", "v": "#startvote ", "e": "#endvote"}
			command := func(letter, text string) {
				t.Helper()
				tt.keys("C-x", letter)
				if text != "" {
					tt.typeText(text)
				}
				tt.keys("Enter")
				want := prefix[letter] + text
				bob.Expect(t, 10*time.Second, func(m ircnet.Msg) bool {
					return m.Command == "PRIVMSG" && m.Nick == "chair" && m.Last() == want
				})
			}
			command("s", "Keys only")
			tt.waitScreen(10*time.Second, "REC")
			command("t", "Budget")
			tt.waitScreen(10*time.Second, "#topic Budget", "TOPIC")
			command("i", "costs are up")
			command("a", "bob sends the report")
			tt.waitScreen(10*time.Second, "bob sends the report", "INFO")

			bob.Privmsg("#meeting", "I propose we cut costs")
			tt.waitScreen(10*time.Second, "I propose we cut")
			bob.Privmsg("#meeting", "+1")
			carol.Privmsg("#meeting", "+1 yes")
			s := tt.waitScreen(10*time.Second, "bob +1, carol +1")
			if !strings.Contains(s, "█ 2") {
				t.Fatalf("no +1 bar of 2 in the Votes pane:\n%s", s)
			}
			command("g", "cut costs")
			tt.waitScreen(10*time.Second, "AGREED")

			command("v", "Pick a day? mon, fri")
			tt.waitScreen(10*time.Second, "Pick a day?")
			bob.Privmsg("#meeting", "#vote fri")
			carol.Privmsg("#meeting", "#vote fri")
			tt.waitScreen(10*time.Second, "carol: fri")
			command("e", "")
			bob.Expect(t, 10*time.Second, func(m ircnet.Msg) bool { return m.Nick == "chair" && strings.Contains(m.Last(), "fri (2)") })
			// the Votes pane keeps the result, not zeros
			tt.waitScreen(10*time.Second, "Pick a day? (ended)", "result: fri")

			// a bracketed paste of two lines asks before sending them
			tt.run("set-buffer", "-b", "p", "#info pasted one\n#info pasted two")
			tt.run("paste-buffer", "-p", "-b", "p", "-t", tt.name)
			tt.waitScreen(10*time.Second, "Send 2 lines? y/n")
			tt.keys("y")
			for _, want := range []string{"#info pasted one", "#info pasted two"} {
				bob.Expect(t, 10*time.Second, func(m ircnet.Msg) bool {
					return m.Command == "PRIVMSG" && m.Nick == "chair" && m.Last() == want
				})
			}

			tt.keys("C-x", "x")
			tt.waitScreen(5*time.Second, "End the meeting now?")
			tt.keys("y")
			s = tt.waitScreen(20*time.Second, "Minutes", "files written in")
			if !strings.Contains(s, ".html") {
				t.Fatalf("files not listed:\n%s", s)
			}
			bob.Expect(t, 10*time.Second, func(m ircnet.Msg) bool { return m.Nick == "chair" && strings.Contains(m.Last(), "Minutes:") })

			var files []string
			filepath.WalkDir(archive, func(p string, d os.DirEntry, err error) error {
				if err == nil && !d.IsDir() && !strings.HasPrefix(d.Name(), ".") { // the index is .gavel-index.*
					files = append(files, filepath.Base(p))
				}
				return nil
			})
			if len(files) != 6 {
				t.Fatalf("minutes files: %v", files)
			}
			var js map[string]any
			for _, f := range files {
				if strings.HasSuffix(f, ".json") {
					data, _ := os.ReadFile(filepath.Join(archive, "meeting", time.Now().UTC().Format("2006-01-02"), f))
					json.Unmarshal(data, &js)
				}
			}
			got := strings.Join(items(js), "|")
			want := `TOPIC:Budget|INFO:costs are up|ACTION:bob sends the report|AGREED:cut costs (+1:2 0:0 -1:0)|VOTE:Voted on "Pick a day?" Results are, mon: 0, fri: 2|INFO:pasted one|INFO:pasted two`
			if got != want {
				t.Fatalf("minutes items:\n%s\nwant\n%s", got, want)
			}
			tt.keys("C-c")
			tt.waitScreen(10*time.Second, "gavel-exited-0")
		})
	}
}
