package meeting

// usage is one line per command of the command table: what to type and
// what it does. The chair's help shows them; a test keeps the two tables
// in step (every command has a line, every line a command).
var usage = map[string]string{
	"startmeeting":  "#startmeeting [NAME] — start a meeting; whoever starts it chairs",
	"endmeeting":    "#endmeeting — end the meeting and write the minutes (chairs)",
	"topic":         "#topic TEXT — the current topic (chairs)",
	"meetingtopic":  "#meetingtopic TEXT|none — a topic for the whole meeting (chairs)",
	"meetingname":   "#meetingname NAME — the meeting's name, used in file names",
	"chair":         "#chair NICK... — add chairs (chairs)",
	"unchair":       "#unchair NICK... — remove chairs (chairs)",
	"info":          "#info TEXT — an item of information",
	"idea":          "#idea TEXT — an idea",
	"action":        "#action NICK does X — an action item, owned by the nicks named",
	"link":          "#link URL [TEXT] — a link",
	"help":          "#help TEXT — a call for help",
	"halp":          "#halp TEXT — #help",
	"agreed":        "#agreed TEXT — a decision (chairs)",
	"agree":         "#agree TEXT — #agreed",
	"accepted":      "#accepted TEXT — a proposal accepted (chairs)",
	"accept":        "#accept TEXT — #accepted",
	"rejected":      "#rejected TEXT — a proposal rejected (chairs)",
	"reject":        "#reject TEXT — #rejected",
	"nick":          "#nick NICK — count NICK among the people, for the action items",
	"undo":          "#undo — remove the last item (chairs)",
	"save":          "#save — write the minutes so far (chairs)",
	"lurk":          "#lurk — stop answering in the channel (chairs)",
	"unlurk":        "#unlurk — answer again (chairs)",
	"restrictlogs":  "#restrictlogs — minutes readable by their owner only (chairs)",
	"commands":      "#commands — list the commands",
	"startvote":     "#startvote QUESTION? A, B — open a vote on options",
	"vote":          "#vote OPTION — vote in the open #startvote",
	"showvote":      "#showvote — the votes so far",
	"endvote":       "#endvote — close the vote and record its result (chairs)",
	"voters":        "#voters NICK...|everyone — who may vote (chairs)",
	"votesrequired": "#votesrequired N — votes needed for a result (chairs)",
}

// CommandUsage is the usage line of a command (name without '#'), "" for
// a name that is no command.
func CommandUsage(name string) string { return usage[name] }
