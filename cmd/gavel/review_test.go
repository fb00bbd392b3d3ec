package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// reviewFixture writes three meetings of one series (#team infra) and a
// bad file, as MeetBot logs.
func reviewFixture(t *testing.T) (logs string) {
	t.Helper()
	logs = t.TempDir()
	write := func(name string, lines ...string) {
		var b strings.Builder
		for i, l := range lines {
			fmt.Fprintf(&b, "15:%02d:00 %s\n", i, l)
		}
		if err := os.WriteFile(filepath.Join(logs, name), []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("team.2026-01-05-15.00.log.txt", "<alice> #startmeeting", "<alice> #meetingname infra", "<bob> hello",
		"<alice> #topic Zeppelin budget", "<bob> the zeppelin hangar needs a new roof",
		"<alice> #action bob write the release notes", "<mallory> \x1b]0;pwned\x07\x1b[2J evil", "<alice> #endmeeting")
	write("team.2026-01-12-15.00.log.txt", "<alice> #startmeeting", "<alice> #meetingname infra", "<bob> hi",
		"<alice> #topic Follow-ups", "<alice> #action bob write the release notes", "<alice> #endmeeting")
	write("team.2026-01-19-15.00.log.txt", "<alice> #startmeeting", "<alice> #meetingname infra", "<bob> hi",
		"<alice> #done bob write the release notes", "<alice> #endmeeting")
	os.WriteFile(filepath.Join(logs, "junk.bin"), []byte{0, 1, 2, 3, 0xff}, 0o644)
	return logs
}

// fixtureArchive is an archive with reviewFixture's three meetings
// imported.
func fixtureArchive(t *testing.T) (arch string) {
	t.Helper()
	arch = filepath.Join(t.TempDir(), "archive")
	if code, out, errs := gavel(t, "import", "--archive", arch, reviewFixture(t)); !strings.Contains(out, "3 meetings imported") {
		t.Fatalf("import: %d %s %s", code, out, errs)
	}
	return arch
}

func TestImportSearchActionsCommands(t *testing.T) {
	logs := reviewFixture(t)
	arch := filepath.Join(t.TempDir(), "archive")
	code, out, errs := gavel(t, "import", "--archive", arch, logs)
	if code != 1 || !strings.Contains(out, "3 meetings imported") || !strings.Contains(errs, "junk.bin") {
		t.Fatalf("import: %d\n%s\n%s", code, out, errs)
	}
	code, out, _ = gavel(t, "import", "--archive", arch, filepath.Join(logs, "team.2026-01-05-15.00.log.txt"))
	if code != 0 || !strings.Contains(out, "0 new, 0 changed, 1 unchanged") {
		t.Fatalf("re-import: %d %s", code, out)
	}
	code, out, _ = gavel(t, "search", "--archive", arch, "zeppelin")
	if code != 0 || !strings.Contains(out, "#team 2026-01-05 15:00 infra  team/2026-01-05/infra.2026-01-05-15.00  [1 topic, 2 lines]") ||
		!strings.Contains(out, "5 15:04 <bob> the zeppelin hangar") || strings.Contains(out, "\x1b") {
		t.Fatalf("search: %d\n%q", code, out)
	}
	code, out, _ = gavel(t, "search", "--archive", arch, "--json", "pwned")
	var res struct {
		Meetings []struct {
			Hits []map[string]any `json:"hits"`
		} `json:"meetings"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &res) != nil || len(res.Meetings) != 1 || len(res.Meetings[0].Hits) != 1 ||
		res.Meetings[0].Hits[0]["nick"] != "mallory" {
		t.Fatalf("search --json: %d %s", code, out)
	}
	code, out, _ = gavel(t, "search", "--archive", arch, "--sort", "newest", "release notes")
	if code != 0 || strings.Index(out, "2026-01-19") > strings.Index(out, "2026-01-12") || strings.Index(out, "2026-01-12") > strings.Index(out, "2026-01-05") {
		t.Fatalf("search --sort newest: %d\n%s", code, out)
	}
	if code, _, _ = gavel(t, "search", "--archive", arch, "--sort", "oldest", "x"); code != 2 {
		t.Fatalf("--sort oldest: %d", code)
	}
	code, _, errs = gavel(t, "search", "--archive", arch, `"unterminated`)
	if code != 2 || !strings.Contains(errs, "bad search query") {
		t.Fatalf("bad query: %d %s", code, errs)
	}
	code, out, _ = gavel(t, "actions", "--archive", arch, "--json")
	var acts []map[string]any
	if code != 0 || json.Unmarshal([]byte(out), &acts) != nil || len(acts) != 1 || acts[0]["done"] != true || acts[0]["meetings"] != 2.0 {
		t.Fatalf("actions: %d %s", code, out)
	}
	id := fmt.Sprint(acts[0]["id"])
	code, out, _ = gavel(t, "actions", "--archive", arch, "--reopen", id[:6])
	if code != 0 || !strings.HasPrefix(out, "reopened "+id) {
		t.Fatalf("--reopen: %d %s", code, out)
	}
	code, out, _ = gavel(t, "actions", "--archive", arch, "--open")
	if code != 0 || !strings.Contains(out, id+"  open") {
		t.Fatalf("open after --reopen: %d %s", code, out)
	}
	code, out, _ = gavel(t, "actions", "--archive", arch, "--last", "team", "--name", "infra")
	if code != 0 || !strings.HasPrefix(out, "#info No open action items from the last meeting (infra, 2026-01-19)") {
		t.Fatalf("--last: %d %s", code, out)
	}
	code, out, _ = gavel(t, "index", "--archive", arch, "--rebuild")
	if code != 0 || !strings.Contains(out, "3 meetings: 3 new") {
		t.Fatalf("rebuild: %d %s", code, out)
	}
	// A damaged index: set aside, rebuilt from the files, said so.
	if err := os.WriteFile(filepath.Join(arch, ".gavel-index.sqlite"), []byte(strings.Repeat("garbage ", 1000)), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs = gavel(t, "search", "--archive", arch, "zeppelin")
	if code != 0 || !strings.Contains(errs, "index was damaged") || !strings.Contains(out, "the zeppelin hangar") {
		t.Fatalf("search on a damaged index: %d\n%s\n%s", code, out, errs)
	}
}

// buildGavel builds the gavel binary into a temporary directory.
func buildGavel(t testing.TB) string {
	t.Helper()
	// (go test puts its own go command first in the PATH of the tests.)
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatal("no go command to build gavel with")
	}
	bin := filepath.Join(t.TempDir(), "gavel")
	cmd := exec.Command(goBin, "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// TestReviewInTmux runs the real gavel review in tmux on a fixture
// archive, searches, opens a hit (landing in the log), tabs to the
// minutes and asserts what a person would see.
func TestReviewInTmux(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Fatal("tmux is not installed (apt-get install tmux): the review end-to-end test needs it")
	}
	bin := buildGavel(t)
	logs := reviewFixture(t)
	arch := filepath.Join(t.TempDir(), "archive")
	if out, err := exec.Command(bin, "import", "--archive", arch, logs).CombinedOutput(); !strings.Contains(string(out), "3 meetings imported") {
		t.Fatalf("import: %v\n%s", err, out)
	}
	sock := fmt.Sprintf("gavel-review-%d", os.Getpid())
	tm := func(args ...string) string {
		out, err := exec.Command("tmux", append([]string{"-L", sock}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("tmux %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	status := filepath.Join(t.TempDir(), "status")
	tm("-f", "/dev/null", "new-session", "-d", "-s", "r", "-x", "120", "-y", "40",
		fmt.Sprintf("env TERM=xterm-256color %s review --archive %s; echo $? > %s; sleep 30", shellQuote(bin), shellQuote(arch), shellQuote(status)))
	t.Cleanup(func() { exec.Command("tmux", "-L", sock, "kill-server").Run() })
	screen := func() string { return tm("capture-pane", "-t", "r", "-p") }
	waitFor := func(want ...string) string {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for {
			s := screen()
			ok := true
			for _, w := range want {
				ok = ok && strings.Contains(s, w)
			}
			if ok {
				return s
			}
			if time.Now().After(deadline) {
				t.Fatalf("timed out waiting for %q; screen:\n%s", want, s)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	t0 := time.Now()
	waitFor("Meetings (3)", "Zeppelin budget", "Follow-ups")
	t.Logf("first frame with the list after %v", time.Since(t0))

	tm("send-keys", "-t", "r", "-l", "/")
	waitFor("search:")
	tm("send-keys", "-t", "r", "-l", "zeppelin hangar")
	tm("send-keys", "-t", "r", "Enter")
	waitFor("Search: zeppelin hangar (1 hits)", "the zeppelin hangar needs a new roof")
	tm("send-keys", "-t", "r", "Enter")
	s := waitFor(" Log ", "<bob> the zeppelin hangar needs a new roof", "line 5 of 8")
	if strings.ContainsRune(s, 0x1b) {
		t.Fatalf("raw escape reached the terminal:\n%q", s)
	}
	// ESC and BEL are drawn visibly (^[ ^G); what followed them is inert text.
	if !strings.Contains(s, "<mallory> ^[]0;pwned^G^[[2J evil") {
		t.Fatalf("control characters not made visible:\n%s", s)
	}
	tm("send-keys", "-t", "r", "Tab")
	s = waitFor("Meeting summary", "Zeppelin budget", "bob write the release notes", "People present")
	for _, want := range []string{"#team infra 2026-01-05 15:00", "] 2026-01-12"} {
		if !strings.Contains(s, want) {
			t.Errorf("minutes view lacks %q:\n%s", want, s)
		}
	}
	// The next meeting of the series.
	tm("send-keys", "-t", "r", "]")
	waitFor("#team infra 2026-01-12 15:00", "Follow-ups", "[ 2026-01-05")
	// The Actions view: the item is done (closed by #done in the third meeting).
	// (wait after each Escape: ESC then a key at once reads as Alt+key)
	tm("send-keys", "-t", "r", "Escape")
	waitFor("Search: zeppelin hangar (1 hits)")
	tm("send-keys", "-t", "r", "Escape")
	waitFor("Meetings (3)")
	tm("send-keys", "-t", "r", "-l", "a")
	waitFor("Action items (1, all)", "done", "bob write the release notes")
	tm("send-keys", "-t", "r", "-l", "q")
	deadline := time.Now().Add(5 * time.Second)
	for {
		if b, _ := os.ReadFile(status); len(b) > 0 {
			if strings.TrimSpace(string(b)) != "0" {
				t.Fatalf("gavel review exited %s", b)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("gavel review did not quit; screen:\n%s", screen())
		}
		time.Sleep(50 * time.Millisecond)
	}
}
