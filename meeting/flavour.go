package meeting

import (
	"fmt"
	"regexp"
	"strings"
)

// Flavour is the MeetBot descendant gavel behaves as: how a meeting gets
// its name, what the recorder replies, and how the .txt and .html minutes
// are laid out. The facts are in ../shared/notes/meetbot.md.
type Flavour string

// The flavours gavel knows. The zero Flavour is what gavel did before
// flavours existed: it names meetings as Darst does (Is(FlavourDarst)) and
// its minutes are written in zodbot's layout; the command line always
// sets one, FlavourZodbot by default.
const (
	// FlavourZodbot is Fedora's zodbot (supybot-meetbot, MeetBot 0.1.4 of
	// September 2009 plus Fedora's patches).
	FlavourZodbot Flavour = "zodbot"
	// FlavourDarst is Richard Darst's MeetBot 0.1.4 (December 2010 head).
	FlavourDarst Flavour = "darst"
	// FlavourOpenStack is OpenStack's meetbot (Darst 2010 plus votes).
	FlavourOpenStack Flavour = "openstack"
)

// DefaultFlavour is the flavour of the command line when none is given.
const DefaultFlavour = FlavourZodbot

// Flavours lists the flavours, for help texts.
var Flavours = []Flavour{FlavourZodbot, FlavourDarst, FlavourOpenStack}

// ParseFlavour reads a flavour name, case-insensitively; the empty string
// is DefaultFlavour.
func ParseFlavour(s string) (Flavour, error) {
	n := Flavour(strings.ToLower(strings.TrimSpace(s)))
	if n == "" {
		return DefaultFlavour, nil
	}
	for _, f := range Flavours {
		if f == n {
			return f, nil
		}
	}
	return "", fmt.Errorf("unknown flavour %q (want zodbot, darst or openstack)", s)
}

// Is reports whether f behaves as g; the zero Flavour is Darst's.
func (f Flavour) Is(g Flavour) bool {
	if f == "" {
		f = FlavourDarst
	}
	return f == g
}

// NamesFromStart reports whether the #startmeeting argument names the
// meeting: zodbot and OpenStack call their #meetingname handler with it;
// Darst only takes it as the meeting topic.
func (f Flavour) NamesFromStart() bool { return !f.Is(FlavourDarst) }

// notNameRE is what OpenStack's #meetingname turns into '_'.
var notNameRE = regexp.MustCompile(`[^a-z0-9]`)

// NormalizeName is the flavour's #meetingname normalisation: lower case,
// runs of white space become one '_' (Darst, zodbot: "Big Team / Weekly!"
// is "big_team_/_weekly!"); OpenStack then turns every character outside
// [a-z0-9] into '_' ("big_team___weekly_"), one '_' per character. The
// file name drops '/' later (see minutes.Layout).
func (f Flavour) NormalizeName(s string) string {
	n := strings.Join(strings.Fields(strings.ToLower(s)), "_")
	if f.Is(FlavourOpenStack) {
		n = notNameRE.ReplaceAllLiteralString(n, "_")
	}
	return n
}

// startReplies are the flavour's replies to #startmeeting.
func (f Flavour) startReplies(started, chair, infoURL string) []string {
	switch {
	case f.Is(FlavourZodbot):
		return []string{
			fmt.Sprintf("Meeting started %s UTC.  The chair is %s. Information about MeetBot at %s.", started, chair, infoURL),
			"Useful Commands: #action #agreed #halp #info #idea #link #topic.",
		}
	case f.Is(FlavourOpenStack):
		return []string{
			fmt.Sprintf("Meeting started %s UTC and is due to finish in 60 minutes.  The chair is %s. Information about MeetBot at %s.", started, chair, infoURL),
			"Useful Commands: #action #agreed #help #info #idea #link #topic #startvote.",
		}
	}
	return []string{
		fmt.Sprintf("Meeting started %s UTC.  The chair is %s. Information about MeetBot at %s.", started, chair, infoURL),
		"Useful Commands: #action #agreed #help #info #idea #link #topic.",
	}
}

// nameReplyPrefix and nameReplySuffix frame the bot's reply to
// #meetingname (and, in zodbot and OpenStack, to #startmeeting X).
const (
	nameReplyPrefix = "The meeting name has been set to '"
	nameReplySuffix = "'"
)

func nameReply(name string) string { return nameReplyPrefix + name + nameReplySuffix }

// parseNameReply reads a bot's "The meeting name has been set to 'x'".
func parseNameReply(text string) (string, bool) {
	rest, ok := strings.CutPrefix(text, nameReplyPrefix)
	if !ok || !strings.HasSuffix(rest, nameReplySuffix) || len(rest) == len(nameReplySuffix) {
		return "", false
	}
	return strings.TrimSuffix(rest, nameReplySuffix), true
}
