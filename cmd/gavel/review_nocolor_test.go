package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/internal/sgr"
)

// styledScreen is the screen with its styling as SGR sequences.
func (tt *tmuxTerm) styledScreen() string {
	return tt.run("capture-pane", "-p", "-e", "-t", tt.name)
}

// TestReviewNoColorInTmux runs the real gavel review with and without
// NO_COLOR: with it nothing on screen is coloured (the search list and
// the log jumped to), yet a search hit is underlined (the plain styles;
// the colour profile alone would leave it merely bold); without it the
// screen is coloured.
func TestReviewNoColorInTmux(t *testing.T) {
	logs := reviewFixture(t)
	arch := filepath.Join(t.TempDir(), "archive")
	imp := exec.Command(os.Args[0], "import", "--archive", arch, logs)
	imp.Env = append(os.Environ(), "GAVEL_TEST_AS_MAIN=1")
	if out, err := imp.CombinedOutput(); !strings.Contains(string(out), "3 meetings imported") {
		t.Fatalf("import: %v\n%s", err, out)
	}
	for _, tc := range []struct {
		name  string
		env   []string
		plain bool
	}{
		{"NO_COLOR", []string{"NO_COLOR=1"}, true},
		{"colour", nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			home := t.TempDir()
			env := append([]string{"HOME=" + home, "XDG_CONFIG_HOME=" + home + "/c"}, tc.env...)
			tt := startTmux(t, 120, 40, env, "review", "--archive", arch, "--no-update")
			tt.waitScreen(15*time.Second, "Meetings (3)")
			// Two hits: the selected row is drawn reversed without its
			// marks, the other shows its mark.
			tt.typeText("/")
			tt.waitScreen(5*time.Second, "search:")
			tt.typeText("zeppelin")
			tt.keys("Enter")
			tt.waitScreen(10*time.Second, "(2 hits)")
			hits := tt.styledScreen()
			tt.typeText("/")
			tt.waitScreen(5*time.Second, "search:")
			tt.keys("C-u")
			tt.typeText("zeppelin hangar")
			tt.keys("Enter")
			tt.waitScreen(10*time.Second, "(1 hits)")
			tt.keys("Enter")
			tt.waitScreen(10*time.Second, "line 5 of 8")
			log := tt.styledScreen()

			for what, s := range map[string]string{"search": hits, "log": log} {
				if c := sgr.Scan(s).Colour; (c == "") != tc.plain {
					t.Errorf("%s screen: colour sequence %s, want colour %v:\n%q", what, c, !tc.plain, s)
				}
			}
			if tc.plain {
				if !sgr.Scan(hits).Has(4) {
					t.Errorf("no search hit underlined:\n%q", hits)
				}
			}
			tt.typeText("q")
			tt.waitScreen(5*time.Second, "gavel-exited-0")
		})
	}
}
