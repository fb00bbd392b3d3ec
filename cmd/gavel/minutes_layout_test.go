package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMinutesArchiveRegenerate: a zodbot archive's log regenerates into the
// same layout under --out, channel taken from the archive's directories.
func TestMinutesArchiveRegenerate(t *testing.T) {
	src := filepath.Join(t.TempDir(), "fedora-meeting", "2026-02-03")
	if err := os.MkdirAll(src, 0o755); err != nil {
		t.Fatal(err)
	}
	log := filepath.Join(src, "weekly.2026-02-03-10.00.log.txt")
	if err := os.WriteFile(log, []byte(smallLog), 0o644); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	code, stdout, stderr := gavel(t, "minutes", "--format", "txt", "--out", out, log)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	want := filepath.Join(out, "fedora-meeting", "2026-02-03", "fedora-meeting.2026-02-03-10.00.txt")
	if strings.TrimSpace(stdout) != want {
		t.Fatalf("wrote %q, want %q", stdout, want)
	}
	b, err := os.ReadFile(want)
	if err != nil || !strings.Contains(string(b), "#fedora-meeting: Weekly") {
		t.Fatalf("%v\n%s", err, b)
	}
}

func TestMinutesErrorMessages(t *testing.T) {
	code, _, stderr := gavel(t, "minutes", "/no/such/dir/x.log.txt")
	if code != 1 || !strings.Contains(stderr, "gavel minutes: /no/such/dir/x.log.txt: no such file or directory\n") {
		t.Errorf("missing file: %d %q", code, stderr)
	}
	chat := writeLog(t, "chat.log.txt", "10:00:00 <alice> hello\n")
	code, _, stderr = gavel(t, "minutes", "--date", "2026-01-01", chat)
	if code != 1 || !strings.Contains(stderr, "gavel minutes: no meeting found in "+chat+" (no #startmeeting)\n") {
		t.Errorf("no meeting: %d %q", code, stderr)
	}
}

// TestMinutesSeveralMeetings: a log holding two meetings gives minutes for
// each, on stdout in order and as two sets of files under --out; a
// second run finds identical files and writes nothing new.
func TestMinutesSeveralMeetings(t *testing.T) {
	log := writeLog(t, "team-2026-02-03.log.txt", `09:59:00 <alice> morning
10:00:00 <alice> #startmeeting First
10:00:05 <alice> #topic Alpha
10:01:00 <alice> #endmeeting
10:30:00 <bob> chatter between meetings
11:00:00 <bob> #startmeeting Second
11:00:05 <bob> #topic Beta
11:00:09 <bob> #action carol writes it up
11:01:00 <bob> #endmeeting
`)
	code, out, stderr := gavel(t, "minutes", "--format", "txt", log)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	a, b := strings.Index(out, "#team: First"), strings.Index(out, "#team: Second")
	if a < 0 || b < a || strings.Count(out, "Meeting summary") != 2 || !strings.Contains(out[b:], "* Beta  (bob, 11:00:05)") {
		t.Fatalf("stdout:\n%s", out)
	}
	dir := t.TempDir()
	code, out, stderr = gavel(t, "minutes", "--format", "html,txt", "--out", dir, log)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	want := []string{
		filepath.Join(dir, "team", "2026-02-03", "team.2026-02-03-10.00.html"),
		filepath.Join(dir, "team", "2026-02-03", "team.2026-02-03-10.00.txt"),
		filepath.Join(dir, "team", "2026-02-03", "team.2026-02-03-11.00.html"),
		filepath.Join(dir, "team", "2026-02-03", "team.2026-02-03-11.00.txt"),
	}
	if got := strings.Fields(out); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("paths:\n%s", out)
	}
	// Running again rewrites nothing and picks no new names.
	code, again, _ := gavel(t, "minutes", "--format", "html,txt", "--out", dir, log)
	if code != 0 || again != out {
		t.Fatalf("second run: %d\n%s", code, again)
	}
}
