package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMinutesArchiveRegenerate: a zodbot archive's log regenerates into the
// same layout and file name under --out (zodbot names the meeting from
// #startmeeting), channel taken from the archive's directories.
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
	want := filepath.Join(out, "fedora-meeting", "2026-02-03", "weekly.2026-02-03-10.00.txt")
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
		filepath.Join(dir, "team", "2026-02-03", "first.2026-02-03-10.00.html"),
		filepath.Join(dir, "team", "2026-02-03", "first.2026-02-03-10.00.txt"),
		filepath.Join(dir, "team", "2026-02-03", "second.2026-02-03-11.00.html"),
		filepath.Join(dir, "team", "2026-02-03", "second.2026-02-03-11.00.txt"),
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

// TestMinutesFlavourAndLayout: --flavour names the meeting as that bot
// does and --layout puts the files where the pattern says; bad values are
// refused with the flag named.
func TestMinutesFlavourAndLayout(t *testing.T) {
	log := writeLog(t, "team-2026-02-03.log.txt", "10:00:00 <alice> #startmeeting Big Team / Weekly!\n10:00:05 <alice> #topic Alpha\n10:01:00 <alice> #endmeeting\n")
	tests := []struct {
		name  string
		flags []string
		want  string
	}{
		{"zodbot default", nil, "team/2026-02-03/big_team__weekly!.2026-02-03-10.00.txt"},
		{"darst keeps the channel", []string{"--flavour", "darst"}, "team/2026-02-03/team.2026-02-03-10.00.txt"},
		{"openstack layout", []string{"--flavour", "openstack", "--layout", "%(meetingname)s/%%Y/%(meetingname)s.%%F-%%H.%%M"},
			"big_team___weekly_/2026/big_team___weekly_.2026-02-03-10.00.txt"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			code, out, stderr := gavel(t, append(append([]string{"minutes", "--format", "txt", "--out", dir}, tc.flags...), log)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if want := filepath.Join(dir, filepath.FromSlash(tc.want)); strings.TrimSpace(out) != want {
				t.Fatalf("wrote %q, want %q", out, want)
			}
		})
	}
	// From the environment, and from config.toml (flag, then env, then
	// the file).
	t.Run("environment", func(t *testing.T) {
		t.Setenv("GAVEL_FLAVOUR", "darst")
		dir := t.TempDir()
		if code, out, stderr := gavel(t, "minutes", "--format", "txt", "--out", dir, log); code != 0 || !strings.Contains(out, "/team.2026-02-03-10.00.txt") {
			t.Fatalf("exit %d: %s %s", code, out, stderr)
		}
	})
	t.Run("config file", func(t *testing.T) {
		conf := filepath.Join(t.TempDir(), "config.toml")
		if err := os.WriteFile(conf, []byte("flavour = \"openstack\"\nlayout = \"%(meetingname)s/%(channel)s\"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		t.Setenv("GAVEL_CONFIG", conf)
		dir := t.TempDir()
		if code, out, stderr := gavel(t, "minutes", "--format", "txt", "--out", dir, log); code != 0 || strings.TrimSpace(out) != filepath.Join(dir, "big_team___weekly_", "team.txt") {
			t.Fatalf("exit %d: %q %s", code, out, stderr)
		}
	})
	for _, bad := range [][]string{{"--flavour", "meetingology"}, {"--layout", "../%(channel)s"}, {"--layout", "%(nick)s"}} {
		code, _, stderr := gavel(t, append(append([]string{"minutes", "--format", "txt", "--out", t.TempDir()}, bad...), log)...)
		if code != 2 || !strings.Contains(stderr, bad[0]) {
			t.Errorf("%v: exit %d %q", bad, code, stderr)
		}
	}
}
