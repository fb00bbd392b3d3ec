package journal

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestOneWriter: a second Open of a live journal is refused with a message
// that names the holder and the way out; after Close it opens again.
func TestOneWriter(t *testing.T) {
	p := PathFor(t.TempDir(), "net", "#c")
	j, _, err := Open(p, Header{Channel: "#c"})
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = Open(p, Header{Channel: "#c"})
	var le *LockedError
	if !errors.As(err, &le) {
		t.Fatalf("second open: %v", err)
	}
	msg := err.Error()
	for _, want := range []string{"pid " + strconv.Itoa(os.Getpid()), filepath.Base(os.Args[0]), "--journal-dir", p} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q: %s", want, msg)
		}
	}
	if err := j.Append(sample()...); err != nil {
		t.Fatalf("the holder can no longer write: %v", err)
	}
	j.Close()
	j2, lines, err := Open(p, Header{})
	if err != nil || len(lines) != len(sample()) {
		t.Fatalf("after close: %d lines, %v", len(lines), err)
	}
	j2.Close()
}

func TestCmdline(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"gavel", "bot", "--channel", "#c"}, "gavel bot --channel #c"},
		{[]string{"gavel", "a b", ""}, `gavel "a b" ""`},
		{[]string{"gavel", "\x1b[2J"}, `gavel "\x1b[2J"`},
	} {
		if got := cmdline(tc.args); got != tc.want {
			t.Errorf("cmdline(%q) = %q, want %q", tc.args, got, tc.want)
		}
	}
	if got := cmdline([]string{strings.Repeat("x", 1000)}); len(got) > 310 {
		t.Errorf("not bounded: %d", len(got))
	}
}
