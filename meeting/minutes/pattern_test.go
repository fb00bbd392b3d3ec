package minutes

import (
	"path"
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/meeting"
)

// TestLayoutExpand checks real bots' patterns (meetbot.md §2.1) and
// hostile names against them: the result stays relative, never has an
// empty, "." or ".." component, and every substituted value is one
// component.
func TestLayoutExpand(t *testing.T) {
	at := time.Date(2020, 6, 10, 12, 2, 59, 0, time.FixedZone("X", 3600))
	tests := []struct {
		name, pattern, channel, network, mname, want string
	}{
		{"zodbot default", "", "#fedora-meeting", "", "magazine", "fedora-meeting/2020-06-10/magazine.2020-06-10-11.02"},
		{"darst default", "%(channel)s/%%Y/%(channel)s.%%F-%%H.%%M", "#debian-meeting", "", "x", "debian-meeting/2020/debian-meeting.2020-06-10-11.02"},
		{"openstack", "%(meetingname)s/%%Y/%(meetingname)s.%%F-%%H.%%M", "#openstack-meeting", "", "nova", "nova/2020/nova.2020-06-10-11.02"},
		{"darst special channel", "%(channel)s/%(channel)s", "#meetbot-test", "", "x", "meetbot-test/meetbot-test"},
		{"network and seconds", "%(network)s/%(channel)s/%%Y%%m%%d-%%H%%M%%S", "#c", "Libera.Chat", "x", "libera.chat/c/20200610-110259"},
		{"day of year and names", "%%j-%%a-%%A-%%b-%%B-%%y-%%T", "#c", "", "x", "162-Wed-Wednesday-Jun-June-20-11:02:59"},
		{"slash dropped from the name", "", "#c", "", "big_team_/_weekly!", "c/2020-06-10/big_team__weekly!.2020-06-10-11.02"},
		{"traversal in the channel", "", "#../../etc", "", "passwd", "etc/2020-06-10/passwd.2020-06-10-11.02"},
		{"traversal in the name", "", "#c", "", "../../../root", "c/2020-06-10/root.2020-06-10-11.02"},
		{"dots only", "%(meetingname)s/%(channel)s", "#..", "", "....", "meeting/meeting"},
		{"traversal in the network", "%(network)s/x", "#c", "../..", "x", "meeting/x"},
		{"percent in a name is not strftime", "%(meetingname)s", "#c", "", "%Y%%d", "_Y__d"},
		{"control characters", "%(meetingname)s", "#c", "", "a\x1b[2Jb\r\nc", "a_[2Jb__c"},
		{"backslash", "%(channel)s", "#a\\..\\b", "", "x", "a_._b"},
		{"empty network", "%(network)s/%(meetingname)s", "#c", "", "x", "meeting/x"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l, err := ParseLayout(tc.pattern)
			if err != nil {
				t.Fatal(err)
			}
			m := &meeting.Minutes{Channel: tc.channel, Network: tc.network, Name: tc.mname, Started: at, Layout: tc.pattern}
			got := l.Expand(m)
			if got != tc.want {
				t.Errorf("Expand = %q, want %q", got, tc.want)
			}
			if b := Base(m); b != got {
				t.Errorf("Base = %q, Expand = %q", b, got)
			}
			if path.IsAbs(got) || path.Clean(got) != got || strings.HasPrefix(got, "..") {
				t.Errorf("%q is not a clean relative path", got)
			}
		})
	}
}

func TestParseLayoutRejects(t *testing.T) {
	for _, p := range []string{
		"/srv/%(channel)s",
		"../%(channel)s",
		"%(channel)s/../x",
		"%(channel)s//x",
		"%(channel)s/./x",
		"%(channel)s/",
		"%(nick)s",
		"%(channel)",
		"%(channel)d",
		"%Y/%(channel)s",
		"%%Q/%(channel)s",
		"a%",
		"a\\b",
		"a\nb",
		"%%Y/..",
	} {
		if _, err := ParseLayout(p); err == nil {
			t.Errorf("ParseLayout(%q) accepted", p)
		}
	}
}

// TestLayoutLinks checks that the minutes link to the log under the
// layout's file name.
func TestLayoutLinks(t *testing.T) {
	m := fullMeeting()
	m.Layout = "%(channel)s/%%Y/minutes-%%Y%%m%%d"
	var b strings.Builder
	if err := Render(&b, FormatHTML, m); err != nil {
		t.Fatal(err)
	}
	if want := `href="minutes-20260304.log.html"`; !strings.Contains(b.String(), want) {
		t.Errorf("html minutes lack %s", want)
	}
}

// FuzzLayout: whatever pattern parses and whatever channel, network and
// meeting name come in, the expanded base is a clean relative path inside
// the archive, with no empty, "." or ".." component and no backslash or
// control character.
func FuzzLayout(f *testing.F) {
	f.Add(DefaultLayout, "#fedora-meeting", "libera", "magazine")
	f.Add("%(channel)s/%%Y/%(channel)s.%%F-%%H.%%M", "#../..", "", "../../etc/passwd")
	f.Add("%(meetingname)s/%(network)s", "#c", "a/../b", "big_team_/_weekly!")
	f.Add("x%%j-%(meetingname)s", "##", "..", "\x00\x1b[2J..")
	f.Fuzz(func(t *testing.T, pattern, channel, network, name string) {
		l, err := ParseLayout(pattern)
		if err != nil {
			return
		}
		m := &meeting.Minutes{Channel: channel, Network: network, Name: name, Started: time.Date(2026, 3, 4, 15, 0, 0, 0, time.UTC)}
		got := l.Expand(m)
		if got == "" || path.IsAbs(got) || path.Clean(got) != got || strings.ContainsAny(got, "\\\x00\r\n") {
			t.Fatalf("pattern %q: %q is not a clean relative path", pattern, got)
		}
		for _, c := range strings.Split(got, "/") {
			if strings.Trim(c, ".") == "" {
				t.Fatalf("pattern %q: component %q in %q", pattern, c, got)
			}
		}
	})
}
