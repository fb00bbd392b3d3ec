package minutes

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/meeting/importer"
)

const seedDir = "../../../shared/seeds"

// importFold reads a log with meeting/importer and folds it into the
// minutes of the meetings it holds.
func importFold(tb testing.TB, r io.Reader, name, channel string) []*meeting.Minutes {
	tb.Helper()
	var out []*meeting.Minutes
	for _, m := range importMeetings(tb, r, name, channel) {
		out = append(out, m.Minutes())
	}
	return out
}

// importMeetings reads a log with meeting/importer and folds it into the
// meetings it holds.
func importMeetings(tb testing.TB, r io.Reader, name, channel string) []*meeting.Meeting {
	tb.Helper()
	s := meeting.NewSession(meeting.Config{Channel: channel})
	in := importer.New(r, importer.Options{Name: name})
	for in.Next() {
		s.Apply(in.Line())
	}
	if err := in.Err(); err != nil {
		tb.Fatal(err)
	}
	return s.Meetings()
}

func seedMinutes(t *testing.T, file, channel string) (*meeting.Minutes, string) {
	t.Helper()
	p := filepath.Join(seedDir, file)
	f, err := os.Open(p)
	if os.IsNotExist(err) {
		t.Skip("no seeds here")
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ms := importFold(t, f, p, channel)
	if len(ms) != 1 {
		t.Fatalf("%d meetings", len(ms))
	}
	var b bytes.Buffer
	if err := Text(&b, ms[0]); err != nil {
		t.Fatal(err)
	}
	return ms[0], b.String()
}

// section returns the lines of a .txt minutes section, heading excluded,
// up to the next blank line.
func section(txt, heading string) []string {
	i := strings.Index(txt, "\n"+heading+"\n"+strings.Repeat("-", len(heading))+"\n")
	if i < 0 {
		return nil
	}
	rest := txt[i+2*len(heading)+3:]
	if j := strings.Index(rest, "\n\n\n\n"); j >= 0 {
		rest = rest[:j]
	}
	return strings.Split(strings.TrimRight(rest, "\n"), "\n")
}

var topicLine = regexp.MustCompile(`^\* (.*)  \(([^,]+), (\d\d:\d\d:\d\d)\)$`)

func topicsOf(summary []string) []string {
	var out []string
	for _, l := range summary {
		if m := topicLine.FindStringSubmatch(l); m != nil && !strings.Contains(m[1], ": ") {
			out = append(out, m[1])
		}
	}
	return out
}

// TestSeedHeat: the Heat 2012 seed rendered as .txt shows the figures a
// reader would check: topics, nine AGREED lines, owners, people.
func TestSeedHeat(t *testing.T) {
	_, txt := seedMinutes(t, "heat-2012-04-02.log.txt", "#heat")
	summary := section(txt, "Meeting summary")
	want := []string{"Review meeting agenda", "come to agreement on first few milestones and dates",
		"2. Issues for current milestone", "4. Blocked development", "6. Architecture improvement"}
	if got := topicsOf(summary); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("topics %q", got)
	}
	if n := strings.Count(txt, "\n  * AGREED: "); n != 9 {
		t.Errorf("%d AGREED lines", n)
	}
	owners := map[string]int{}
	cur := ""
	for _, l := range section(txt, "Action Items, by person") {
		if strings.HasPrefix(l, "* ") {
			cur = strings.TrimPrefix(l, "* ")
		} else if strings.HasPrefix(l, "  * ") {
			owners[cur]++
		}
	}
	wantOwners := map[string]int{"asalkeld": 1, "blomquisg": 1, "jpeeler": 2, "sdake": 2, "**UNASSIGNED**": 3}
	if len(owners) != len(wantOwners) {
		t.Errorf("owners %v", owners)
	}
	for k, v := range wantOwners {
		if owners[k] != v {
			t.Errorf("owners %v", owners)
			break
		}
	}
	people := section(txt, "People Present (lines said)")
	wantPeople := []string{"* funzo (150)", "* sdake (116)", "* asalkeld (51)", "* Slower (38)", "* shadower (23)",
		"* blomquisg (17)", "* jpeeler (6)", "* mheat-bot (3)", "* pmyers (0)", "* rbergeron (0)"}
	if strings.Join(people, "\n") != strings.Join(wantPeople, "\n") {
		t.Errorf("people:\n%s", strings.Join(people, "\n"))
	}
	if len(section(txt, "Action Items")) != 7 {
		t.Errorf("action items %q", section(txt, "Action Items"))
	}
	if !strings.Contains(txt, "Meeting started by ") || !strings.Contains(txt, " UTC. The full logs are available at") {
		t.Error("no start line")
	}
}

// TestSeedCockpit: the Cockpit 2017 seed (zodbot); the figures come from
// reading the log: three topics, three links (one #link, two
// lines starting with a URL), no actions, seven speakers
// (mvollmer's /me counts as a line; zodbot's own lines count, as MeetBot
// counts them).
func TestSeedCockpit(t *testing.T) {
	m, txt := seedMinutes(t, "cockpit-2017-05-08.log.txt", "#cockpit")
	want := []string{"Agenda", "image pruning on servers / distributed storage", "application manager, next steps"}
	if got := topicsOf(section(txt, "Meeting summary")); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("topics %q", got)
	}
	// #link, plus two lines that start with a URL (MeetBot links those).
	// zodbot writes a LINK as its first word, a space and the rest: a
	// bare URL gets three spaces before its details.
	if !strings.Contains(txt, "\n  * LINK: https://www.youtube.com/watch?v=Pmi6AJanRtk   (andreasn,\n    13:27:10)\n") ||
		strings.Count(txt, "\n  * LINK: ") != 3 {
		t.Error("links")
	}
	if got := section(txt, "Action Items"); strings.Join(got, "\n") != "" {
		t.Errorf("actions %q", got)
	}
	if got := section(txt, "Action Items, by person"); strings.Join(got, "\n") != "* **UNASSIGNED**\n  * (none)" {
		t.Errorf("actions by person %q", got)
	}
	wantPeople := []string{"* stefw (79)", "* mvollmer (54)", "* dperpeet (36)", "* pitti (13)", "* zodbot (8)",
		"* andreasn (5)", "* garrett (1)"}
	if got := section(txt, "People Present (lines said)"); strings.Join(got, "\n") != strings.Join(wantPeople, "\n") {
		t.Errorf("people:\n%s", strings.Join(got, "\n"))
	}
	if !strings.Contains(txt, "Meeting started by mvollmer at 13:00:44 UTC.") || !strings.Contains(txt, "\nMeeting ended at 13:42:33 UTC.\n") {
		t.Errorf("start/end lines:\n%s", txt)
	}
	if m.Log.Len() != 196 {
		t.Errorf("log has %d lines", m.Log.Len())
	}
}
