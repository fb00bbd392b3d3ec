package meeting

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseVoteLine(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"+1", "+1"}, {"-1", "-1"}, {"0", "0"}, {"+0", "0"}, {"-0", "0"},
		{"+1 sure", "+1"}, {"+1, works for me", "+1"}, {"+1!", "+1"}, {"-1.", "-1"}, {"0 :)", "0"},
		{"-1/+1", ""}, {"+10", ""}, {"+1-ish", ""}, {"0.5", ""}, {"00", ""}, {"1", ""},
		{" +1", ""}, {"I +1 this", ""}, {"+", ""}, {"", ""}, {"+1\tok", "+1"},
	}
	for _, tc := range tests {
		got, ok := parseVoteLine(tc.in)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("parseVoteLine(%q) = %q, %v; want %q", tc.in, got, ok, tc.want)
		}
	}
}

func TestMentionsProposal(t *testing.T) {
	for in, want := range map[string]bool{
		"I propose we ship": true, "Proposal: ship": true, "proposed: x": true, "PROPOSING a change": true,
		"proposes": false, "unproposed": false, "purpose": false, "the proposals": false, "": false,
		"pP pPp Propose": true, "pepper PROPOSAL": true, "Purpose, then propose.": true, "p": false,
		"P P P p p prop": false, "Pproposal": false, "PROPOSE": true, "xpropose propose": true,
	} {
		if got := mentionsProposal(in); got != want {
			t.Errorf("mentionsProposal(%q) = %v", in, got)
		}
	}
}

func TestInformalTally(t *testing.T) {
	tests := []struct {
		name  string
		lines []string
		// tallies on decisions, in order, as "+1/0/-1", or "none"
		want []string
	}{
		{"votes after a proposal attach to agreed", []string{
			"10:01:00 <bob> I propose we ship on Friday",
			"10:01:05 <carol> +1", "10:01:06 <dave> +1 sure", "10:01:07 <erin> -1/+1 unsure", "10:01:08 <frank> 0",
			"10:01:09 * gina +1", "10:01:10 <alice> #agreed ship Friday"}, []string{"2/1/0"}},
		{"latest vote per nick counts", []string{
			"10:01:00 <bob> proposal: x", "10:01:01 <carol> +1", "10:01:02 <carol> -1", "10:01:03 <CAROL> 0",
			"10:01:04 <alice> #agreed x"}, []string{"0/1/0"}},
		{"late votes within 60s still count", []string{
			"10:01:00 <bob> proposed: x", "10:01:01 <carol> +1", "10:01:02 <alice> #agreed x",
			"10:01:30 <dave> +1", "10:02:02 <erin> +1", "10:02:03 <frank> +1"}, []string{"3/0/0"}}, // frank is 61 s late
		{"a second decision within 60s gets none of the first one's votes", []string{
			"10:01:00 <bob> propose x", "10:01:01 <carol> +1", "10:01:02 <alice> #agreed x", "10:01:20 <alice> #accepted x too"},
			[]string{"1/0/0", "none"}},
		{"a late vote after two decisions counts for the second only", []string{
			"10:01:00 <bob> propose x", "10:01:01 <carol> +1", "10:01:02 <alice> #agreed x", "10:01:20 <alice> #accepted x too",
			"10:01:25 <dave> -1"}, []string{"1/0/0", "0/0/1"}},
		{"the demo: a rejected proposal's votes stay with the rejection", []string{
			"10:01:00 <frank> proposal: blog only", "10:01:01 <dave> +1", "10:01:02 <bob> -1", "10:01:03 <grace> -1",
			"10:01:04 <erin> 0", "10:01:20 <alice> #rejected blog only", "10:01:38 <alice> #agreed blog and social media"},
			[]string{"1/1/2", "none"}},
		{"after the grace a decision gets a fresh tally", []string{
			"10:01:00 <bob> propose x", "10:01:01 <carol> +1", "10:01:02 <alice> #agreed x", "10:05:00 <alice> #rejected y"},
			[]string{"1/0/0", "none"}},
		{"a vote after the grace goes to the new question", []string{
			"10:01:00 <bob> propose x", "10:01:01 <carol> +1", "10:01:02 <alice> #agreed x",
			"10:05:00 <dave> +1", "10:05:01 <erin> -1", "10:05:02 <alice> #agreed y"}, []string{"1/0/0", "1/0/1"}},
		{"a vote on the new question ends the late window, even if a clock steps back", []string{
			"10:01:00 <bob> propose x", "10:01:01 <carol> +1", "10:01:02 <alice> #agreed x",
			"10:05:00 <dave> +1", "10:01:30 <erin> +1", "10:05:02 <alice> #agreed y"}, []string{"1/0/0", "2/0/0"}},
		{"a proposal ends the late window", []string{
			"10:01:00 <bob> propose x", "10:01:01 <carol> +1", "10:01:02 <alice> #agreed x",
			"10:01:10 <bob> I propose y", "10:01:11 <carol> -1", "10:01:12 <alice> #rejected y"}, []string{"1/0/0", "0/0/1"}},
		{"a topic ends the late window", []string{
			"10:01:00 <bob> propose x", "10:01:01 <carol> +1", "10:01:02 <alice> #agreed x",
			"10:01:10 <alice> #topic next", "10:01:11 <dave> +1", "10:01:12 <alice> #agreed z"}, []string{"1/0/0", "1/0/0"}},
		{"a nobody-voted decision stays without tally", []string{
			"10:01:00 <alice> #topic t", "10:01:02 <alice> #agreed nothing to vote on", "10:03:00 <bob> ok"}, []string{"none"}},
		{"topic opens a fresh tally", []string{
			"10:01:00 <carol> +1", "10:01:01 <alice> #topic next", "10:01:02 <dave> +1", "10:01:03 <alice> #agreed z"},
			[]string{"1/0/0"}},
		{"agreed text proposing does not reopen", []string{
			"10:01:00 <carol> +1", "10:01:01 <alice> #agreed the proposal", "10:01:02 <dave> +1"}, []string{"2/0/0"}},
		{"#undo of a decision gives its votes to the corrected one", []string{
			"10:01:00 <bob> propose x", "10:01:01 <carol> +1", "10:01:02 <alice> #agreed wrong text",
			"10:01:03 <alice> #undo", "10:01:04 <dave> +1", "10:01:05 <alice> #agreed x"}, []string{"2/0/0"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, _, _ := fold(t, append([]string{start}, tc.lines...)...)
			var got []string
			for _, it := range m.Items() {
				switch {
				case it.Type == TypeTopic:
				case it.Tally != nil:
					got = append(got, itoa(it.Tally.Plus)+"/"+itoa(it.Tally.Zero)+"/"+itoa(it.Tally.Minus))
				default:
					got = append(got, "none")
				}
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("tallies %v want %v", got, tc.want)
			}
		})
	}
}

func itoa(n int) string { return string(rune('0' + n)) }

func TestLiveTally(t *testing.T) {
	m, _, _ := fold(t, start, "10:01:00 <bob> I propose lunch", "10:01:01 <carol> +1", "10:01:02 <dave> -1")
	tl := m.Tally()
	if tl == nil || !tl.Open || tl.Subject != "I propose lunch" || tl.Plus != 1 || tl.Minus != 1 ||
		!reflect.DeepEqual(tl.VoterOrder, []string{"carol", "dave"}) || tl.Voters["dave"] != "-1" {
		t.Fatalf("tally %+v", tl)
	}
	fold2, _, _ := fold(t, start, "10:01:00 <bob> I propose lunch", "10:01:01 <alice> #agreed lunch", "10:03:00 <bob> later")
	if fold2.Tally() != nil {
		t.Fatalf("tally still live after the grace: %+v", fold2.Tally())
	}
	// in the late window the pane shows the decision being voted on, closed
	m3, _, _ := fold(t, start, "10:01:00 <bob> I propose lunch", "10:01:01 <carol> +1",
		"10:01:02 <alice> #agreed lunch", "10:01:03 <dave> +1")
	if tl := m3.Tally(); tl == nil || tl.Open || tl.Subject != "I propose lunch" || tl.Plus != 2 {
		t.Fatalf("late tally %+v", tl)
	}
	// a rejection's votes do not show on the next decision's question
	m4, _, _ := fold(t, start, "10:01:00 <bob> I propose lunch", "10:01:01 <carol> -1",
		"10:01:02 <alice> #rejected lunch", "10:01:03 <alice> #agreed dinner", "10:01:04 <bob> hm")
	if tl := m4.Tally(); tl != nil {
		t.Fatalf("tally after a decision nobody voted on: %+v", tl)
	}
}

// TestFormalVoteShownAndUndone: after #endvote the result stays visible
// (not zeros) until a new question opens, and #undo removes the vote from
// the minutes' Votes section as well as from the items.
func TestFormalVoteShownAndUndone(t *testing.T) {
	lines := []string{start,
		"10:01:00 <alice> #startvote Which colour? Red, green",
		"10:01:01 <bob> #vote green", "10:01:02 <carol> #vote green", "10:01:03 <dave> #vote red",
		"10:01:04 <alice> #endvote"}
	m, _, _ := fold(t, lines...)
	v := m.Vote()
	if v == nil || !v.Closed || v.Outcome != "green" || v.Results[1].Count != 2 || v.Results[0].Count != 1 {
		t.Fatalf("vote after #endvote %+v", v)
	}
	if len(m.Minutes().Votes) != 1 {
		t.Fatalf("votes %+v", m.Minutes().Votes)
	}
	m, _, _ = fold(t, append(lines, "10:01:05 <alice> #topic next")...)
	if v := m.Vote(); v != nil {
		t.Fatalf("vote still shown after a new topic: %+v", v)
	}
	m, _, _ = fold(t, append(lines, "10:01:05 <alice> #undo")...)
	if v, min := m.Vote(), m.Minutes(); v != nil || len(min.Votes) != 0 || len(m.Items()) != 0 {
		t.Fatalf("after #undo: shown %+v, votes %+v, items %q", v, min.Votes, types(m.Items()))
	}
}

func TestStartVote(t *testing.T) {
	m, said, _ := fold(t, start,
		"10:01:00 <bob> #startvote Which colour? Red, green, blue",
		"10:01:01 <alice> #startvote Which colour? Red, green, blue",
		"10:01:02 <alice> #startvote again? a",
		"10:01:03 <bob> #vote red",
		"10:01:04 <carol> #vote GREEN",
		"10:01:05 <bob> #vote green",
		"10:01:06 <dave> #vote purple",
		"10:01:07 <dave> #showvote",
		"10:01:08 <bob> #endvote",
		"10:01:09 <alice> #endvote")
	want := []string{
		"Only the meeting chair may start a vote.",
		"Begin voting on: Which colour? Valid vote options are Red, green, blue.",
		"Vote using '#vote OPTION'. Only your last vote counts.",
		"Already voting on 'Which colour'",
		"dave: purple is not a valid option. Valid options are Red, green, blue.",
		"green (2): bob, carol",
		"Voted on \"Which colour?\" Results are",
		"green (2): bob, carol",
	}
	if !reflect.DeepEqual(said[2:], want) {
		t.Fatalf("said:\n%q\nwant\n%q", said[2:], want)
	}
	items := m.Items()
	if len(items) != 1 || items[0].Type != TypeVote || items[0].Text != `Voted on "Which colour?" Results are, Red: 0, green: 2, blue: 0` {
		t.Fatalf("items %q", types(items))
	}
	v := m.Minutes().Votes
	if len(v) != 1 || v[0].Outcome != "green" || !v[0].Closed || v[0].Voters["bob"] != "green" {
		t.Fatalf("votes %+v", v)
	}
}

func TestStartVoteParsing(t *testing.T) {
	tests := []struct {
		arg      string
		question string
		options  []string
	}{
		{"Ship it?", "Ship it", []string{"Yes", "No"}},
		{"Is 1+1 2? or not? +1, -1, 0", "Is 1+1 2? or not", []string{"+1", "-1", "0"}},
		{"Pick? a/b/c a", "Pick", []string{"a", "b", "c"}},
	}
	for _, tc := range tests {
		q, o, ok := voteChoices(tc.arg)
		if !ok || q != tc.question || !reflect.DeepEqual(o, tc.options) {
			t.Errorf("voteChoices(%q) = %q %q %v", tc.arg, q, o, ok)
		}
	}
	if _, _, ok := voteChoices("no question mark"); ok {
		t.Error("parsed a vote without '?'")
	}
}

func TestMotion(t *testing.T) {
	m, said, _ := fold(t, start,
		"10:01:00 <alice> #vote Adopt the charter",
		"10:01:01 <bob> +1 great",
		"10:01:02 <carol> -1",
		"10:01:03 <dave> #vote +1",
		"10:01:04 <alice> #vote something else",
		"10:01:05 <alice> #endvote")
	want := []string{
		"Please vote on: Adopt the charter",
		"Public votes can be registered by saying +1, -1 or +0 in channel",
		"+1 received from bob", "-1 received from carol", "+1 received from dave",
		"Voting still open on: Adopt the charter",
		"Voting ended on: Adopt the charter", "Votes for: 2, Votes against: 1, Abstentions: 0", "Motion carried",
	}
	if !reflect.DeepEqual(said[2:], want) {
		t.Fatalf("said:\n%q\nwant\n%q", said[2:], want)
	}
	if got := types(m.Items()); got != "VOTE:Adopt the charter (Carried)" {
		t.Fatalf("items %q", got)
	}
}

func TestMotionVotersAndQuorum(t *testing.T) {
	m, said, _ := fold(t, start,
		"10:00:30 <alice> #voters bob carol",
		"10:00:31 <alice> #votesrequired 2",
		"10:01:00 <alice> #vote Adopt",
		"10:01:01 <bob> +1", "10:01:02 <mallory> +1", "10:01:03 <carol> 0",
		"10:01:05 <alice> #endmeeting")
	if said[2] != "Current voters: bob, carol" || said[3] != "Votes now need 2 to be passed" {
		t.Fatalf("said %q", said[2:4])
	}
	if got := types(m.Items()); got != "VOTE:Adopt (Denied)" {
		t.Fatalf("#endmeeting must close the vote first; items %q", got)
	}
	if v := m.Minutes().Votes[0]; v.Voters["mallory"] != "" || v.Results[0].Count != 1 {
		t.Fatalf("vote %+v", v)
	}
}

func TestUnfinishedMinutes(t *testing.T) {
	m, _, _ := fold(t, start, "10:00:05 <bob> #info x", "10:10:00 <bob> bye")
	min := m.Minutes()
	if min.Finished || min.Ended == nil || min.Ended.Sub(min.Started).Minutes() != 10 {
		t.Fatalf("unfinished minutes: finished=%v ended=%v", min.Finished, min.Ended)
	}
}

// FuzzMentionsProposal holds mentionsProposal to the plain reading of its
// rule: at some index, "propos" in any case, not after a word character,
// then e/al/ed/ing (any case) and no word character.
func FuzzMentionsProposal(f *testing.F) {
	for _, s := range []string{"I propose", "pP Propose", "purpose", "xProposal y", "PROPOSING"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := false
		for i := 0; i+6 <= len(s) && !want; i++ {
			if !strings.EqualFold(s[i:i+6], "propos") || (i > 0 && isASCIIWord(s[i-1])) {
				continue
			}
			for _, suf := range []string{"e", "al", "ed", "ing"} {
				r := s[i+6:]
				if len(r) >= len(suf) && strings.EqualFold(r[:len(suf)], suf) && (len(r) == len(suf) || !isASCIIWord(r[len(suf)])) {
					want = true
				}
			}
		}
		if got := mentionsProposal(s); got != want {
			t.Fatalf("mentionsProposal(%q) = %v, want %v", s, got, want)
		}
	})
}
