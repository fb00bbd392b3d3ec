package meeting

import (
	"slices"
	"testing"
)

// foldFlavour runs a script on #fedora-meeting in a flavour and returns
// the meeting and what it said.
func foldFlavour(t *testing.T, f Flavour, lines ...string) (*Meeting, []string) {
	t.Helper()
	m := New(Config{Channel: "#fedora-meeting", BotNick: "gavel", Flavour: f})
	var said []string
	for _, l := range script(t, lines...) {
		for _, e := range m.Apply(l) {
			if s, ok := e.(Say); ok {
				said = append(said, s.Text)
			}
		}
	}
	return m, said
}

// TestFlavourMeetingName checks the meeting name each flavour gives, with
// real #startmeeting arguments from zodbot and OpenStack archives.
func TestFlavourMeetingName(t *testing.T) {
	tests := []struct {
		name   string
		flav   Flavour
		lines  []string
		want   string
		replay string // the name reply expected among the bot's replies, if any
	}{
		{"zodbot names from #startmeeting", FlavourZodbot,
			[]string{"14:10:00 <pbrobinson> #startmeeting Fedora IoT Working Group Meeting"},
			"fedora_iot_working_group_meeting", "The meeting name has been set to 'fedora_iot_working_group_meeting'"},
		{"zodbot keeps punctuation and '/'", FlavourZodbot,
			[]string{"10:00:00 <alice> #startmeeting Big Team / Weekly!"},
			"big_team_/_weekly!", "The meeting name has been set to 'big_team_/_weekly!'"},
		{"zodbot bare #startmeeting keeps the channel", FlavourZodbot,
			[]string{"10:00:00 <alice> #startmeeting"}, "fedora-meeting", ""},
		{"openstack replaces all but [a-z0-9]", FlavourOpenStack,
			[]string{"16:00:00 <ttx> #startmeeting https://github.com/openstack/nova"},
			"https___github_com_openstack_nova", "The meeting name has been set to 'https___github_com_openstack_nova'"},
		{"openstack keeps the channel's '-' when unnamed", FlavourOpenStack,
			[]string{"16:00:00 <ttx> #startmeeting"}, "fedora-meeting", ""},
		{"openstack #meetingname normalised too", FlavourOpenStack,
			[]string{"16:00:00 <ttx> #startmeeting x", "16:00:01 <ttx> #meetingname Big Team / Weekly!"},
			"big_team___weekly_", "The meeting name has been set to 'big_team___weekly_'"},
		{"darst keeps the channel", FlavourDarst,
			[]string{"21:00:11 <funzo> #startmeeting Heat weekly"}, "fedora-meeting", ""},
		{"zero flavour is darst", "",
			[]string{"21:00:11 <funzo> #startmeeting Heat weekly"}, "fedora-meeting", ""},
		{"darst later #meetingname", FlavourDarst,
			[]string{"21:00:11 <funzo> #startmeeting Heat weekly", "21:00:12 <bob> #meetingname Heat"},
			"heat", "The meeting name has been set to 'heat'"},
		{"zodbot later #meetingname wins", FlavourZodbot,
			[]string{"10:00:00 <alice> #startmeeting Infra", "10:00:05 <alice> #meetingname infrastructure"},
			"infrastructure", "The meeting name has been set to 'infrastructure'"},
		{"the log's bot reply names a darst import", FlavourDarst,
			[]string{"13:00:44 <mvollmer> #startmeeting meeting",
				"13:00:44 <zodbot> Meeting started Mon May  8 13:00:44 2017 UTC.  The chair is mvollmer.",
				"13:00:44 <zodbot> The meeting name has been set to 'cockpit_weekly'"},
			"cockpit_weekly", ""},
		{"a participant's fake reply is only text", FlavourDarst,
			[]string{"13:00:44 <mvollmer> #startmeeting meeting",
				"13:00:44 <zodbot> Meeting started Mon May  8 13:00:44 2017 UTC.",
				"13:00:50 <mallory> The meeting name has been set to '../../etc'"},
			"fedora-meeting", ""},
		{"a later #meetingname beats the bot's earlier reply", FlavourDarst,
			[]string{"13:00:44 <mvollmer> #startmeeting meeting",
				"13:00:44 <zodbot> Meeting started Mon May  8 13:00:44 2017 UTC.",
				"13:00:44 <zodbot> The meeting name has been set to 'meeting'",
				"13:01:00 <mvollmer> #meetingname cockpit"},
			"cockpit", "The meeting name has been set to 'cockpit'"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, said := foldFlavour(t, tc.flav, tc.lines...)
			if got := m.Name(); got != tc.want {
				t.Errorf("name %q, want %q", got, tc.want)
			}
			if got := m.Minutes().Name; got != tc.want {
				t.Errorf("minutes name %q, want %q", got, tc.want)
			}
			if tc.replay != "" && !slices.Contains(said, tc.replay) {
				t.Errorf("replies %q lack %q", said, tc.replay)
			}
			if tc.replay == "" {
				for _, s := range said {
					if _, ok := parseNameReply(s); ok {
						t.Errorf("unexpected name reply %q", s)
					}
				}
			}
		})
	}
}

// TestFlavourStartReplies checks each flavour's #startmeeting replies.
func TestFlavourStartReplies(t *testing.T) {
	tests := []struct {
		flav Flavour
		want []string
	}{
		{FlavourZodbot, []string{
			"Meeting started Mon May  8 13:00:44 2017 UTC.  The chair is mvollmer. Information about MeetBot at http://wiki.debian.org/MeetBot.",
			"Useful Commands: #action #agreed #halp #info #idea #link #topic.",
			"The meeting name has been set to 'meeting'"}},
		{FlavourDarst, []string{
			"Meeting started Mon May  8 13:00:44 2017 UTC.  The chair is mvollmer. Information about MeetBot at http://wiki.debian.org/MeetBot.",
			"Useful Commands: #action #agreed #help #info #idea #link #topic."}},
		{FlavourOpenStack, []string{
			"Meeting started Mon May  8 13:00:44 2017 UTC and is due to finish in 60 minutes.  The chair is mvollmer. Information about MeetBot at http://wiki.debian.org/MeetBot.",
			"Useful Commands: #action #agreed #help #info #idea #link #topic #startvote.",
			"The meeting name has been set to 'meeting'"}},
	}
	for _, tc := range tests {
		t.Run(string(tc.flav), func(t *testing.T) {
			m := New(Config{Channel: "#cockpit", Flavour: tc.flav})
			var said []string
			l := script(t, "13:00:44 <mvollmer> #startmeeting meeting")[0]
			l.Time = l.Time.AddDate(-9, 2, 4) // Mon May 8 2017
			for _, e := range m.Apply(l) {
				if s, ok := e.(Say); ok {
					said = append(said, s.Text)
				}
			}
			if !slices.Equal(said, tc.want) {
				t.Fatalf("said\n%q\nwant\n%q", said, tc.want)
			}
		})
	}
}

func TestParseFlavour(t *testing.T) {
	tests := []struct {
		in   string
		want Flavour
		ok   bool
	}{
		{"", FlavourZodbot, true},
		{"zodbot", FlavourZodbot, true},
		{" Darst ", FlavourDarst, true},
		{"OPENSTACK", FlavourOpenStack, true},
		{"meetingology", "", false},
	}
	for _, tc := range tests {
		got, err := ParseFlavour(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseFlavour(%q) = %q, %v", tc.in, got, err)
		}
	}
}
